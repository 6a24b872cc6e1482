"""Two stations packing the same order: one consignment, and the second told who has it.

Two real stations (each its own PackingService, journal, client and printer) against one
sandbox: one after the other, and at the same moment (asyncio.gather), for an option the
station's rule picks (each station quotes its own) and for the customer's checkout option (one
option, one shared reference: the sandbox answers the second select DeliveryOptionAlreadySelected).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import pytest

from packstation.workflow.packing import PackView
from packstation.workflow.states import PackState
from packstation.workflow.workflow_errors import PackedElsewhereError

from .printer import RecordingPrinter
from .sandbox_process import ConsignmentRow, SandboxProcess
from .station import Station, open_station

pytestmark = pytest.mark.e2e

RULE_ORDERS = ("EO-000-02A-000", "EO-000-02A-002", "EO-000-02A-003", "EO-000-02A-00C")
CHOICE_ORDERS = {  # order -> the checkout's reference its consignment carries
    "EO-000-02A-001": "WEB-100002",
    "EO-000-02A-004": "WEB-100005",
    "EO-000-02A-00D": "WEB-100014",
}


@pytest.fixture
def sandbox(reliability_sandboxes: dict[str, SandboxProcess]) -> SandboxProcess:
    server = reliability_sandboxes["error"]
    server.reset()
    return server


@asynccontextmanager
async def two_stations(sandbox: SandboxProcess, tmp_path: Path) -> AsyncIterator[list[Station]]:
    async with AsyncExitStack() as stack:
        stations = []
        for name in ("bench-a", "bench-b"):
            (tmp_path / name).mkdir()
            stations.append(
                await stack.enter_async_context(
                    open_station(
                        sandbox, tmp_path / name, name=name, printer=RecordingPrinter(name)
                    )
                )
            )
        yield stations


def made_for(sandbox: SandboxProcess, order: str, shop: str | None = None) -> list[ConsignmentRow]:
    return [
        c
        for c in sandbox.consignments()
        if c.client_reference.upper().startswith(order) or c.client_reference == shop
    ]


def labels(station: Station) -> int:
    return sum(1 for r in station.printer.received if r.kind == "label")


async def test_one_after_the_other_the_second_is_told_who_has_it(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with two_stations(sandbox, tmp_path) as (first, second):
        for order, shop in [(RULE_ORDERS[0], None), *list(CHOICE_ORDERS.items())[:1]]:
            done = await first.packing.scan_to_print(order)
            assert done.record.state is PackState.PRINT_SUBMITTED
            with pytest.raises(PackedElsewhereError) as refused:
                await second.packing.scan_to_print(order)
            consignment = done.record.consignment_reference
            assert consignment is not None
            assert consignment in refused.value.user_message
            assert [c.reference for c in made_for(sandbox, order, shop)] == [consignment]
        assert labels(second) == 0


async def _race(
    first: Station, second: Station, order: str
) -> tuple[PackView, PackedElsewhereError, int]:
    """Both scan the order at once; returns the winner's view, the loser's refusal, and how
    many labels the loser printed meanwhile."""
    before = {id(first): labels(first), id(second): labels(second)}
    results = await asyncio.gather(
        first.packing.scan_to_print(order),
        second.packing.scan_to_print(order),
        return_exceptions=True,
    )
    done = [r for r in results if isinstance(r, PackView)]
    refused = [r for r in results if isinstance(r, PackedElsewhereError)]
    assert len(done) == 1 and len(refused) == 1, results
    assert done[0].record.state is PackState.PRINT_SUBMITTED
    loser = second if isinstance(results[1], PackedElsewhereError) else first
    return done[0], refused[0], labels(loser) - before[id(loser)]


async def test_at_the_same_moment_an_option_each_station_quoted(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with two_stations(sandbox, tmp_path) as (first, second):
        for order in RULE_ORDERS:
            done, refused, loser_labels = await _race(first, second, order)
            winner = done.record.consignment_reference
            assert winner is not None and winner in refused.user_message
            live = [c.reference for c in made_for(sandbox, order) if c.live]
            assert live == [winner]
            assert loser_labels == 0


async def test_at_the_same_moment_the_customers_checkout_option(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with two_stations(sandbox, tmp_path) as (first, second):
        for order, shop in CHOICE_ORDERS.items():
            done, refused, loser_labels = await _race(first, second, order)
            winner = done.record.consignment_reference
            assert winner is not None and winner in refused.user_message
            assert [c.reference for c in made_for(sandbox, order, shop)] == [winner]
            assert loser_labels == 0
