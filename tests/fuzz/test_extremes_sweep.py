"""Every number and every date of every answer the workflow reads, set in turn to each extreme
value, through the real client and the gateway: a clear ShippingError or values fit for the
workflow, never a crash. Random mutation rarely lands on one particular field with one
particular value; this sweep visits them all."""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from packstation.workflow.gateway import SortedProGateway
from packstation.workflow.shipping_api import ShippingError
from tests.fuzz.budget import MAX_SECONDS_PER_CALL, PayloadCount
from tests.fuzz.json_mutation import Path, dumps, paths, raw_token
from tests.fuzz.nasty import DATE_NUMBERS, EXTREME_DATES
from tests.fuzz.responses import fuzz_client
from tests.fuzz.test_gateway_fuzz import CALLS, ROUTES, fit_for_the_workflow, rank_options

EXTREME_NUMBERS: tuple[Any, ...] = (
    0, -1, 2**63, 10**30, -(10**20), 1e308, -1e308, 5e-324, True, "1e9999999999",
    "-1e9999999999", "1e999999", "1e-9999999999", "NaN", "Infinity", "", "１２３", "²", "12,50",
    raw_token("1e400"), raw_token("NaN"), raw_token("-0"), raw_token("9" * 5000),
)  # fmt: skip
EXTREME_MOMENTS: tuple[Any, ...] = (*EXTREME_DATES, *DATE_NUMBERS)
# Gateway call -> the route whose answer is swept (every other route answers well).
SWEPT = {
    "get_order": "order",
    "quote": "options",
    "get_option": "option details",
    "select": "select",
    "get_consignment": "consignment",
    "find_consignments": "search",
    "carriers": "carrier services",
}


def _is_moment(value: Any) -> bool:
    return (isinstance(value, str) and value[:4].isdigit() and "-" in value[4:5]) or (
        isinstance(value, str) and value[2:3] == ":"
    )


def variants(document: Any) -> Iterator[tuple[Path, Any]]:
    for path in paths(document):
        value: Any = document
        for step in path:
            value = value[step]
        if isinstance(value, int | float) and not isinstance(value, bool):
            yield from ((path, extreme) for extreme in EXTREME_NUMBERS)
        elif _is_moment(value):
            yield from ((path, extreme) for extreme in EXTREME_MOMENTS)


def with_value(document: Any, path: Path, value: Any) -> Any:
    changed = copy.deepcopy(document)
    parent = changed
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return changed


class SweepTransport(httpx.MockTransport):
    def __init__(self, swept_route: str, body: bytes) -> None:
        super().__init__(self._answer)
        self._swept, self._body = swept_route, body
        self.served = 0

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.served += 1
        for pattern, template, _ in ROUTES:
            if pattern.search(request.url.path):
                body = self._body if template.name == self._swept else dumps(template.document)
                return httpx.Response(
                    200, content=body, headers={"content-type": "application/json"}
                )
        raise AssertionError(request.url.path)


async def _once(call: str, transport: SweepTransport, path: Path, value: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    async with fuzz_client(transport, attempts=1) as client:
        try:
            outcome: Any = await CALLS[call](SortedProGateway(client, "SL-DEMO-1"))
        except ShippingError as error:
            outcome = error
        except Exception as error:  # the failure this sweep exists to find
            where = ".".join(map(str, path))
            raise AssertionError(f"{call}: {where} = {json.dumps(value)[:60]}") from error
    return outcome, time.perf_counter() - started


async def sweep(call: str, count: PayloadCount) -> None:
    template = next(t for _, t, _ in ROUTES if t.name == SWEPT[call])
    for path, value in variants(template.document):
        transport = SweepTransport(
            template.name, dumps(with_value(template.document, path, value)).encode()
        )
        outcome, seconds = await _once(call, transport, path, value)
        if seconds >= MAX_SECONDS_PER_CALL:  # the machine stalled, or the input is slow: again
            seconds = min(seconds, (await _once(call, transport, path, value))[1])
        count.timed(seconds)
        count.add(transport.served)
        if not isinstance(outcome, ShippingError):
            fit_for_the_workflow(outcome, f"{call} with {'.'.join(map(str, path))}={value!r:.40}")
            if call in ("quote", "get_option"):
                rank_options(outcome if isinstance(outcome, list) else [outcome])


@pytest.mark.parametrize("call", sorted(SWEPT))
def test_every_number_and_date_at_its_extremes(call: str) -> None:
    count = PayloadCount("gateway: every number and date at its extremes")
    asyncio.run(sweep(call, count))
    assert count.sent > 0
