"""Which printer each kind of document goes to, from the station's settings. No dialogs."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from packstation.printing.messages import REPRINT, printer_role
from packstation.printing.protocol import (
    DocumentKind,
    PageSize,
    PrintDocument,
    Printer,
    PrinterCondition,
    PrinterFactory,
    PrintJobResult,
    PrintOutcome,
)

log = logging.getLogger(__name__)

LABEL_KINDS = frozenset({DocumentKind.LABEL, DocumentKind.TEST_LABEL})


@dataclass(frozen=True)
class StationPrinters:
    label_target: str  # the thermal label printer
    document_target: str  # the office printer for customs documents and invoices
    document_paper: PageSize = PageSize.A4

    def target_for(self, kind: DocumentKind) -> str:
        return self.label_target if kind in LABEL_KINDS else self.document_target

    def page_size_for(self, kind: DocumentKind) -> PageSize:
        return PageSize.LABEL_4X6 if kind in LABEL_KINDS else self.document_paper


class PrintRouter:
    """Sends each document to its printer, on the paper that printer holds."""

    def __init__(self, printers: StationPrinters, factory: PrinterFactory) -> None:
        self.printers = printers
        self._factory = factory
        self._opened: dict[str, Printer] = {}

    def printer_for(self, kind: DocumentKind) -> Printer:
        """Raises ValueError when the station's target for this kind is malformed."""
        target = self.printers.target_for(kind)
        if target not in self._opened:
            self._opened[target] = self._factory.open(target)
        return self._opened[target]

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        target = self.printers.target_for(document.kind)
        try:
            printer = self.printer_for(document.kind)
        except ValueError as error:
            role = printer_role(document.kind)
            return PrintJobResult(
                target,
                PrintOutcome.FAILED,
                f"The {role} setting '{target}' is not usable: {error} "
                f"Correct it in the station settings, then {REPRINT}.",
                condition=PrinterCondition.ERROR,
            )
        page_size = self.printers.page_size_for(document.kind)
        if document.page_size != page_size:
            log.info("Printing '%s' on %s paper as set for %s", document.name, page_size, target)
            document = dataclasses.replace(document, page_size=page_size)
        return await printer.print_document(document)
