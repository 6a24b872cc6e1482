"""Rendering a label PDF in QtPdf's render thread, awaited on the qasync loop."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from packstation.ui.pdf_pages import (
    UnreadablePdfError,
    render_pdf_pages,
    render_pdf_pages_async,
)

from .conftest import qasync_loop
from .pack_fixtures import label_pdf, run

__all__ = ["qasync_loop"]  # the fixture, used by name


def test_every_page_renders_on_white_like_the_blocking_renderer(qtbot, qasync_loop) -> None:
    data = label_pdf(3)
    pages = run(qtbot, render_pdf_pages_async(data, dpi=50))
    expected = render_pdf_pages(data, dpi=50)
    assert [p.size() for p in pages] == [p.size() for p in expected]
    assert pages[0].size().width() == 200  # 4 in at 50 dpi
    assert pages[0].pixelColor(1, 1) == QColor("white")
    assert [p.convertToFormat(expected[0].format()) for p in pages] == expected


def test_a_file_that_is_not_a_pdf_is_refused(qtbot, qasync_loop) -> None:
    with pytest.raises(UnreadablePdfError):
        run(qtbot, render_pdf_pages_async(b"^XA^FDnot a pdf^FS^XZ"))
