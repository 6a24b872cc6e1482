"""The Windows spooler path, against a fake spooler (the real one exists only on Windows)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from packstation.printing.protocol import (
    DocumentFormat,
    DocumentKind,
    PrintDocument,
    PrinterCondition,
    PrintOutcome,
)
from packstation.printing.win32_spooler import Win32Spooler
from packstation.printing.windows_spooler import (
    SpoolerJob,
    WindowsSpoolerPrinter,
    job_problem,
    printer_condition,
)

LABEL = b"^XA^FO10,10^FDEC-1^FS^XZ"
PAPER_OUT, PAUSED, OFFLINE, PRINTING = 0x10, 0x1, 0x80, 0x400
JOB_PRINTING, JOB_PAPEROUT, JOB_PRINTED = 0x10, 0x40, 0x80


@dataclass
class FakeSpooler:
    printer_status: int = 0
    attributes: int = 0
    job_statuses: list[int] = field(default_factory=list)  # one per poll; the last repeats
    written: list[bytes] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    polls: int = 0

    def printer_state(self, queue: str) -> tuple[int, int]:
        return self.printer_status, self.attributes

    def write_raw(self, queue: str, document_name: str, data: bytes) -> int:
        self.written.append(data)
        return 41

    def jobs(self, queue: str) -> list[SpoolerJob]:
        self.polls += 1
        if not self.job_statuses or 41 in self.cancelled:
            return []
        status = self.job_statuses[min(self.polls, len(self.job_statuses)) - 1]
        return [SpoolerJob(41, "EC-1 label", status)]

    def cancel(self, queue: str, job_id: int) -> bool:
        self.cancelled.append(job_id)
        return True


def label(document_format: DocumentFormat = DocumentFormat.ZPL) -> PrintDocument:
    return PrintDocument(DocumentKind.LABEL, document_format, b"^XA^JUS^XZ" + LABEL, "EC-1 label")


def printer(spooler: FakeSpooler) -> WindowsSpoolerPrinter:
    return WindowsSpoolerPrinter("ZDesigner ZD420", spooler, poll_interval=0.01)


@pytest.mark.parametrize(
    ("status", "attributes", "condition"),
    [
        (0, 0, PrinterCondition.READY),
        (PRINTING, 0, PrinterCondition.BUSY),
        (PAUSED, 0, PrinterCondition.PAUSED),
        (PAPER_OUT | PAUSED, 0, PrinterCondition.OUT_OF_MEDIA),
        (OFFLINE, 0, PrinterCondition.OFFLINE),
        (0, 0x400, PrinterCondition.OFFLINE),  # "Use printer offline"
        (0x400000, 0, PrinterCondition.ERROR),  # door open
    ],
)
def test_printer_status_flags(status: int, attributes: int, condition: PrinterCondition) -> None:
    assert printer_condition(status, attributes) == condition


def test_job_status_flags() -> None:
    assert job_problem(JOB_PRINTING) is None
    assert job_problem(JOB_PAPEROUT | JOB_PRINTING) == PrinterCondition.OUT_OF_MEDIA
    assert job_problem(0x1) == PrinterCondition.PAUSED


async def test_zpl_goes_raw_without_configuration_and_is_followed() -> None:
    spooler = FakeSpooler(job_statuses=[JOB_PRINTING, JOB_PRINTED])

    result = await printer(spooler).print_document(label())

    assert spooler.written == [b"^XA^XZ" + LABEL]
    assert result.outcome == PrintOutcome.SUBMITTED
    assert result.job_id == "41"


async def test_a_paused_queue_gets_nothing() -> None:
    spooler = FakeSpooler(printer_status=PAUSED)

    result = await printer(spooler).print_document(label())

    assert result.outcome == PrintOutcome.FAILED
    assert result.condition == PrinterCondition.PAUSED
    assert "'ZDesigner ZD420' is paused" in result.message
    assert spooler.written == []


async def test_paper_running_out_fails_the_job_and_takes_it_back() -> None:
    spooler = FakeSpooler(job_statuses=[JOB_PRINTING, JOB_PAPEROUT | JOB_PRINTING])

    result = await printer(spooler).print_document(label())

    assert result.outcome == PrintOutcome.FAILED
    assert result.condition == PrinterCondition.OUT_OF_MEDIA
    assert spooler.cancelled == [41]


async def test_pdf_is_left_to_the_qt_path() -> None:
    result = await printer(FakeSpooler()).print_document(label(DocumentFormat.PDF))

    assert result.outcome == PrintOutcome.FAILED
    assert "PDFs print through Qt" in result.message


def test_the_real_spooler_exists_only_on_windows() -> None:
    with pytest.raises(OSError, match="only on Windows"):
        Win32Spooler()
