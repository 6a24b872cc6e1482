"""What the workflow needs from a printer, and nothing more.

No Qt here: the workflow imports this module, the concrete printers live beside it.
Printer problems are results, not exceptions: a label that did not print is a normal,
reportable outcome, and the label stays archived for a reprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable


class DocumentKind(StrEnum):
    LABEL = "label"
    CUSTOMS = "customs"
    INVOICE = "invoice"
    TEST_LABEL = "test_label"


class DocumentFormat(StrEnum):
    PDF = "pdf"
    ZPL = "zpl"
    PNG = "png"


class PageSize(StrEnum):
    LABEL_4X6 = "4x6in"
    A4 = "A4"
    LETTER = "Letter"


@dataclass(frozen=True)
class PrintDocument:
    kind: DocumentKind
    format: DocumentFormat
    data: bytes
    name: str  # e.g. "EC-000-05B-MMQ label"; no personal data
    page_size: PageSize = PageSize.LABEL_4X6


class PrintOutcome(StrEnum):
    SUBMITTED = "submitted"  # accepted by the spooler or the socket; not proof of paper
    PRINTED = "printed"  # the printer itself confirmed the job
    FAILED = "failed"


class PrinterCondition(StrEnum):
    READY = "ready"
    BUSY = "busy"
    OFFLINE = "offline"
    PAUSED = "paused"
    OUT_OF_MEDIA = "out_of_media"
    STOPPED = "stopped"
    UNREACHABLE = "unreachable"
    ERROR = "error"
    UNKNOWN = "unknown"


HEALTHY_CONDITIONS = frozenset({PrinterCondition.READY, PrinterCondition.BUSY})


@dataclass(frozen=True)
class PrinterStatus:
    target: str
    condition: PrinterCondition
    message: str  # plain words for the packer, with what to do next
    dpi: int | None = None

    @property
    def healthy(self) -> bool:
        return self.condition in HEALTHY_CONDITIONS


@dataclass(frozen=True)
class PrintJobResult:
    target: str
    outcome: PrintOutcome
    message: str
    job_id: str | None = None
    condition: PrinterCondition = PrinterCondition.UNKNOWN

    @property
    def delivered(self) -> bool:
        return self.outcome in (PrintOutcome.SUBMITTED, PrintOutcome.PRINTED)


class Printer(Protocol):
    @property
    def target(self) -> str: ...

    async def status(self) -> PrinterStatus: ...

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        """Submit the document and follow the job briefly. Never raises for printer trouble."""
        ...


@runtime_checkable
class DeliveryCheck(Protocol):
    """Printers that can tell whether a named document already reached them (a folder can,
    a CUPS queue can look up its jobs, a raw socket cannot). Used after a crash mid-print."""

    async def has_received(self, document_name: str) -> bool | None: ...


@runtime_checkable
class CheckedSend(Protocol):
    """Printers that look at the printer's state just before they send (raw TCP asks `~HS`).
    `print_document` is `send_checked(document, await check_before_send())`; the workflow
    starts the check while it journals the print, so the two waits overlap."""

    async def check_before_send(self) -> object: ...

    async def send_checked(self, document: PrintDocument, check: object) -> PrintJobResult: ...


class PrinterFactory(Protocol):
    def open(self, target: str) -> Printer:
        """Open a printer by its target string; raises ValueError for a malformed target."""
        ...
