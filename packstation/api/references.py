"""SortedPRO reference formats, and finding a consignment reference inside links and text."""

from __future__ import annotations

import re
from collections.abc import Iterable

_BLOCKS = r"-[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}(?![A-Z0-9])"
CONSIGNMENT_REFERENCE = re.compile(r"(?<![A-Z0-9])EC" + _BLOCKS)
PACKAGE_REFERENCE = re.compile(r"(?<![A-Z0-9])EP" + _BLOCKS)
DELIVERY_OPTION_REFERENCE = re.compile(r"(?<![A-Z0-9])EDO" + _BLOCKS)
ORDER_REFERENCE = re.compile(r"(?<![A-Z0-9])EO" + _BLOCKS)


def is_consignment_reference(text: str) -> bool:
    return CONSIGNMENT_REFERENCE.fullmatch(text) is not None


def find_consignment_reference(texts: Iterable[str | None]) -> str | None:
    """The first EC reference in `texts`, searched in the order given (most trusted first)."""
    for text in texts:
        if text:
            found = CONSIGNMENT_REFERENCE.search(text)
            if found:
                return found.group(0)
    return None


def require_path_reference(reference: str) -> str:
    """A reference about to go into a URL path: stripped, and refused when blank."""
    stripped = reference.strip()
    if not stripped:
        raise ValueError("A reference is empty.")
    return stripped
