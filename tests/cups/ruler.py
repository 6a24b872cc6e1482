"""Measure the test label's ruler in a printed PDF by rendering it, as a person with a ruler
would: independent of how the PDF was drawn (vector, raster, re-encoded by CUPS)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtPdf import QPdfDocument

from packstation.printing.qt_pdf import render_page_image
from packstation.printing.test_label import RULER_X_IN, TICK_LENGTHS_IN

MEASURING_DPI = 200
DARK = 128


def inch_tick_positions(pdf: bytes, page: int = 0) -> list[float]:
    """Centres of the whole-inch ticks, in inches from the top of the page."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "printed.pdf"
        path.write_bytes(pdf)
        document = QPdfDocument()
        assert document.load(str(path)) == QPdfDocument.Error.None_
        image = render_page_image(document, page, MEASURING_DPI, monochrome=False)
        document.close()
    # Between the half-inch and the inch tick ends: only the inch ticks cross this column.
    column = round((RULER_X_IN + (TICK_LENGTHS_IN[1] + TICK_LENGTHS_IN[2]) / 2) * MEASURING_DPI)
    runs: list[list[int]] = []
    for y in range(image.height()):
        if image.pixelColor(column, y).lightness() >= DARK:
            continue
        if runs and runs[-1][1] == y - 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return [(start + end) / 2 / MEASURING_DPI for start, end in runs]
