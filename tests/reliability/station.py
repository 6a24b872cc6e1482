"""One packing station, built from the real parts the app uses, wired for the campaign.

The real `AsyncSortedPro` client (real HTTP over loopback to a real `SandboxServer`, a fast
retry policy, every exchange recorded), the real `SortedProGateway`, a real `AsyncJournal` in a
temporary directory, the real `PackingService` and `DayClose`, and a recording printer.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from packstation.api import AsyncSortedPro
from packstation.api.retry import RetryPolicy
from packstation.api.timeouts import OperationTimeouts
from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.day_close import DayClose
from packstation.workflow.gateway import SortedProGateway
from packstation.workflow.packing import PackingService, WorkflowSettings
from packstation.workflow.rules import RuleKind, SelectionRule

from .exchanges import ExchangeLog, RecordingSleep, RecordingTransport
from .printer import RecordingPrinter, RecordingPrinterFactory

SHIPPING_LOCATION = "SL-DEMO-1"
MAX_ATTEMPTS = 3
BASE_DELAY = 0.02
MAX_DELAY = 0.1
MAX_RETRY_AFTER = 5.0  # the station waits out a Retry-After up to this; above it, says so


@dataclass
class StationClock:
    """The station's "now": the sandbox's clock minus any shift the station has not seen."""

    skew: timedelta = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.skew


@dataclass
class Station:
    name: str
    packing: PackingService
    day_close: DayClose
    journal: AsyncJournal
    printer: RecordingPrinter
    transport: RecordingTransport
    log: ExchangeLog
    clock: StationClock


def _skew_of(server: Sandbox) -> timedelta:
    skew = getattr(server, "skew", None)
    return skew() if callable(skew) else timedelta()


def fast_retry_policy(rng: random.Random) -> RetryPolicy:
    return RetryPolicy(
        max_attempts=MAX_ATTEMPTS,
        base_delay=BASE_DELAY,
        max_delay=MAX_DELAY,
        max_retry_after=MAX_RETRY_AFTER,
        random=rng.random,
    )


def exchange_log() -> ExchangeLog:
    return ExchangeLog(
        max_attempts=MAX_ATTEMPTS, max_retry_after=MAX_RETRY_AFTER, max_backoff=MAX_DELAY
    )


class Sandbox(Protocol):
    base_url: str
    api_key: str


@asynccontextmanager
async def open_station(
    server: Sandbox,
    data_dir: Path,
    *,
    name: str = "bench-1",
    deadline: float = 3.0,
    printer: RecordingPrinter | None = None,
    log: ExchangeLog | None = None,
    clock: StationClock | None = None,
    rng: random.Random | None = None,
    timeouts: OperationTimeouts | None = None,
    label_format: str = "pdf",
    settle_timeout: float = 2.0,
    select_settle_seconds: float = 2.0,
    rule: Callable[[], SelectionRule] | None = None,
) -> AsyncIterator[Station]:
    log = log or exchange_log()
    transport = RecordingTransport(log)
    # The reliability sandboxes start on a fixed Monday: the station's clock follows theirs,
    # whatever day the tests run on.
    clock = clock or StationClock(_skew_of(server))
    printer = printer or RecordingPrinter()
    client = AsyncSortedPro(
        base_url=server.base_url,
        api_key=server.api_key,
        retry_policy=fast_retry_policy(rng or random.Random(0)),
        timeouts=timeouts or OperationTimeouts(),
        transport=transport,
        sleep=RecordingSleep(log),
    )
    journal = await AsyncJournal.open(data_dir / "journal.sqlite3")
    try:
        gateway = SortedProGateway(client, SHIPPING_LOCATION)
        packing = PackingService(
            api=gateway,
            journal=journal,
            printers=RecordingPrinterFactory(printer),
            settings=WorkflowSettings(
                station=name,
                shipping_location_reference=SHIPPING_LOCATION,
                label_format=label_format,
                label_printer=printer.target,
                document_printer=None,
                rule=rule() if rule else SelectionRule(kind=RuleKind.CHEAPEST),
                action_deadline_seconds=deadline,
                select_settle_seconds=select_settle_seconds,
            ),
            clock=clock,
        )
        day_close = DayClose(
            api=gateway,
            journal=journal,
            shipping_location_reference=SHIPPING_LOCATION,
            settle_timeout=settle_timeout,
            poll_interval=0.05,
        )
        yield Station(name, packing, day_close, journal, printer, transport, log, clock)
    finally:
        await journal.close()
        await client.aclose()
