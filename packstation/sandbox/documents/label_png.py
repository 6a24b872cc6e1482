"""One package's label as a 1-bit PNG, 4x6 in at the printer's resolution."""

from __future__ import annotations

import io
from functools import lru_cache
from importlib.resources import files

from PIL import Image, ImageDraw, ImageFont

from packstation.sandbox.documents.barcode import code128_bars, module_dots
from packstation.sandbox.documents.charset import WINDOWS_1252
from packstation.sandbox.documents.label_elements import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    POINTS_PER_INCH,
    Barcode,
    Box,
    LabelElement,
    Text,
    check_dpi,
    place_text,
)
from packstation.sandbox.documents.label_layout import layout_label
from packstation.sandbox.documents.model import PackageLabel

_WHITE, _BLACK = 1, 0
# Bitstream Vera ships inside reportlab: a metric cousin of Helvetica that Pillow can load.
_FONT_FILES = {False: "Vera.ttf", True: "VeraBd.ttf"}


class _VeraMetrics:
    encoding = WINDOWS_1252

    def __init__(self, scale: float) -> None:
        self._scale = scale

    def width(self, text: str, size: float, bold: bool) -> float:
        return _font(bold, _pixels(size, self._scale)).getlength(text) / self._scale


def render_label_png(package: PackageLabel, dpi: int) -> bytes:
    check_dpi(dpi)
    scale = dpi / POINTS_PER_INCH
    image = Image.new("1", (_pixels(PAGE_WIDTH, scale), _pixels(PAGE_HEIGHT, scale)), _WHITE)
    draw = ImageDraw.Draw(image)
    metrics = _VeraMetrics(scale)
    for element in layout_label(package):
        _draw(draw, element, scale, metrics, dpi)
    output = io.BytesIO()
    image.save(output, format="PNG", dpi=(dpi, dpi))
    return output.getvalue()


def _draw(
    draw: ImageDraw.ImageDraw, element: LabelElement, scale: float, metrics: _VeraMetrics, dpi: int
) -> None:
    match element:
        case Text():
            placed = place_text(element, metrics)
            position = (placed.x * scale, element.baseline * scale)
            font = _font(element.bold, _pixels(placed.size, scale))
            draw.text(position, placed.text, fill=_BLACK, font=font, anchor="ls")
        case Box():
            _fill(
                draw,
                element.x * scale,
                element.top * scale,
                element.width * scale,
                element.height * scale,
            )
        case Barcode():
            _draw_barcode(draw, element, scale, dpi)


def _draw_barcode(draw: ImageDraw.ImageDraw, barcode: Barcode, scale: float, dpi: int) -> None:
    bars = code128_bars(barcode.data)
    area = _pixels(barcode.max_width, scale)
    module = module_dots(bars, area, dpi)
    left = _pixels(barcode.x, scale) + (area - bars.modules * module) // 2
    top, height = _pixels(barcode.top, scale), _pixels(barcode.height, scale)
    for first_module, width in bars.bars:
        _fill(draw, left + first_module * module, top, width * module, height)


def _fill(draw: ImageDraw.ImageDraw, x: float, top: float, width: float, height: float) -> None:
    left, upper = round(x), round(top)
    right, lower = left + max(1, round(width)), upper + max(1, round(height))
    draw.rectangle((left, upper, right - 1, lower - 1), fill=_BLACK)


@lru_cache(maxsize=64)
def _font(bold: bool, pixels: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(_font_bytes(bold)), max(1, pixels))


@lru_cache(maxsize=2)
def _font_bytes(bold: bool) -> bytes:
    return (files("reportlab") / "fonts" / _FONT_FILES[bold]).read_bytes()


def _pixels(points: float, scale: float) -> int:
    return round(points * scale)
