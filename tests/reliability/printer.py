"""A label printer for the campaign: records what it really received and can go offline.

The check "no label shown as printed unless the printer reported it" compares the journal with
`received` here, which is the printer's own side of the story.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from packstation.printing.protocol import (
    PrintDocument,
    PrinterCondition,
    PrinterStatus,
    PrintJobResult,
    PrintOutcome,
)


class PrinterMode(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"  # says so when asked, and takes nothing
    DIES_ON_JOB = "dies_on_job"  # says it is ready, then fails the job (went offline mid-pack)


@dataclass(frozen=True)
class Received:
    name: str
    kind: str
    digest: str


@dataclass
class RecordingPrinter:
    target: str = "campaign:label"
    mode: PrinterMode = PrinterMode.ONLINE
    can_tell: bool = True  # whether it answers "did you get this document?" after a restart
    received: list[Received] = field(default_factory=list)
    refused_jobs: int = 0  # jobs it failed while offline (counted as injected printer faults)
    refused_status: int = 0

    async def status(self) -> PrinterStatus:
        if self.mode is PrinterMode.OFFLINE:
            self.refused_status += 1
            return PrinterStatus(
                self.target, PrinterCondition.OFFLINE, "The label printer is offline."
            )
        return PrinterStatus(self.target, PrinterCondition.READY, "Ready.")

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        if self.mode is not PrinterMode.ONLINE:
            self.refused_jobs += 1
            return PrintJobResult(
                self.target,
                PrintOutcome.FAILED,
                "The label printer went offline; the label is kept. Reprint when it is back.",
                condition=PrinterCondition.OFFLINE,
            )
        self.received.append(
            Received(document.name, document.kind.value, hashlib.sha256(document.data).hexdigest())
        )
        return PrintJobResult(
            self.target,
            PrintOutcome.SUBMITTED,
            "Sent to the label printer.",
            job_id=str(len(self.received)),
            condition=PrinterCondition.READY,
        )

    async def has_received(self, document_name: str) -> bool | None:
        if not self.can_tell:
            return None
        return any(r.name == document_name for r in self.received)

    def labels_for(self, pack_id: str) -> list[Received]:
        """Labels of one pack: the workflow names each print "<EC> label <pack id[:8]> print N"."""
        return [r for r in self.received if r.kind == "label" and f" {pack_id[:8]} " in r.name]


class _BlindPrinter:
    """The same printer seen through a target that cannot answer has_received."""

    def __init__(self, inner: RecordingPrinter) -> None:
        self._inner = inner
        self.target = inner.target

    async def status(self) -> PrinterStatus:
        return await self._inner.status()

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        return await self._inner.print_document(document)


@dataclass
class RecordingPrinterFactory:
    printer: RecordingPrinter = field(default_factory=RecordingPrinter)

    def open(self, target: str) -> RecordingPrinter | _BlindPrinter:
        if not self.printer.can_tell:
            return _BlindPrinter(self.printer)
        return self.printer
