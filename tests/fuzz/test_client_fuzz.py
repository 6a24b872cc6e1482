"""Fuzzed responses through every client method: only SortedProError escapes, nothing hangs,
and any label the client returns is a whole file of the asked-for format."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from packstation.api import LabelDocument, LabelFormat, SortedProError
from packstation.api.models.customs import CustomsDocument
from tests.fuzz.budget import PayloadCount, fuzz_settings
from tests.fuzz.client_calls import CALLS, PUBLIC_METHODS, Call
from tests.fuzz.label_files import is_printable_label
from tests.fuzz.responses import (
    FUZZ_KEY,
    Exchange,
    ScriptedTransport,
    exchanges,
    fuzz_client,
)


async def call_with(exchanges_: list[Exchange], call: Call) -> tuple[Any, int, float]:
    """(what the call returned or raised, responses served, seconds taken)."""
    transport = ScriptedTransport(exchanges_)
    started = time.perf_counter()
    async with fuzz_client(transport) as api:
        try:
            outcome: Any = await call(api)
        except SortedProError as error:
            outcome = error
    return outcome, transport.served, time.perf_counter() - started


def check_outcome(outcome: Any) -> None:
    """A result the rest of the app can trust: labels and customs PDFs are whole files."""
    if isinstance(outcome, LabelDocument):
        assert is_printable_label(outcome.data, outcome.format), outcome
    documents = outcome if isinstance(outcome, list) else []
    for document in documents:
        if isinstance(document, CustomsDocument):
            assert is_printable_label(document.data, LabelFormat.PDF), document
    if isinstance(outcome, SortedProError):
        assert outcome.user_message.strip()
        assert FUZZ_KEY not in f"{outcome} {outcome.user_message} {outcome!r}"


def test_every_public_method_is_fuzzed() -> None:
    covered = {name.split(" ")[0] for name in CALLS}
    assert covered == PUBLIC_METHODS


def test_fuzzed_responses_to_every_method() -> None:
    count = PayloadCount("client: every method, fuzzed responses")
    cases = st.sampled_from(sorted(CALLS)).flatmap(
        lambda name: st.tuples(st.just(name), exchanges(CALLS[name][0]))
    )

    with asyncio.Runner() as runner:

        @fuzz_settings(count.name)
        @given(case=cases)
        def one(case: tuple[str, list[Exchange]]) -> None:
            name, served = case
            outcome, sent, seconds = runner.run(call_with(served, CALLS[name][1]))
            count.add(sent)
            count.timed(seconds, lambda: runner.run(call_with(served, CALLS[name][1]))[2])
            check_outcome(outcome)

        one()
    count.check()
