"""Render every page of a PDF to images, off the event loop.

`render_pdf_pages_async` hands the rasterising to QtPdf's own render thread (`QPdfPageRenderer`
in multi-threaded mode): that thread runs no Python, so the event loop keeps the GIL while a page
is drawn. A Python worker thread calling `QPdfDocument.render()` (`render_pdf_pages`, blocking)
holds the GIL for the whole render: measured here, the loop then stalls 10-20 ms per label.
"""

from __future__ import annotations

import asyncio

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions, QPdfPageRenderer

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


async def render_pdf_pages_async(data: bytes, dpi: float = PREVIEW_DPI) -> list[QImage]:
    """As `render_pdf_pages`, awaited on the event loop's thread; the drawing is QtPdf's."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    renderer = QPdfPageRenderer()
    try:
        document.load(buffer)
        if document.status() is not QPdfDocument.Status.Ready or document.pageCount() == 0:
            raise UnreadablePdfError(f"the label is not a readable PDF ({document.error().name})")
        renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        renderer.setDocument(document)
        loop = asyncio.get_running_loop()
        pending: dict[int, asyncio.Future[QImage]] = {}

        def rendered(_page: int, _size: QSize, image: QImage, _options: object, key: int) -> None:
            future = pending.get(key)
            if future is not None and not future.done():
                future.set_result(image)

        renderer.pageRendered.connect(rendered)
        options = QPdfDocumentRenderOptions()
        for page in range(min(document.pageCount(), MAX_PAGES)):
            key = renderer.requestPage(page, _pixel_size(document, page, dpi), options)
            pending[key] = loop.create_future()
        return [_on_white(await future) for future in pending.values()]
    finally:
        # Deleting the renderer stops and joins its thread; only then may the document close.
        shiboken6.delete(renderer)
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
