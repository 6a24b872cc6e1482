"""Rendering a label PDF in QtPdf's render thread, awaited on the qasync loop."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtGui import QColor

from packstation.ui.pdf_pages import PdfRenderer, UnreadablePdfError, render_pdf_pages

from .conftest import qasync_loop
from .pack_fixtures import label_pdf, run

__all__ = ["qasync_loop"]  # the fixture, used by name


def test_every_page_renders_on_white_like_the_blocking_renderer(qtbot, qasync_loop) -> None:
    data = label_pdf(3)
    renderer = PdfRenderer()
    pages = run(qtbot, renderer.render(data, dpi=50))
    expected = render_pdf_pages(data, dpi=50)
    assert [p.size() for p in pages] == [p.size() for p in expected]
    assert pages[0].size().width() == 200  # 4 in at 50 dpi
    assert pages[0].pixelColor(1, 1) == QColor("white")
    assert [p.convertToFormat(expected[0].format()) for p in pages] == expected


def test_a_file_that_is_not_a_pdf_is_refused(qtbot, qasync_loop) -> None:
    renderer = PdfRenderer()
    with pytest.raises(UnreadablePdfError):
        run(qtbot, renderer.render(b"^XA^FDnot a pdf^FS^XZ"))
    assert len(run(qtbot, renderer.render(label_pdf(1)))) == 1  # and the next one renders


def test_one_renderer_takes_one_pdf_after_another_even_when_one_is_cancelled(
    qtbot, qasync_loop
) -> None:
    renderer = PdfRenderer()

    async def cancel_one_then_render() -> int:
        first = asyncio.ensure_future(renderer.render(label_pdf(3)))
        await asyncio.sleep(0)
        first.cancel()
        pages = await renderer.render(label_pdf(2))
        assert first.cancelled()
        return len(pages)

    assert run(qtbot, cancel_one_then_render()) == 2
