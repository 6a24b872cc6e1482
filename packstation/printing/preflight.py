"""Before a consignment is allocated: is the label printer there and ready?

The packer decides what happens on a warning (fix the printer, or allocate and reprint later);
this only answers, within a bounded time.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from packstation.printing.protocol import Printer, PrinterCondition, PrinterStatus

PREFLIGHT_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class PreflightResult:
    status: PrinterStatus

    @property
    def ok(self) -> bool:
        return self.status.healthy

    @property
    def warning(self) -> str | None:
        if self.ok:
            return None
        return (
            f"{self.status.message} The label will not print now. Fix the printer first, or "
            "go on and press Reprint once it is ready."
        )


async def preflight_label_printer(
    printer: Printer, time_limit: float = PREFLIGHT_TIMEOUT_SECONDS
) -> PreflightResult:
    try:
        status = await asyncio.wait_for(printer.status(), time_limit)
    except TimeoutError:
        status = PrinterStatus(
            printer.target,
            PrinterCondition.UNREACHABLE,
            f"The label printer '{printer.target}' did not answer within {time_limit:g} seconds.",
        )
    return PreflightResult(status)
