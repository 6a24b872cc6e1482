"""Shipping labels in ZPL II: one ^XA...^XZ format per package, ASCII only.

Text goes through ^FH hex escapes, so a "^" or "~" in an address prints as itself and can
never start a printer command. The output sets nothing that outlives the label (no ^JU,
~JR, ^ID, media or darkness settings): the printer's own configuration stays as it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth

from packstation.sandbox.documents.barcode import code128_bars, module_dots
from packstation.sandbox.documents.charset import ASCII, fold_text
from packstation.sandbox.documents.label_elements import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    POINTS_PER_INCH,
    Align,
    Barcode,
    Box,
    LabelElement,
    Text,
    check_dpi,
    place_text,
)
from packstation.sandbox.documents.label_layout import layout_label
from packstation.sandbox.documents.model import PackageLabel

_HEX_INDICATOR = "_"
_ESCAPED = frozenset("^~" + _HEX_INDICATOR)


class _ResidentFontMetrics:
    """Measures with Helvetica Bold, which is wider than the printer's condensed font 0,
    so text that fits by this measure also fits on the printed label."""

    encoding = ASCII

    def width(self, text: str, size: float, bold: bool) -> float:
        return float(stringWidth(text, "Helvetica-Bold", size))


_METRICS = _ResidentFontMetrics()


def render_label_zpl(packages: Sequence[PackageLabel], dpi: int) -> bytes:
    check_dpi(dpi)
    if not packages:
        raise ValueError("a ZPL label file needs at least one package")
    return "".join(_format(package, dpi) for package in packages).encode("ascii")


def _format(package: PackageLabel, dpi: int) -> str:
    scale = dpi / POINTS_PER_INCH
    commands = [
        "^XA",
        "^CI0",  # plain ASCII, whatever character set the last format chose
        f"^PW{round(PAGE_WIDTH * scale)}",
        f"^LL{round(PAGE_HEIGHT * scale)}",
        "^LH0,0",
    ]
    for element in layout_label(package):
        commands.extend(_commands(element, scale, dpi))
    commands.append("^XZ")
    return "\n".join(commands) + "\n"


def _commands(element: LabelElement, scale: float, dpi: int) -> Iterator[str]:
    match element:
        case Text():
            yield _text(element, scale)
        case Box():
            width, height = _dots(element.width, scale), _dots(element.height, scale)
            position = f"^FO{_dots(element.x, scale)},{_dots(element.top, scale)}"
            yield f"{position}^GB{width},{height},{min(width, height)},B^FS"
        case Barcode():
            yield _barcode(element, scale, dpi)


def _text(element: Text, scale: float) -> str:
    placed = place_text(element, _METRICS)
    height = _dots(placed.size, scale)
    command = f"^FT{_dots(element.x, scale)},{_dots(element.baseline, scale)}^A0N,{height},{height}"
    if element.align is Align.CENTER:
        # The printer centres it: our width estimate is not the printer font's true width.
        command += f"^FB{_dots(element.max_width, scale)},1,0,C"
    return command + _field_data(placed.text)


def _barcode(barcode: Barcode, scale: float, dpi: int) -> str:
    bars = code128_bars(barcode.data)
    area = _dots(barcode.max_width, scale)
    module = module_dots(bars, area, dpi)
    # The printer picks its own code sets (mode A), so the symbol may differ by a character
    # or two from reportlab's; centring on reportlab's width is close enough.
    left = _dots(barcode.x, scale) + (area - bars.modules * module) // 2
    height = _dots(barcode.height, scale)
    return (
        f"^FO{left},{_dots(barcode.top, scale)}^BY{module},3,{height}"
        f"^BCN,{height},N,N,N,A" + _field_data(barcode.data)
    )


def _field_data(text: str) -> str:
    escaped = "".join(
        f"{_HEX_INDICATOR}{ord(char):02X}" if char in _ESCAPED else char
        for char in fold_text(text, ASCII)
    )
    return f"^FH{_HEX_INDICATOR}^FD{escaped}^FS"


def _dots(points: float, scale: float) -> int:
    return round(points * scale)
