"""A long search page is validated a few rows per event-loop turn, with the one-go result."""

from __future__ import annotations

import json

import pytest

from packstation.api.errors import MalformedResponseError
from packstation.api.models.consignments import ConsignmentSearchPage
from packstation.api.operations import SEARCH_CONSIGNMENTS
from packstation.api.parsing import ROWS_PER_TURN, parse_body, parse_rows_in_turns

from .examples import consignment_summary

ROWS = 2 * ROWS_PER_TURN + 7


def page(rows: list[dict[str, object]]) -> bytes:
    return json.dumps({"Count": len(rows), "ConsignmentSummaries": rows}).encode()


async def in_turns(body: bytes) -> ConsignmentSearchPage:
    return await parse_rows_in_turns(
        ConsignmentSearchPage,
        body,
        SEARCH_CONSIGNMENTS,
        200,
        rows_key="ConsignmentSummaries",
        rows_attribute="summaries",
    )


async def test_a_long_page_reads_the_same_in_turns_as_in_one_go() -> None:
    states = ("Allocated", "ReadyToShip", "Manifested")
    body = page([consignment_summary(f"EC-000-05B-{n:03X}", states[n % 3]) for n in range(ROWS)])
    assert await in_turns(body) == parse_body(ConsignmentSearchPage, body, SEARCH_CONSIGNMENTS, 200)
    assert len((await in_turns(body)).summaries) == ROWS


async def test_a_bad_row_gives_the_one_go_error() -> None:
    rows = [consignment_summary(f"EC-000-05B-{n:03X}") for n in range(ROWS)]
    rows[ROWS - 2]["ConsignmentState"] = {"not": "a state"}
    rows[ROWS - 2]["Reference"] = {"not": "a reference"}
    body = page(rows)
    with pytest.raises(MalformedResponseError) as one_go:
        parse_body(ConsignmentSearchPage, body, SEARCH_CONSIGNMENTS, 200)
    with pytest.raises(MalformedResponseError) as turns:
        await in_turns(body)
    assert str(turns.value) == str(one_go.value)


async def test_a_body_that_is_not_json_gives_the_one_go_error() -> None:
    with pytest.raises(MalformedResponseError, match="not JSON"):
        await in_turns(b"<html>" + b" " * 4096)
