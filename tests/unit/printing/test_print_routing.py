from __future__ import annotations

from dataclasses import dataclass, field

from packstation.printing.protocol import (
    DocumentFormat,
    DocumentKind,
    PageSize,
    PrintDocument,
    PrinterCondition,
    PrinterStatus,
    PrintJobResult,
    PrintOutcome,
)
from packstation.printing.routing import PrintRouter, StationPrinters


@dataclass
class RecordingPrinter:
    target: str
    printed: list[PrintDocument] = field(default_factory=list)

    async def status(self) -> PrinterStatus:
        return PrinterStatus(self.target, PrinterCondition.READY, "ready")

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        self.printed.append(document)
        return PrintJobResult(self.target, PrintOutcome.SUBMITTED, "sent")


@dataclass
class RecordingFactory:
    opened: dict[str, RecordingPrinter] = field(default_factory=dict)

    def open(self, target: str) -> RecordingPrinter:
        if target.startswith("bad"):
            raise ValueError("not a printer.")
        return self.opened.setdefault(target, RecordingPrinter(target))


def document(kind: DocumentKind) -> PrintDocument:
    return PrintDocument(kind, DocumentFormat.PDF, b"%PDF", f"EC-1 {kind}")


async def test_each_kind_goes_to_its_printer_on_its_paper() -> None:
    factory = RecordingFactory()
    router = PrintRouter(StationPrinters("zebra", "office", PageSize.LETTER), factory)

    for kind in DocumentKind:
        await router.print_document(document(kind))

    labels, documents = factory.opened["zebra"].printed, factory.opened["office"].printed
    assert [d.kind for d in labels] == [DocumentKind.LABEL, DocumentKind.TEST_LABEL]
    assert [d.kind for d in documents] == [DocumentKind.CUSTOMS, DocumentKind.INVOICE]
    assert {d.page_size for d in labels} == {PageSize.LABEL_4X6}
    assert {d.page_size for d in documents} == {PageSize.LETTER}


async def test_each_target_is_opened_once() -> None:
    factory = RecordingFactory()
    router = PrintRouter(StationPrinters("zebra", "zebra"), factory)

    assert router.printer_for(DocumentKind.LABEL) is router.printer_for(DocumentKind.CUSTOMS)


async def test_a_malformed_setting_is_a_failed_print_not_a_crash() -> None:
    router = PrintRouter(StationPrinters("zebra", "bad:target"), RecordingFactory())

    result = await router.print_document(document(DocumentKind.INVOICE))

    assert result.outcome == PrintOutcome.FAILED
    assert "document printer setting 'bad:target'" in result.message
