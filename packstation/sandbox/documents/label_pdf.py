"""Shipping labels as a PDF: one 4x6 in page per package."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from packstation.sandbox.documents.barcode import HOUSE_DPI, code128_bars, module_dots
from packstation.sandbox.documents.charset import WINDOWS_1252
from packstation.sandbox.documents.label_elements import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    POINTS_PER_INCH,
    Barcode,
    Box,
    LabelElement,
    Text,
    place_text,
)
from packstation.sandbox.documents.label_layout import layout_label
from packstation.sandbox.documents.model import PackageLabel
from packstation.sandbox.documents.pdf_canvas import reproducible_canvas


class _HelveticaMetrics:
    encoding = WINDOWS_1252

    def width(self, text: str, size: float, bold: bool) -> float:
        return float(stringWidth(text, _font(bold), size))


_METRICS = _HelveticaMetrics()


def render_label_pdf(packages: Sequence[PackageLabel]) -> bytes:
    if not packages:
        raise ValueError("a label PDF needs at least one package")
    output = io.BytesIO()
    title = f"Labels {packages[0].consignment_reference}"
    canvas = reproducible_canvas(output, (PAGE_WIDTH, PAGE_HEIGHT), title)
    for package in packages:
        for element in layout_label(package):
            _draw(canvas, element)
        canvas.showPage()
    canvas.save()
    return output.getvalue()


def _draw(canvas: Any, element: LabelElement) -> None:
    match element:
        case Text():
            placed = place_text(element, _METRICS)
            canvas.setFont(_font(element.bold), placed.size)
            canvas.drawString(placed.x, PAGE_HEIGHT - element.baseline, placed.text)
        case Box():
            _fill(canvas, element.x, element.top, element.width, element.height)
        case Barcode():
            _draw_barcode(canvas, element)


def _draw_barcode(canvas: Any, barcode: Barcode) -> None:
    bars = code128_bars(barcode.data)
    # Bars a whole number of dots wide at 203 dpi print crisply on the house printer.
    dot = POINTS_PER_INCH / HOUSE_DPI
    module = dot * module_dots(bars, int(barcode.max_width / dot), HOUSE_DPI)
    left = barcode.x + (barcode.max_width - bars.modules * module) / 2
    for first_module, width in bars.bars:
        _fill(canvas, left + first_module * module, barcode.top, width * module, barcode.height)


def _fill(canvas: Any, x: float, top: float, width: float, height: float) -> None:
    canvas.rect(x, PAGE_HEIGHT - top - height, width, height, stroke=0, fill=1)


def _font(bold: bool) -> str:
    return "Helvetica-Bold" if bold else "Helvetica"
