"""The campaign's own checks fail when they should: each is fed a known violation."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from packstation.workflow.journal import PackRecord, PrintRecord
from packstation.workflow.states import PackState

from .exchanges import Exchange, ExchangeLog
from .lag import LagMonitor
from .printer import Received, RecordingPrinter
from .sandbox_process import ConsignmentRow
from .world import PackFacts, World, consignment_violations, print_violations

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def test_the_lag_monitor_sees_a_blocked_loop_and_not_an_idle_one() -> None:
    idle = LagMonitor()
    async with idle.watching():
        await asyncio.sleep(0.3)
    blocked = LagMonitor()
    async with blocked.watching():
        await asyncio.sleep(0.02)
        time.sleep(0.3)  # noqa: ASYNC251 - the very thing the monitor must catch
        await asyncio.sleep(0.02)
    assert idle.worst_blocked < 0.1
    assert blocked.worst_blocked > 0.25
    assert "test_the_lag_monitor" in blocked.stall_stack


def _log(*exchanges: Exchange) -> ExchangeLog:
    log = ExchangeLog(max_attempts=3, max_retry_after=5.0, max_backoff=0.1)
    log.exchanges.extend(exchanges)
    return log


def _exchange(
    seq: int,
    method: str = "GET",
    path: str = "/orders/EO-1",
    *,
    retry_of: int | None = None,
    slept: float | None = None,
    status: int | None = 200,
    retry_after: str | None = None,
    failure: str | None = None,
    query: str = "",
) -> Exchange:
    return Exchange(
        seq=seq,
        method=method,
        path=path,
        query=query,
        body_digest="x",
        retry_of=retry_of,
        slept=slept,
        status=status,
        retry_after=retry_after,
        failure=failure,
        received_at=NOW,
    )


def test_allowed_retries_pass() -> None:
    log = _log(
        _exchange(0, status=503),
        _exchange(1, retry_of=0, slept=0.05, status=429, retry_after="2"),
        _exchange(2, retry_of=1, slept=2.0, status=200),
        _exchange(3, "POST", "/deliveryoptions/select/EDO-1", status=None, failure="not_sent"),
        _exchange(4, "POST", "/deliveryoptions/select/EDO-1", retry_of=3, slept=0.01),
    )
    assert log.retry_violations() == []


def test_forbidden_retries_are_caught() -> None:
    select = "/deliveryoptions/select/EDO-1"
    date = format_datetime(NOW + timedelta(seconds=3), usegmt=True)
    cases = {
        "a 4xx": (_exchange(0, status=404), _exchange(1, retry_of=0, slept=0.05)),
        "a 5xx on select": (
            _exchange(0, "POST", select, status=503),
            _exchange(1, "POST", select, retry_of=0, slept=0.05),
        ),
        "a lost select": (
            _exchange(0, "POST", select, status=None, failure="lost"),
            _exchange(1, "POST", select, retry_of=0, slept=0.05),
        ),
        "a 500": (_exchange(0, status=500), _exchange(1, retry_of=0, slept=0.05)),
        "a short wait": (
            _exchange(0, status=429, retry_after="2"),
            _exchange(1, retry_of=0, slept=0.5),
        ),
        "a short wait for a date": (
            _exchange(0, status=503, retry_after=date),
            _exchange(1, retry_of=0, slept=0.1),
        ),
        "a huge Retry-After waited out": (
            _exchange(0, status=429, retry_after="86400"),
            _exchange(1, retry_of=0, slept=86400.0),
        ),
        "another request": (
            _exchange(0, status=503),
            _exchange(1, path="/orders/EO-2", retry_of=0, slept=0.05),
        ),
    }
    for name, exchanges in cases.items():
        assert _log(*exchanges).retry_violations(), name
    chain = [_exchange(0, status=503)] + [
        _exchange(n, retry_of=n - 1, slept=0.05, status=503) for n in range(1, 4)
    ]
    assert _log(*chain).retry_violations()  # four attempts, the policy allows three


def test_a_second_select_is_caught_unless_a_search_settled_the_first() -> None:
    select = "/deliveryoptions/select/EDO-1"
    search = "/consignments/100/0"
    booked = _log(_exchange(0, "POST", select), _exchange(1, "POST", select))
    lost = _log(
        _exchange(0, "POST", select, status=None, failure="lost"), _exchange(1, "POST", select)
    )
    settled = _log(
        _exchange(0, "POST", select, status=None, failure="lost"),
        _exchange(1, "GET", search, query="referenceProvidedByCustomer=EO-1-PS-X-1"),
        _exchange(2, "POST", select),
    )
    refused = _log(_exchange(0, "POST", select, status=400), _exchange(1, "POST", select))
    assert booked.select_violations()
    assert lost.select_violations()
    assert settled.select_violations() == []
    assert refused.select_violations() == []


def _record(pack_id: str, state: PackState, consignment: str | None = None) -> PackRecord:
    from packstation.workflow.domain import Allocation

    return PackRecord(
        pack_id=pack_id,
        order_reference="EO-1",
        client_reference=f"EO-1-PS-X-{pack_id}",
        station="x",
        state=state,
        created_at=NOW,
        updated_at=NOW,
        parked_reason=None,
        parked_from=None,
        select_attempted=consignment is not None,
        packages=(),
        option=None,
        allocation=Allocation(consignment, None, None, None, None) if consignment else None,
        label_format="pdf",
        label_dpi=203,
        destination_country="GB",
        print_count=1,
        last_print_message=None,
        manifest_state=None,
        manifest_message=None,
    )


def test_duplicate_and_unknown_consignments_are_caught() -> None:
    pack = PackFacts(_record("AAAAAAAA1", PackState.PRINT_SUBMITTED, "EC-1"), (), frozenset())
    rows = [
        ConsignmentRow("EC-1", "Allocated", "EO-1-PS-X-AAAAAAAA1", ()),
        ConsignmentRow("EC-2", "Allocated", "EO-1-PS-X-BBBBBBBB2", ()),
    ]
    world = World(consignments=rows, packs=[pack], shop_references={}, orders=["EO-1"])
    problems = consignment_violations(world)
    assert any("2 live consignments" in p for p in problems)
    assert any("EC-2" in p and "not in the journal" in p for p in problems)
    only_ours = World(consignments=rows[:1], packs=[pack], shop_references={}, orders=["EO-1"])
    assert consignment_violations(only_ours) == []


def test_unasked_and_phantom_labels_are_caught() -> None:
    record = _record("AAAAAAAA1", PackState.PRINT_SUBMITTED, "EC-1")
    job = PrintRecord(1, record.pack_id, 7, "t", "first print", "submitted", "1", None, NOW)
    facts = PackFacts(record, (job,), frozenset({7}))
    world = World(consignments=[], packs=[facts], shop_references={}, orders=["EO-1"])
    printer = RecordingPrinter()
    label = Received(f"EC-1 label {record.pack_id[:8]} print 1", "label", "d")
    printer.received = [label]
    assert print_violations(world, printer, {}) == []
    printer.received = [label, label]
    assert print_violations(world, printer, {})  # a second label nobody asked for
    assert print_violations(world, printer, {record.pack_id: 1}) == []
    printer.received = []
    assert print_violations(world, printer, {})  # "printed" with nothing at the printer
