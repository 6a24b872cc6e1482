"""Rendering a PDF page for a printer: on white, at the printer's resolution, 1-bit by threshold."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from reportlab.pdfgen.canvas import Canvas

from packstation.printing.qt_pdf import render_page_image


def label_pdf() -> bytes:
    """4x6 in, nothing painted but a black bar at the top left and a 40% grey square."""
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=(288, 432))
    canvas.setFillGray(0)
    canvas.rect(0, 422, 72, 10, stroke=0, fill=1)
    canvas.setFillGray(0.4)
    canvas.rect(144, 144, 72, 72, stroke=0, fill=1)
    canvas.save()
    return output.getvalue()


@pytest.fixture
def pdf(qapp: object, tmp_path: Path) -> Iterator[QPdfDocument]:
    path = tmp_path / "label.pdf"
    path.write_bytes(label_pdf())
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    yield document
    document.close()


def colours(image: QImage, left: int, top: int, size: int) -> set[int]:
    return {
        image.pixelColor(x, y).lightness()
        for x in range(left, left + size)
        for y in range(top, top + size)
    }


def test_pages_render_at_the_printer_resolution_on_white(pdf: QPdfDocument) -> None:
    image = render_page_image(pdf, 0, 203, monochrome=False)

    assert (image.width(), image.height()) == (812, 1218)
    assert image.pixelColor(400, 1000).lightness() == 255  # transparent became white
    assert image.pixelColor(10, 5).lightness() == 0


def test_labels_become_one_bit_without_dithering(pdf: QPdfDocument) -> None:
    image = render_page_image(pdf, 0, 300, monochrome=True)

    assert image.format() == QImage.Format.Format_Mono
    assert (image.width(), image.height()) == (1200, 1800)
    assert colours(image, 640, 1000, 50) == {0}  # 40% grey is under the threshold: solid black
    assert colours(image, 50, 1500, 50) == {255}
