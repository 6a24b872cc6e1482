"""The pieces a label is drawn from, placed in points from the top-left corner of a 4x6 in page.

Every output format (PDF, ZPL, PNG) draws the same pieces, so the three look alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from packstation.sandbox.documents.charset import fold_text
from packstation.sandbox.documents.text_fit import fit_text

PAGE_WIDTH = 288.0  # 4 in
PAGE_HEIGHT = 432.0  # 6 in
POINTS_PER_INCH = 72.0
SUPPORTED_DPIS = (203, 300)  # the thermal printers' resolutions


def check_dpi(dpi: int) -> None:
    if dpi not in SUPPORTED_DPIS:
        supported = " or ".join(map(str, SUPPORTED_DPIS))
        raise ValueError(f"labels are rendered at {supported} dpi, not {dpi}")


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True)
class Text:
    text: str
    x: float
    baseline: float
    size: float
    max_width: float
    bold: bool = False
    align: Align = Align.LEFT
    shrink_to: float = 0.7  # the smallest size, as a share of `size`, before text is cut


@dataclass(frozen=True)
class Box:
    """A solid rectangle; a rule is a thin one."""

    x: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Barcode:
    """A Code128 symbol, centred in its area, quiet zones included."""

    data: str
    x: float
    top: float
    max_width: float
    height: float


LabelElement = Text | Box | Barcode


class TextMetrics(Protocol):
    """How one output format measures and encodes text."""

    encoding: str

    def width(self, text: str, size: float, bold: bool) -> float:
        """The width of `text` in points at font `size`."""
        ...


@dataclass(frozen=True)
class PlacedText:
    text: str
    size: float
    x: float  # where the fitted text starts, alignment applied


def place_text(element: Text, metrics: TextMetrics) -> PlacedText:
    def measure(text: str, size: float) -> float:
        return metrics.width(text, size, element.bold)

    folded = fold_text(element.text, metrics.encoding)
    fitted = fit_text(
        folded, element.size, element.size * element.shrink_to, element.max_width, measure
    )
    x = element.x
    if element.align is Align.CENTER:
        x += (element.max_width - measure(fitted.text, fitted.size)) / 2
    return PlacedText(fitted.text, fitted.size, x)
