"""What came out of the printer: page sizes, and the test label's ruler measured by rendering
the page, as a person with a ruler would, whatever CUPS or Qt did to the PDF on the way."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument

from packstation.printing.qt_pdf import render_page_image
from packstation.printing.test_label import RULER_X_IN, TICK_LENGTHS_IN

MEASURING_DPI = 200
DARK = 128
A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)
LABEL_POINTS = (288, 432)


def page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """Each page's size in points, rounded."""
    return [
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


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
