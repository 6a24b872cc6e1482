"""Values a server should never send, but might: hostile text, extreme numbers and dates."""

from __future__ import annotations

from random import Random
from typing import Any

# The HTML a hostile order field would carry: loading it would reach this address.
HTML_PROBE = "<img src=http://127.0.0.1:9/x>"
HTML_SNIPPETS = (
    HTML_PROBE,
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<a href='http://127.0.0.1:9/'>link</a>",
    "&lt;&amp;&#0;&#x1F;",
    "<!--",
    "<style>*{display:none}</style>",
    "<qt><font color=red>x</font></qt>",
)
CONTROL_CHARACTERS = "".join(chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])
INVISIBLE_AND_RTL = (
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi controls
    "\u200b\u200c\u200d\ufeff\u2060\u00ad"  # zero width, BOM, soft hyphen
    "\u2028\u2029\u0085"  # line and paragraph separators
)
ODD_TEXT = (
    "%s %d %(x)s {0} {x}",
    "\\x00\\u0000",
    "Ω≈ç√∫˜µ≤≥÷",
    "田中さんにあげて下さい",
    "مرحبا بالعالم",
    "ᚠᛇᚻ᛫ᛒᛦᚦ",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "😀🏳️‍🌈👨‍👩‍👧",
    "'; DROP TABLE packs; --",
    "../../../../etc/passwd",
    "EC-000-05B-MMQ EC-999-999-999",
    "ocp-apim-subscription-key: x",
    "\r\nSet-Cookie: x=1",
)

EXTREME_NUMBERS: tuple[Any, ...] = (
    0,
    -0.0,
    -1,
    1,
    2**31,
    -(2**31) - 1,
    2**63,
    -(2**63) - 1,
    2**64,
    10**30,
    10**300,
    -(10**300),
    1e308,
    -1e308,
    1.7976931348623157e308,
    5e-324,
    1e-300,
    0.1 + 0.2,
    123456789.12345678,
    True,
    False,
)
# Written into the JSON text as they are, so a number can be one Python's json cannot write.
RAW_NUMBER_TOKENS = (
    "1e400",
    "-1e400",
    "1e-400",
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "0.0000000000000000000000000000000000001",
    "1" + "0" * 400,
    "9" * 5000,
    "1.5e99999",
    "00012",
    "+5",
    ".5",
)
NUMBER_STRINGS = (
    "1e9999999999",
    "-1e9999999999",
    "1e-9999999999",
    "1e999999",
    "NaN",
    "Infinity",
    "-inf",
    "1_000",
    "0x1F",
    "１２３",
    "²",
    "-",
    "",
    " 12 ",
    "12,50",
    "1" * 5000,
)
EXTREME_DATES = (
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.9999999",
    "9999-12-31T23:59:59.999999-23:59",
    "9999-12-31T23:59:59Z",
    "9999-12-31",
    "1970-01-01T00:00:00.0000000+00:00",
    "2024-02-30T00:00:00",
    "2024-13-01T00:00:00",
    "2024-06-01T24:00:00",
    "2024-06-01T25:61:61",
    "2024-06-01T12:00:00+24:00",
    "2024-06-01T12:00:00+99:99",
    "2024-06-01T12:00:00.123456789012",
    "+275760-09-13T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "0000-00-00T00:00:00",
    "/Date(1700000000000)/",
    "/Date(-62135596800000+0000)/",
    "2024-06-01 12:00",
    "20240601T120000Z",
    "2024-W22-6",
    "tomorrow",
    "",
    " ",
    "24:00:00",
    "23:59:59.9999999",
    "-01:00:00",
    "99:99:99",
    "00:00",
    "12:00:00+01:00",
)
DATE_NUMBERS: tuple[Any, ...] = (0, -1, 253402300799, 253402300800, 1e20, -62135596800, 2**63)
TEXT_PIECES = (
    *HTML_SNIPPETS,
    *ODD_TEXT,
    *CONTROL_CHARACTERS,
    *INVISIBLE_AND_RTL,
    "EO-000-02A-001",
    "A Person",
)


def hostile_text(rng: Random) -> str:
    """Short text full of HTML, control characters, bidi marks and odd scripts."""
    shape = rng.randrange(6)
    if shape == 0:
        return "".join(rng.choice(TEXT_PIECES) for _ in range(rng.randint(1, 5)))
    if shape == 1:
        return (
            "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(0, 30)))
            .encode("utf-8", "replace")
            .decode("utf-8", "replace")
        )
    if shape == 2:
        return "".join(rng.choice(CONTROL_CHARACTERS + INVISIBLE_AND_RTL) for _ in range(20))
    if shape == 3:
        return rng.choice(ODD_TEXT) * rng.randint(50, 2000)
    if shape == 4:
        return rng.choice(HTML_SNIPPETS)
    return ""


def extreme_number(rng: Random) -> Any:
    shape = rng.randrange(4)
    if shape == 0:
        return rng.choice(EXTREME_NUMBERS)
    if shape == 1:
        return rng.choice(NUMBER_STRINGS)
    if shape == 2:
        return rng.randint(-(2**70), 2**70)
    return rng.uniform(-1e12, 1e12) * 10 ** rng.randint(-300, 290)


def extreme_date(rng: Random) -> Any:
    return rng.choice(EXTREME_DATES) if rng.randrange(4) else rng.choice(DATE_NUMBERS)


def any_json_value(rng: Random, depth: int = 2) -> Any:
    """Small arbitrary JSON: the wrong type for whatever field it lands in."""
    shape = rng.randrange(8 if depth > 0 else 6)
    if shape == 0:
        return None
    if shape == 1:
        return rng.random() < 0.5
    if shape == 2:
        return extreme_number(rng)
    if shape == 3:
        return hostile_text(rng)
    if shape == 4:
        return extreme_date(rng)
    if shape == 5:
        return rng.choice([[], {}, "", 0])  # a fresh empty container each time
    if shape == 6:
        return [any_json_value(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    keys = ["Reference", "Value", "x", "", "Code"]
    return {rng.choice(keys): any_json_value(rng, depth - 1) for _ in range(rng.randint(0, 3))}
