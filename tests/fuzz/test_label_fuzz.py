"""Fuzzed label files: straight into `decode_label_file`, and through the client's label routes.
A label either comes back as a whole file of the asked-for format, or as LabelFormatError (or,
through the client, another SortedProError); never anything else, never slowly."""

from __future__ import annotations

import asyncio
import base64
import time
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packstation.api import LabelFormat, LabelFormatError, SortedProError
from packstation.api.constants import MAX_LABEL_BYTES
from packstation.api.labels import decode_label_file
from tests.fuzz.budget import PayloadCount, fuzz_settings, seconds_of
from tests.fuzz.client_calls import EC
from tests.fuzz.json_mutation import Template
from tests.fuzz.label_files import file_field, is_printable_label, label_body, label_bytes
from tests.fuzz.responses import Exchange, exchanges
from tests.fuzz.test_client_fuzz import call_with, check_outcome

SEEDS = st.integers(min_value=0, max_value=2**64 - 1)
FORMATS = st.sampled_from(list(LabelFormat))
LABEL_TEMPLATE = Template("label", {"File": "", "ContentType": "application/pdf"})


def test_decode_label_file_with_fuzzed_files() -> None:
    count = PayloadCount("labels: decode_label_file")

    @fuzz_settings(count.name)
    @given(seed=SEEDS, wanted=FORMATS)
    def one(seed: int, wanted: LabelFormat) -> None:
        rng = Random(seed)
        _, data = label_bytes(rng)
        field = file_field(data, rng)
        if not isinstance(field, str):
            field = str(field)
        started = time.perf_counter()
        outcome: bytes | LabelFormatError
        try:
            outcome = decode_label_file(field, wanted)
        except LabelFormatError as error:
            outcome = error
        again = lambda: seconds_of(lambda: decode_label_file(field, wanted))  # noqa: E731
        count.timed(time.perf_counter() - started, again)
        count.add()
        if isinstance(outcome, LabelFormatError):
            assert outcome.user_message.startswith("The label SortedPRO sent ")
        else:
            assert is_printable_label(outcome, wanted), (wanted, outcome[:40], outcome[-40:])

    one()
    count.check()


def test_label_routes_with_fuzzed_files() -> None:
    count = PayloadCount("client: label routes, fuzzed label files")
    calls = st.tuples(FORMATS, st.sampled_from([None, 203, 300]), st.booleans())
    served = exchanges(LABEL_TEMPLATE, body=label_body)

    with asyncio.Runner() as runner:

        @fuzz_settings(count.name)
        @given(call=calls, answers=served)
        def one(call: tuple[LabelFormat, int | None, bool], answers: list[Exchange]) -> None:
            wanted, dpi, per_package = call
            if wanted is LabelFormat.PNG or per_package:
                fetch = lambda api: api.get_package_label(EC, "EP-000-05E-YRQ", wanted, dpi)  # noqa: E731
            else:
                fetch = lambda api: api.get_labels(EC, wanted, dpi)  # noqa: E731
            outcome, sent, seconds = runner.run(call_with(answers, fetch))
            count.add(sent)
            count.timed(seconds, lambda: runner.run(call_with(answers, fetch))[2])
            check_outcome(outcome)
            if not isinstance(outcome, SortedProError):
                assert outcome.format is wanted

        one()
    count.check()


ONE_MIB = 1024 * 1024


def _oversized(label_format: LabelFormat, size: int) -> bytes:
    if label_format is LabelFormat.PDF:
        return b"%PDF-1.4\n" + b"0" * (size - 15) + b"%%EOF\n"
    block = b"^XA^FO1,1^FDx^FS^XZ\n"
    return block * (size // len(block))


# 20 MiB of base64 decoded (twice) on a shared 2-core runner next to another test worker:
# ordinary payloads keep the 1 s hang limit; these deliberate giants get 5 s, still a hang bound.
HUGE_LABEL_SECONDS = 5.0


@pytest.mark.parametrize("label_format", [LabelFormat.PDF, LabelFormat.ZPL])
@pytest.mark.parametrize("encoding", ["once", "twice"])
def test_labels_over_the_size_limit_are_refused_quickly(
    label_format: LabelFormat, encoding: str
) -> None:
    count = PayloadCount("labels: decode_label_file")
    data = _oversized(label_format, MAX_LABEL_BYTES + ONE_MIB)
    field = base64.b64encode(data)
    if encoding == "twice":
        field = base64.b64encode(field)
    started = time.perf_counter()
    with pytest.raises(LabelFormatError, match="too large"):
        decode_label_file(field.decode(), label_format)
    again = lambda: seconds_of(lambda: decode_label_file(field.decode(), label_format))  # noqa: E731
    count.timed(time.perf_counter() - started, again, limit=HUGE_LABEL_SECONDS)
    count.add()


@pytest.mark.parametrize("label_format", [LabelFormat.PDF, LabelFormat.ZPL])
def test_a_label_just_under_the_limit_still_decodes(label_format: LabelFormat) -> None:
    data = _oversized(label_format, MAX_LABEL_BYTES - ONE_MIB)
    field = base64.b64encode(data).decode()
    started = time.perf_counter()
    decoded = decode_label_file(field, label_format)
    count = PayloadCount("labels: decode_label_file")
    count.timed(
        time.perf_counter() - started,
        lambda: seconds_of(lambda: decode_label_file(field, label_format)),
        limit=HUGE_LABEL_SECONDS,
    )
    count.add()
    assert is_printable_label(decoded, label_format)
