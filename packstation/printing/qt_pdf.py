"""Print PDFs through Qt print support, at true size: the path for Windows, and for any OS queue
named `qt:QUEUE`. Only the UI/composition root imports this module (it needs Qt).

Each page is rendered at the printer's resolution in a worker thread, painted onto white (QtPdf
renders onto transparency), turned into 1-bit by a plain threshold for labels (dithering would
fray barcode edges) and painted at exactly its physical size on a full page of the document's
paper size, with no dialog and no fit-to-page. A printer without that paper size fails loudly
instead of shrinking the label. ZPL never goes through Qt (Qt would send a PDF of it): it goes
to the raw printer for the same queue.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sys
import tempfile
from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrintEngine, QPrinter, QPrinterInfo

from packstation.printing.cups_client import CupsError
from packstation.printing.media import PAGE_INCHES, POINTS_PER_INCH
from packstation.printing.messages import REPRINT, condition_message, printer_role
from packstation.printing.outgoing import refuse_format, refused_result
from packstation.printing.protocol import (
    DeliveryCheck,
    DocumentFormat,
    DocumentKind,
    PageSize,
    PrintDocument,
    Printer,
    PrinterCondition,
    PrinterStatus,
    PrintJobResult,
    PrintOutcome,
)
from packstation.printing.qt_discovery import QT_PRINTER_CONDITIONS

log = logging.getLogger(__name__)

MAX_DOCUMENT_RENDER_DPI = 300  # office pages: sharp enough, and an A4 page stays ~35 MB
MAX_LABEL_RENDER_DPI = 600
MONOCHROME_KINDS = frozenset({DocumentKind.LABEL, DocumentKind.TEST_LABEL})
SIZE_TOLERANCE_POINTS = 1.0
# Qt's CUPS engine takes extra job options through this private property key (qcups_p.h).
CUPS_OPTIONS_PROPERTY = QPrintEngine.PrintEnginePropertyKey(0xFE00)
CUPS_TRUE_SIZE_OPTIONS = ["print-scaling", "none", "fit-to-page", "false"]


class QtPrintError(Exception):
    """Qt could not print; the message is for the packer."""


@runtime_checkable
class TrackedQueue(Protocol):
    """A queue whose jobs can be found by name and followed (CUPS, the Windows spooler)."""

    async def newest_job_id(self) -> int: ...

    async def find_job(self, document_name: str, newer_than: int) -> int | None: ...

    async def follow_job(self, job_id: int, role: str) -> PrintJobResult: ...


class QtPdfPrinter:
    def __init__(self, queue: str, *, target: str | None = None, raw: Printer | None = None):
        self.queue = queue
        self._target = target or f"qt:{queue}"
        self._raw = raw  # the same queue without Qt: raw ZPL, queue state, job following

    @property
    def target(self) -> str:
        return self._target

    async def status(self) -> PrinterStatus:
        if self._raw is None:
            condition, dpi = await asyncio.to_thread(_qt_state, self.queue)
            message = condition_message(condition, self.queue)
            return PrinterStatus(self.target, condition, message, dpi)
        status = await self._raw.status()
        dpi = status.dpi
        if dpi is None and sys.platform == "win32":
            _, dpi = await asyncio.to_thread(_qt_state, self.queue)
        return PrinterStatus(self.target, status.condition, status.message, dpi)

    async def has_received(self, document_name: str) -> bool | None:
        if isinstance(self._raw, DeliveryCheck):
            return await self._raw.has_received(document_name)
        return None

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        if document.format == DocumentFormat.ZPL and self._raw is not None:
            return await self._raw.print_document(document)
        if document.format != DocumentFormat.PDF:
            return refused_result(self.target, refuse_format(document, self.queue, "PDF"))
        role = printer_role(document.kind)
        dpi = None
        if self._raw is not None:
            status = await self._raw.status()
            if not status.healthy:
                message = condition_message(
                    status.condition, self.queue, role=role, next_step=REPRINT
                )
                return PrintJobResult(
                    self.target, PrintOutcome.FAILED, message, condition=status.condition
                )
            # Qt says 1200 dpi for every CUPS queue; CUPS knows the printer's resolution.
            dpi = status.dpi
        queue = self._raw if isinstance(self._raw, TrackedQueue) else None
        newest_job = await _newest_job(queue)
        try:
            pages = await asyncio.to_thread(print_pdf_at_true_size, self.queue, document, dpi)
        except QtPrintError as error:
            log.warning("Qt could not print '%s' on %s: %s", document.name, self.target, error)
            return PrintJobResult(
                self.target,
                PrintOutcome.FAILED,
                f"{error} Then {REPRINT}.",
                condition=PrinterCondition.ERROR,
            )
        log.info("Qt printed %d page(s) of '%s' to %s", pages, document.name, self.target)
        if queue is not None and newest_job is not None:
            job_id = await _find_job(queue, document.name, newest_job)
            if job_id is not None:
                result = await queue.follow_job(job_id, role)
                return dataclasses.replace(result, target=self.target)
        return PrintJobResult(
            self.target,
            PrintOutcome.SUBMITTED,
            f"Sent {pages} page(s) to the {role} '{self.queue}'.",
            condition=PrinterCondition.UNKNOWN,
        )


def open_qt_queue(queue: str, target: str, raw: Printer | None) -> Printer:
    """The factory hook (DefaultPrinterFactory(qt_queue_opener=open_qt_queue))."""
    return QtPdfPrinter(queue, target=target, raw=raw)


def print_pdf_at_true_size(queue: str, document: PrintDocument, dpi: int | None = None) -> int:
    """Blocking: run in a worker thread. `dpi` overrides the resolution Qt reports.
    Returns the number of pages printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    if not printer.isValid():
        raise QtPrintError(f"There is no printer named '{queue}' on this computer.")
    printer.setDocName(document.name)
    printer.setFullPage(True)
    _set_paper(printer, document.page_size, queue)
    printer.printEngine().setProperty(CUPS_OPTIONS_PROPERTY, CUPS_TRUE_SIZE_OPTIONS)
    dpi = dpi or printer.resolution()
    monochrome = document.kind in MONOCHROME_KINDS
    render_dpi = min(dpi, MAX_LABEL_RENDER_DPI if monochrome else MAX_DOCUMENT_RENDER_DPI)
    with tempfile.TemporaryDirectory(prefix="packstation-print-") as directory:
        path = Path(directory) / "document.pdf"
        path.write_bytes(document.data)
        pdf = QPdfDocument()
        try:
            if pdf.load(str(path)) != QPdfDocument.Error.None_ or pdf.pageCount() < 1:
                kind = document.kind.replace("_", " ")
                raise QtPrintError(f"The {kind} is not a readable PDF.")
            pages = pdf.pageCount()
            _paint_pages(printer, pdf, render_dpi, monochrome, queue)
        finally:
            pdf.close()
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise QtPrintError(f"The printer '{queue}' reported an error for the job.")
    return pages


