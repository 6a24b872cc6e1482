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


class _VeraFonts:
    """The fonts of one rendering. Loading one takes microseconds, and a FreeType face
    shared between threads rendering at once is not safe, so nothing is kept across calls."""

    encoding = WINDOWS_1252

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self._loaded: dict[tuple[bool, int], ImageFont.FreeTypeFont] = {}

    def font(self, bold: bool, size: float) -> ImageFont.FreeTypeFont:
        key = (bold, max(1, _pixels(size, self.scale)))
        if key not in self._loaded:
            self._loaded[key] = ImageFont.truetype(io.BytesIO(_font_file(bold)), key[1])
        return self._loaded[key]

    def width(self, text: str, size: float, bold: bool) -> float:
        return self.font(bold, size).getlength(text) / self.scale


def render_label_png(package: PackageLabel, dpi: int) -> bytes:
    check_dpi(dpi)
    fonts = _VeraFonts(dpi / POINTS_PER_INCH)
    size = (_pixels(PAGE_WIDTH, fonts.scale), _pixels(PAGE_HEIGHT, fonts.scale))
    image = Image.new("1", size, _WHITE)
    draw = ImageDraw.Draw(image)
    for element in layout_label(package):
        _draw(draw, element, fonts, dpi)
    output = io.BytesIO()
    image.save(output, format="PNG", dpi=(dpi, dpi))
    return output.getvalue()


def _draw(draw: ImageDraw.ImageDraw, element: LabelElement, fonts: _VeraFonts, dpi: int) -> None:
    scale = fonts.scale
    match element:
        case Text():
            placed = place_text(element, fonts)
            position = (placed.x * scale, element.baseline * scale)
            font = fonts.font(element.bold, placed.size)
            draw.text(position, placed.text, fill=_BLACK, font=font, anchor="ls")
        case Box():
            x, top = element.x * scale, element.top * scale
            _fill(draw, x, top, element.width * scale, element.height * scale)
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


@lru_cache(maxsize=2)
def _font_file(bold: bool) -> bytes:
    return (files("reportlab") / "fonts" / _FONT_FILES[bold]).read_bytes()


def _pixels(points: float, scale: float) -> int:
    return round(points * scale)
