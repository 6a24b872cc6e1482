"""Render every page of a PDF to images, off the event loop.

`PdfRenderer.render` hands the rasterising to QtPdf's own render thread (`QPdfPageRenderer`
in multi-threaded mode): that thread runs no Python, so the event loop keeps the GIL while a page
is drawn. A Python worker thread calling `QPdfDocument.render()` (`render_pdf_pages`, blocking)
holds the GIL for the whole render: measured here, the loop then stalls 10-20 ms per label.
"""

from __future__ import annotations

import asyncio

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions, QPdfPageRenderer

POINTS_PER_INCH = 72.0
PREVIEW_DPI = 110.0
MAX_PAGES = 50
RENDER_WAIT_SECONDS = 10.0  # a cancelled render's pages, before the document is reused


class UnreadablePdfError(Exception):
    pass


def render_pdf_pages(data: bytes, dpi: float = PREVIEW_DPI) -> list[QImage]:
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        document.load(buffer)
        if document.status() is not QPdfDocument.Status.Ready or document.pageCount() == 0:
            raise UnreadablePdfError(f"the label is not a readable PDF ({document.error().name})")
        return [
            _on_white(document.render(page, _pixel_size(document, page, dpi)))
            for page in range(min(document.pageCount(), MAX_PAGES))
        ]
    finally:
        document.close()
        buffer.close()


class PdfRenderer(QObject):
    """Renders PDFs for the screen with one `QPdfDocument` and one render thread, kept for the
    owner's lifetime, each new PDF loaded into them. A document (and thread) per label costs
    memory: whenever QtPdf's last document goes, pdfium shuts down, and starting it again leaks
    about 20 KB (measured: +22 MB per 1,000 labels, none with a document kept open)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = QPdfDocument(self)
        self._renderer = QPdfPageRenderer(self)
        self._renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        self._renderer.setDocument(self._document)
        self._renderer.pageRendered.connect(self._rendered)
        self._pending: dict[int, asyncio.Future[QImage]] = {}
        self._lock = asyncio.Lock()
        pending = self._pending

        def gone() -> None:  # the owner was deleted: nothing more will be rendered
            for future in pending.values():
                if not future.done():
                    future.cancel()
            pending.clear()

        self._renderer.destroyed.connect(gone)

    async def render(self, data: bytes, dpi: float = PREVIEW_DPI) -> list[QImage]:
        """As `render_pdf_pages`, awaited on the event loop's thread; the drawing is QtPdf's."""
        async with self._lock:  # one PDF at a time in the one document
            buffer = QBuffer()
            buffer.setData(QByteArray(data))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            document = self._document
            requested: list[asyncio.Future[QImage]] = []
            try:
                document.load(buffer)
                if document.status() is not QPdfDocument.Status.Ready or not document.pageCount():
                    reason = document.error().name
                    raise UnreadablePdfError(f"the label is not a readable PDF ({reason})")
                loop = asyncio.get_running_loop()
                options = QPdfDocumentRenderOptions()
                for page in range(min(document.pageCount(), MAX_PAGES)):
                    key = self._renderer.requestPage(
                        page, _pixel_size(document, page, dpi), options
                    )
                    requested.append(self._pending.setdefault(key, loop.create_future()))
                return [_on_white(await asyncio.shield(future)) for future in requested]
            finally:
                # Cancelled or not, the render thread finishes with this PDF before the document
                # closes (or takes the next one).
                outstanding = [future for future in requested if not future.done()]
                if outstanding:
                    await asyncio.wait(outstanding, timeout=RENDER_WAIT_SECONDS)
                if shiboken6.isValid(document):
                    document.close()
                buffer.close()

    def _rendered(
        self, _page: int, _size: QSize, image: QImage, _options: object, key: int
    ) -> None:
        future = self._pending.pop(key, None)
        if future is not None and not future.done():
            future.set_result(image)


def _pixel_size(document: QPdfDocument, page: int, dpi: float) -> QSize:
    points = document.pagePointSize(page)
    scale = dpi / POINTS_PER_INCH
    return QSize(max(1, round(points.width() * scale)), max(1, round(points.height() * scale)))


def _on_white(image: QImage) -> QImage:
    """QPdfDocument renders onto transparency; a label is black on white paper."""
    page = QImage(image.size(), QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(0, 0, image)
    painter.end()
    return page
