"""Fuzzed ZPL through the printer-configuration guard: it either refuses with ZplRefusedError or
returns ZPL in which no forbidden command is left, quickly, and guarding that again changes
nothing."""

from __future__ import annotations

import re
import time
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from packstation.printing.zpl_guard import (
    PREFIX_CHANGES,
    GuardedZpl,
    ZplRefusedError,
    count_labels,
    guard_zpl,
    is_forbidden,
)
from tests.fuzz.budget import PayloadCount, fuzz_settings, seconds_of
from tests.fuzz.label_files import FORBIDDEN_ZPL

SAFE = (
    b"^FO50,50", b"^A0N,30,30", b"^FH", b"^PW812", b"^LL1218", b"^CI28", b"^BY3", b"^BCN,100",
    b"^GB300,2,2", b"^FS", b"^JMA", b"~SD15", b"^PQ1", b"^FX comment ^", b"^LH0,0", b"\n", b" ",
    b"^XG R:LOGO.GRF,1,1", b"^IMR:LOGO.PNG",
)  # fmt: skip
MORE_FORBIDDEN = (
    b"^jus", b"~jr", b"~JSN", b"^JZY", b"~TA000", b"^SC9600", b"~WC", b"^KNPrinter", b"~NT",
    b"^ID*:*.*", b"^MPE", b"^ST", b"~RO1", b"^WAx", b"^CT~", b"~CC^",
)  # fmt: skip
FIELD_TEXT = (b"EC-000-05B-MMQ", b"A Person", b"<img src=x>", b"\x00\xff", b"~", b"^", b"_7EJR")
BINARY_PAYLOADS = (b"^JUS~JR^XZ^XA", b"\x00\xff" * 10, b"^FD^FS")
_COMMAND = re.compile(rb"[\^~][A-Za-z0-9@]{2}")
SEEDS = st.integers(min_value=0, max_value=2**64 - 1)


def _piece(rng: Random, with_binary: bool) -> bytes:
    shape = rng.randrange(10 if with_binary else 8)
    if shape < 3:
        return rng.choice(SAFE)
    if shape == 3:
        return rng.choice(FORBIDDEN_ZPL + MORE_FORBIDDEN)
    if shape == 4:
        return b"^FD" + rng.choice(FIELD_TEXT + FORBIDDEN_ZPL) + rng.choice([b"^FS", b""])
    if shape == 5:
        return rng.choice([b"^XA", b"^XZ", b"^xa", b"^xz"])
    if shape == 6:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(12)))
    if shape == 7:
        return rng.choice([b"^", b"~", b"^X", b",", b"^FD", b"^GF"])
    payload = rng.choice(BINARY_PAYLOADS)
    declared = len(payload) + rng.choice([0, 0, -3, 5, 10**6])
    if shape == 8:
        return b"^GFB,%d,%d,1," % (declared, declared) + payload
    return b"~DYR:X,B,G,%d,0," % declared + payload


def zpl_document(rng: Random, with_binary: bool) -> bytes:
    body = b"".join(_piece(rng, with_binary) for _ in range(rng.randint(0, 30)))
    if rng.random() < 0.7:
        body = b"^XA" + body + b"^XZ"
    return body * (500 if rng.random() < 0.02 else rng.choice([1, 1, 1, 2, 20]))


def _text_commands(zpl: bytes) -> list[str]:
    return [found.group(0).decode("latin-1").upper() for found in _COMMAND.finditer(zpl)]


def _guarded(zpl: bytes, count: PayloadCount) -> bytes | None:
    started = time.perf_counter()
    outcome: GuardedZpl | ZplRefusedError
    try:
        outcome = guard_zpl(zpl)
    except ZplRefusedError as refusal:
        outcome = refusal
    count.timed(time.perf_counter() - started, lambda: seconds_of(lambda: guard_zpl(zpl)))
    count.add()
    if isinstance(outcome, ZplRefusedError):
        assert str(outcome).strip()
        return None
    guarded = outcome
    assert guarded.label_count >= 1
    assert count_labels(guarded.data) == guarded.label_count
    again = guard_zpl(guarded.data)
    assert (again.data, again.removed) == (guarded.data, ())
    return guarded.data


def test_fuzzed_zpl_leaves_the_guard_without_a_forbidden_command() -> None:
    count = PayloadCount("printing: ZPL guard")

    @fuzz_settings(count.name)
    @given(seed=SEEDS, with_binary=st.booleans())
    def one(seed: int, with_binary: bool) -> None:
        zpl = zpl_document(Random(seed), with_binary)
        cleaned = _guarded(zpl, count)
        if cleaned is None or with_binary:
            return  # binary graphics may hold any bytes; the printer reads them as pixels
        for command in _text_commands(cleaned):
            assert not is_forbidden(command), (command, cleaned)
            assert command not in PREFIX_CHANGES, (command, cleaned)

    one()
    count.check()
