from __future__ import annotations

import asyncio

from packstation.printing.preflight import preflight_label_printer
from packstation.printing.protocol import (
    PrintDocument,
    PrinterCondition,
    PrinterStatus,
    PrintJobResult,
)


class StatusOnlyPrinter:
    def __init__(self, condition: PrinterCondition, delay: float = 0.0) -> None:
        self.condition = condition
        self.delay = delay
        self.target = "cups:Zebra-1"

    async def status(self) -> PrinterStatus:
        await asyncio.sleep(self.delay)
        return PrinterStatus(self.target, self.condition, f"The printer is {self.condition}.")

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        raise AssertionError("preflight never prints")


async def test_a_ready_printer_passes() -> None:
    result = await preflight_label_printer(StatusOnlyPrinter(PrinterCondition.READY))

    assert result.ok and result.warning is None


async def test_a_paused_printer_warns_and_lets_the_packer_choose() -> None:
    result = await preflight_label_printer(StatusOnlyPrinter(PrinterCondition.PAUSED))

    assert not result.ok
    assert result.warning is not None
    assert result.warning.startswith("The printer is paused.")
    assert "press Reprint once it is ready" in result.warning


async def test_a_printer_that_does_not_answer_in_time_is_unreachable() -> None:
    result = await preflight_label_printer(StatusOnlyPrinter(PrinterCondition.READY, 5), 0.05)

    assert result.status.condition == PrinterCondition.UNREACHABLE
    assert not result.ok
