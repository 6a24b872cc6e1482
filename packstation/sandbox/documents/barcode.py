"""Code128 bar patterns (encoded by reportlab) and the module size that suits a printer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.graphics.barcode.code128 import Code128

from packstation.sandbox.documents.charset import ASCII, fold_text

QUIET_ZONE_MODULES = 10  # each side, the minimum the Code128 specification asks for
HOUSE_DPI = 203  # SortedPRO's reference printer is a 203 dpi Zebra GK420d
_WIDEST_MODULE_INCH = 0.02  # 20 mil bars scan reliably on thermal labels; wider adds nothing


@dataclass(frozen=True)
class Code128Bars:
    bars: tuple[tuple[int, int], ...]  # (first module, width in modules) of each dark bar
    modules: int  # the symbol's width in modules, quiet zones excluded

    @property
    def modules_with_quiet_zones(self) -> int:
        return self.modules + 2 * QUIET_ZONE_MODULES


@lru_cache(maxsize=256)
def code128_bars(data: str) -> Code128Bars:
    symbol = Code128(fold_text(data, ASCII), quiet=0)
    symbol.validate()
    symbol.encode()
    # decompose() gives one letter per element: upper case a bar, lower case a space,
    # the letter's place in the alphabet its width in modules.
    bars: list[tuple[int, int]] = []
    position = 0
    for element in symbol.decompose():
        width = ord(element.lower()) - ord("a") + 1
        if element.isupper():
            bars.append((position, width))
        position += width
    return Code128Bars(tuple(bars), position)


def module_dots(bars: Code128Bars, max_width_dots: int, dpi: int) -> int:
    """The widest whole-dot module that fits, so every bar prints at an exact width."""
    widest = max(1, round(dpi * _WIDEST_MODULE_INCH))
    return max(1, min(widest, max_width_dots // bars.modules_with_quiet_zones))
