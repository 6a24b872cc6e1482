"""A day's worth of packed consignments on the fake SortedPRO, for the end-of-day screen."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.day_close import DayClose
from packstation.workflow.packing import PackingService, WorkflowSettings
from tests.unit.workflow.fakes import (
    NOW,
    FakeConsignment,
    FakePrinterFactory,
    FakeShippingApi,
    make_order,
)

T = TypeVar("T")
NOT_PRINTED_HERE = "EC-NOT-PRI-NTD"
CARRIER_REJECTION = "Carrier rejected the postcode"


def run(qtbot: Any, coroutine: Coroutine[Any, Any, T], timeout_ms: int = 10_000) -> T:
    """Run a coroutine on the qasync loop from a sync test."""
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=timeout_ms)
    return task.result()


@dataclass
class PackedDay:
    api: FakeShippingApi
    journal: AsyncJournal
    day_close: DayClose
    failing: str  # the consignment the carrier will reject


async def pack_a_day(
    directory: Path,
    *,
    api: FakeShippingApi | None = None,
    orders: int = 3,
    not_printed: str = NOT_PRINTED_HERE,
    failing_order: int = 1,
) -> PackedDay:
    """`orders` packed and printed here, one more (`not_printed`) packed elsewhere, and the
    carrier will reject the consignment of order number `failing_order`."""
    api = api or FakeShippingApi()
    journal = await AsyncJournal.open(directory / "journal.sqlite3")
    packing = PackingService(
        api=api,
        journal=journal,
        printers=FakePrinterFactory(),
        settings=WorkflowSettings(
            station="b1", shipping_location_reference="SL", label_printer="fake:l"
        ),
        clock=lambda: NOW,
    )
    packed = []
    for n in range(orders):
        api.add_order(make_order(f"EO-000-001-{n:03d}"))
        packed.append(await packing.scan_to_print(f"EO-000-001-{n:03d}"))
    api.consignments[not_printed] = FakeConsignment(not_printed, "elsewhere")
    failing = packed[failing_order].record.consignment_reference
    assert failing is not None
    api.manifest_fails.add(failing)
    day_close = DayClose(
        api=api, journal=journal, shipping_location_reference="SL", poll_interval=0.01
    )
    return PackedDay(api, journal, day_close, failing)
