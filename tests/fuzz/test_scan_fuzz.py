"""Fuzzed scans: random bytes and text, very long input, control and right-to-left characters,
and barcodes typed under the wrong keyboard layout. Each gets a reference read correctly or one
clear sentence for the packer; never an exception, never a wrong reference."""

from __future__ import annotations

import re
import time
import unicodedata
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from packstation.workflow.scan import Scan, ScanKind, interpret_scan
from tests.fuzz.budget import PayloadCount, fuzz_settings, seconds_of
from tests.fuzz.nasty import CONTROL_CHARACTERS, HTML_SNIPPETS, INVISIBLE_AND_RTL, ODD_TEXT

REFERENCE = re.compile(r"E[OC]-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}")
TRACKING = re.compile(r"[0-9A-Z]{8,40}")
GROUP = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
REFERENCES = st.builds(
    lambda prefix, groups: f"{prefix}-{'-'.join(groups)}",
    st.sampled_from(["EO", "EC"]),
    st.lists(GROUP, min_size=3, max_size=3),
)
NOISE = st.text(
    alphabet=" \t\r\n;:,.#*/=+_<>()[]{}|" + CONTROL_CHARACTERS + INVISIBLE_AND_RTL, max_size=6
)
AIM_PREFIXES = st.sampled_from(["", "", "]C1", "]Q3", "]E0", "]d2"])

# What a scanner sending US key codes types under another layout, and what the keys it
# presses for letters turn into there (letters that land on letters cannot be told apart).
LAYOUTS: dict[str, dict[str, str]] = {
    "AZERTY, unshifted digits": {
        **dict(zip("1234567890", "&é\"'(-è_çà", strict=True)),
        "-": ")",
        "A": "Q",
        "Q": "A",
        "Z": "W",
        "W": "Z",
        "M": ":",
    },
    "AZERTY, shifted digits": {"-": ")", "A": "Q", "Q": "A", "Z": "W", "W": "Z", "M": ":"},
    "QWERTZ": {"-": "ß", "Y": "Z", "Z": "Y"},
    "QWERTZ, lower case": {"-": "ß", "Y": "z", "Z": "y"},
    "Spanish": {"-": "'"},
    "Nordic": {"-": "+"},
    "Turkish Q": {"I": "İ"},
    "Russian": {**{c: chr(0x0410 + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}},
}
MESSAGES = (
    "That scan is far too long to be an order or parcel barcode.",
    "The scan was empty. Scan the order barcode again.",
    "The scan has characters no order barcode has. Check the scanner's keyboard layout, then "
    "scan again.",
    "That is not an order (EO-...), consignment (EC-...) or tracking number. Scan the order "
    "barcode on the pick list.",
)


def _timed_scan(raw: str, count: PayloadCount) -> Scan:
    started = time.perf_counter()
    scan = interpret_scan(raw)
    count.timed(time.perf_counter() - started, lambda: seconds_of(lambda: interpret_scan(raw)))
    count.add()
    assert isinstance(scan.kind, ScanKind)
    if scan.kind is ScanKind.UNREADABLE:
        assert scan.message in MESSAGES
        assert scan.reference == ""
    elif scan.kind is ScanKind.TRACKING:
        assert TRACKING.fullmatch(scan.reference), scan
    else:
        assert REFERENCE.fullmatch(scan.reference), scan
        assert scan.reference.startswith("EO" if scan.kind is ScanKind.ORDER else "EC")
    return scan


def _random_text(rng: Random) -> str:
    shape = rng.randrange(6)
    if shape == 0:
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(300)))
        return raw.decode("utf-8", errors="replace")
    if shape == 1:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(60)))
    if shape == 2:
        alphabet = CONTROL_CHARACTERS + INVISIBLE_AND_RTL + "EOC-0123456789"
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(60)))
    if shape == 3:
        return rng.choice([*ODD_TEXT, *HTML_SNIPPETS]) * rng.choice([1, 10, 1000, 50_000])
    if shape == 4:
        return "EO-" * rng.randint(1, 400) + "000-000-000"
    return rng.choice(["", " ", "\r\n", "\x00", "]C1", "EO", "EO-000", "E O - 0 0 0"])


def test_random_scans_get_a_reference_or_a_clear_message() -> None:
    count = PayloadCount("scans: random text")

    @fuzz_settings(count.name)
    @given(seed=st.integers(min_value=0, max_value=2**64 - 1), text=st.text(max_size=80))
    def one(seed: int, text: str) -> None:
        _timed_scan(_random_text(Random(seed)), count)
        _timed_scan(text, count)

    one()
    count.check()


def test_references_are_found_in_any_noise() -> None:
    count = PayloadCount("scans: references in noise")

    @fuzz_settings(count.name)
    @given(
        reference=REFERENCES,
        aim=AIM_PREFIXES,
        before=NOISE,
        after=NOISE,
        lower=st.booleans(),
        marks=st.sampled_from(["", "\u200f", "\u202e", "\u200b", "\x1d"]),
    )
    def one(reference: str, aim: str, before: str, after: str, lower: bool, marks: str) -> None:
        typed = reference.lower() if lower else reference
        typed = marks.join(typed) if marks else typed
        scan = _timed_scan(f"{aim}{before}{typed}{after}", count)
        if len(f"{before}{reference}{after}".strip()) <= 200:
            assert scan.reference == reference, (scan, aim, before, typed, after)

    one()
    count.check()


def test_barcodes_typed_under_another_keyboard_layout() -> None:
    count = PayloadCount("scans: keyboard-layout garbage")

    @fuzz_settings(count.name)
    @given(reference=REFERENCES, layout=st.sampled_from(sorted(LAYOUTS)))
    def one(reference: str, layout: str) -> None:
        keys = LAYOUTS[layout]
        typed = "".join(keys.get(character, character) for character in reference)
        scan = _timed_scan(typed, count)
        # Letters that land on other letters are undetectable; everything else must be read
        # back exactly or refused with a message, and never taken for a tracking number.
        letters_only = {
            key: value
            for key, value in keys.items()
            if key.isalpha() and value.isascii() and value.isalpha()
        }
        swapped = "".join(letters_only.get(character, character) for character in reference)
        assert scan.kind is not ScanKind.TRACKING, (layout, typed, scan)
        if scan.kind is not ScanKind.UNREADABLE:
            assert scan.reference == swapped.upper(), (layout, typed, scan)
        else:
            assert unicodedata.category(scan.message[0]) == "Lu"

    one()
    count.check()
