"""Render every page of a PDF to images, off the event loop.

Runs in a worker thread (`run_in_executor`): each call builds its own `QPdfDocument`, so no Qt
object is shared between threads; only the finished `QImage`s cross back.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument

POINTS_PER_INCH = 72.0
PREVIEW_DPI = 110.0
MAX_PAGES = 50


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
