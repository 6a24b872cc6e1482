"""Folding text into the characters a printer font can draw.

Helvetica in a PDF draws only Windows-1252, a label printer's resident font only ASCII.
Anything else would print as a black box, so accented Latin letters lose their accents,
other scripts become one "?" per run (the packer sees that something is there), and
symbols such as emoji are dropped.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ASCII = "ascii"
WINDOWS_1252 = "cp1252"
UNREADABLE = "?"

_LATIN_LETTERS_WITHOUT_DECOMPOSITION = {
    "ß": "ss",
    "Æ": "AE",
    "æ": "ae",
    "Ø": "O",
    "ø": "o",
    "Œ": "OE",
    "œ": "oe",
    "Ł": "L",
    "ł": "l",
    "Đ": "D",
    "đ": "d",
    "Ð": "D",
    "ð": "d",
    "Þ": "Th",
    "þ": "th",
    "ı": "i",
    "‘": "'",
    "’": "'",
    "‚": ",",
    "“": '"',
    "”": '"',
    "„": '"',
    "–": "-",
    "—": "-",
    "…": "...",
    "€": "EUR",
    "£": "GBP",
}


def fold_text(text: str, encoding: str) -> str:
    """Return `text` with every character drawable in `encoding`, whitespace collapsed."""
    folded: list[str] = []
    for char in text:
        replacement = _fold_char(char, encoding)
        if replacement == UNREADABLE and folded and folded[-1] == UNREADABLE:
            continue
        folded.append(replacement)
    return " ".join("".join(folded).split())


@lru_cache(maxsize=4096)
def _fold_char(char: str, encoding: str) -> str:
    if char.isspace():
        return " "
    if _is_drawable(char, encoding):
        return char
    if char in _LATIN_LETTERS_WITHOUT_DECOMPOSITION:
        replacement = _LATIN_LETTERS_WITHOUT_DECOMPOSITION[char]
        return replacement if _is_drawable(replacement, encoding) else UNREADABLE
    base = "".join(
        part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
    )
    if base and all(_is_drawable(part, encoding) for part in base):
        return base
    if unicodedata.category(char)[0] in "LN":
        return UNREADABLE
    return ""


def _is_drawable(char: str, encoding: str) -> bool:
    if not char.isprintable():
        return False
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