def _paint_pages(
    printer: QPrinter, pdf: QPdfDocument, render_dpi: int, monochrome: bool, queue: str
) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise QtPrintError(f"The printer '{queue}' could not start the job.")
    try:
        for index in range(pdf.pageCount()):
            if index and not printer.newPage():
                raise QtPrintError(f"The printer '{queue}' stopped taking pages.")
            _paint_page(painter, printer, pdf, index, render_dpi, monochrome)
    except BaseException:
        printer.abort()  # never hand half a document to the spooler
        raise
    finally:
        painter.end()


def render_page_image(pdf: QPdfDocument, index: int, dpi: int, monochrome: bool) -> QImage:
    """The page at `dpi` on white; 1-bit by a 50% threshold when `monochrome`."""
    points = pdf.pagePointSize(index)
    size = QSize(
        round(points.width() * dpi / POINTS_PER_INCH),
        round(points.height() * dpi / POINTS_PER_INCH),
    )
    options = QPdfDocumentRenderOptions()
    if monochrome:
        # Colour is thrown away by the 1-bit threshold anyway; pdfium draws grey 2-3x faster.
        options.setRenderFlags(QPdfDocumentRenderOptions.RenderFlag.Grayscale)
    rendered = pdf.render(index, size, options)
    page = QImage(size, QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(QPointF(0, 0), rendered)
    painter.end()
    if not monochrome:
        return page
    return page.convertToFormat(
        QImage.Format.Format_Mono,
        Qt.ImageConversionFlag.MonoOnly | Qt.ImageConversionFlag.ThresholdDither,
    )


def _paint_page(
    painter: QPainter,
    printer: QPrinter,
    pdf: QPdfDocument,
    index: int,
    render_dpi: int,
    monochrome: bool,
) -> None:
    device_dpi = printer.resolution()
    points = pdf.pagePointSize(index)
    width = points.width() * device_dpi / POINTS_PER_INCH
    height = points.height() * device_dpi / POINTS_PER_INCH
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    # Centred at true size, as CUPS does with print-scaling=none: a bigger page is cropped.
    left = (paper.width() - width) / 2
    top = (paper.height() - height) / 2
    if left < 0 or top < 0:
        log.warning("Page %d is larger than the paper; printed at true size, cropped", index + 1)
    image = render_page_image(pdf, index, render_dpi, monochrome)
    painter.drawImage(QRectF(left, top, width, height), image)


def _set_paper(printer: QPrinter, page_size: PageSize, queue: str) -> None:
    width, height = PAGE_INCHES[page_size]
    size = QPageSize(
        QSizeF(width, height),
        QPageSize.Unit.Inch,
        page_size.value,
        QPageSize.SizeMatchPolicy.FuzzyMatch,
    )
    margins = QMarginsF(0, 0, 0, 0)
    layout = QPageLayout(size, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Point)
    accepted = printer.setPageLayout(layout)
    actual = printer.pageLayout().fullRect(QPageLayout.Unit.Point)
    if (
        not accepted
        or abs(actual.width() - width * POINTS_PER_INCH) > SIZE_TOLERANCE_POINTS
        or abs(actual.height() - height * POINTS_PER_INCH) > SIZE_TOLERANCE_POINTS
    ):
        raise QtPrintError(
            f"The printer '{queue}' has no {page_size.value} paper size set up, so the page "
            "would print at the wrong size. Add that paper size in the printer's settings."
        )


def _qt_state(queue: str) -> tuple[PrinterCondition, int | None]:
    """Condition and resolution as Qt sees them: for where neither CUPS nor the spooler tells."""
    info = QPrinterInfo.printerInfo(queue)
    if info.isNull():
        return PrinterCondition.ERROR, None
    condition = QT_PRINTER_CONDITIONS.get(info.state(), PrinterCondition.UNKNOWN)
    # On Windows this is the driver's real resolution (on CUPS Qt always says 1200).
    return condition, QPrinter(info, QPrinter.PrinterMode.HighResolution).resolution()


async def _newest_job(queue: TrackedQueue | None) -> int | None:
    if queue is None:
        return None
    try:
        return await queue.newest_job_id()
    except (CupsError, OSError):
        return None


async def _find_job(queue: TrackedQueue, document_name: str, newer_than: int) -> int | None:
    try:
        return await queue.find_job(document_name, newer_than)
    except (CupsError, OSError):
        return None
