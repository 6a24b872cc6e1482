"""Making a line of text fit a width: shrink it first, then cut it with an ellipsis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# The width of a text at a font size, in the same unit as the width it must fit.
Measure = Callable[[str, float], float]

ELLIPSIS = "..."


@dataclass(frozen=True)
class FittedText:
    text: str
    size: float


def fit_text(
    text: str, size: float, min_size: float, max_width: float, measure: Measure
) -> FittedText:
    width = measure(text, size)
    if width <= max_width:
        return FittedText(text, size)
    # Text width grows linearly with the font size, so one division finds the size that fits.
    shrunk = size * max_width / width
    if shrunk >= min_size:
        return FittedText(text, shrunk)
    return FittedText(_truncate(text, min_size, max_width, measure), min_size)


def _truncate(text: str, size: float, max_width: float, measure: Measure) -> str:
    shortest, longest = 0, len(text)
    while shortest < longest:
        middle = (shortest + longest + 1) // 2
        if measure(_cut(text, middle), size) <= max_width:
            shortest = middle
        else:
            longest = middle - 1
    return _cut(text, shortest) if shortest else ""


def _cut(text: str, length: int) -> str:
    return text[:length].rstrip() + ELLIPSIS
