"""The model-based fault campaign: packer actions interleaved with faults, invariants after each.

Hypothesis draws a program per run (how the station starts, then a sequence of moves) and the
model plays it against one real station: the real client over real HTTP to a real sandbox
process, a real journal, a recording printer. This is a rule-based state machine whose moves
are all drawn before the run starts: the system under test is concurrent and timed, so a
machine drawing its next rule from what the last one did could not be replayed exactly, and
Hypothesis would report its own "flaky" error instead of the finding. Moves are what a packer
does (scan, open and choose, double scan, Esc, reprint, cancel, Retry a parked pack, day close,
a power cut and restart) and the faults the issue lists (see `fault_catalog`); faults are
armed just before a packer action and disarmed two actions later if they never fired. After
every packer action it checks:

1. at most one live consignment per order, and none the journal does not know;
2. no label shown as printed unless the printer received it; a second label only when asked;
3. at the day close every allocated consignment is manifested or listed as an exception (and
   none listed as failed was in fact manifested, unless the failure says it may have been);
4. no action waits past its deadline (plus a small slack) without parking, every refusal has
   words for the packer, and the event loop is never blocked for more than `max_lag`;
5. no retry the API reference forbids (see `exchanges`), Retry-After honoured.

A violation is recorded with the run's history and ends that run; the campaign carries on and
reports them all. At the end of each run the faults are lifted and every order is finished as
a packer would (scan it again, cancel again what they meant to cancel): each must end with
exactly one live consignment and a label, or cancelled with none.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import re
import shutil
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from packstation.workflow.packing import PRINTER_CANNOT_SAY_REASON, PackView
from packstation.workflow.progress import PackStep
from packstation.workflow.shipping_api import MANIFESTABLE_STATES, RefusedError, ShippingError
from packstation.workflow.states import DONE_STATES, PackState
from packstation.workflow.workflow_errors import WorkflowStateError

from .fault_catalog import HTTP_KINDS, TARGETS, FaultKind, http_fault
from .lag import LagMonitor
from .leaks import LogCollector, leaks_in, personal_data_of
from .printer import PrinterMode, RecordingPrinter
from .sandbox_process import SandboxProcess
from .station import Station, StationClock, open_station
from .stats import CampaignStats
from .world import (
    PackFacts,
    World,
    consignment_violations,
    parked_violations,
    print_violations,
)

# What the window does on Esc while an action runs (packstation.ui.pack_session): stop
# waiting, then park the pack with this reason unless it is done, parked or cancelled.
STOPPED_REASON = (
    "Stopped by the packer while waiting. Press Retry: the station checks with SortedPRO "
    "first, so nothing is booked twice."
)
CATEGORIES = ("single", "multi", "international", "choice:valid", "choice:expired", "heavy")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A failure reported with these words says the manifest may have happened: that is the truth.
OUTCOME_UNKNOWN_WORDS = re.compile(r"may have gone through|not known whether", re.IGNORECASE)
SETTLE_ATTEMPTS = 4
SELECT_SETTLE_SECONDS = 1.75  # longer than any delay the faults put on a select in flight (1.6 s)
# Fault kinds, repeated to weight the draw; a latency past the deadline costs real seconds.
WEIGHTED_HTTP_KINDS = tuple(
    kind for kind in HTTP_KINDS for _ in range(1 if kind is FaultKind.LATENCY_PAST_DEADLINE else 3)
)
FAULT = st.tuples(
    st.sampled_from(WEIGHTED_HTTP_KINDS),
    st.sampled_from(TARGETS),
    st.integers(1, 3),
    st.integers(0, 11),
)
FAULTS = st.lists(FAULT, max_size=3)
FAULT_LIFETIME_ACTIONS = 2  # an armed fault that has not fired by then is disarmed
ESC_STEPS = (
    PackStep.LOOKUP,
    PackStep.QUOTE,
    PackStep.RECONCILE,
    PackStep.SELECT,
    PackStep.LABEL,
    PackStep.PRINT,
)


# The packer's and the world's moves: name -> the strategies of its arguments.
MOVES: dict[str, dict[str, st.SearchStrategy[Any]]] = {}
F = TypeVar("F", bound=Callable[..., None])


def move(**arguments: st.SearchStrategy[Any]) -> Callable[[F], F]:
    """Register a method of PackingModel as a move the campaign can draw."""

    def register(method: F) -> F:
        MOVES[method.__name__] = arguments
        return method

    return register


@dataclass
class ModelEnvironment:
    sandboxes: Mapping[str, SandboxProcess]  # reselect mode ("error"/"duplicate") -> sandbox
    root: Path
    stats: CampaignStats = field(default_factory=CampaignStats)
    deadline: float = 1.0
    slack: float = 0.5
    max_lag: float = 0.2
    orders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shop_references: dict[str, str] = field(default_factory=dict)
    personal_data: tuple[str, ...] = ()  # what the sentinel search looks for after each run

    def __post_init__(self) -> None:
        sandbox = next(iter(self.sandboxes.values()))
        by_category: dict[str, list[str]] = {c: [] for c in CATEGORIES}
        for order in sandbox.orders():
            reference = str(order["OrderReference"])
            self.shop_references[str(order["OrderReferenceProvidedByCustomer"])] = reference
            categories = set(order["Categories"])
            if "choice:valid" in categories:
                by_category["choice:valid"].append(reference)
            elif "choice:expired" in categories:
                by_category["choice:expired"].append(reference)
            elif "heavy" in categories:
                by_category["heavy"].append(reference)
            elif "international" in categories:
                by_category["international"].append(reference)
            elif "multi" in categories:
                by_category["multi"].append(reference)
            elif "single" in categories:
                by_category["single"].append(reference)
        self.orders = {c: tuple(refs) for c, refs in by_category.items()}
        every_order = [reference for refs in self.orders.values() for reference in refs]
        self.personal_data = personal_data_of(sandbox.base_url, sandbox.api_key, every_order)


@dataclass
class _Armed:
    kind: FaultKind
    rule_id: int
    count: int
    fired: int = 0
    age: int = 0


class PackingModel:
    environment: ClassVar[ModelEnvironment | None] = None

    def __init__(self) -> None:
        environment = type(self).environment
        assert environment is not None, "set PackingModel.environment first"
        self.env = environment
        self.runner = asyncio.Runner(debug=bool(os.environ.get("PACKSTATION_ASYNCIO_DEBUG")))
        self.directory = Path(tempfile.mkdtemp(dir=environment.root, prefix="run-"))
        self.stats = CampaignStats(runs=1)
        self.started = time.monotonic()
        self.stack: AsyncExitStack | None = None
        self.station: Station | None = None
        self.sandbox = next(iter(environment.sandboxes.values()))
        self.orders: list[str] = []
        self.views: dict[str, PackView] = {}
        self.reprints: Counter[str] = Counter()
        self.printer = RecordingPrinter()
        self.clock = StationClock()
        self.offset = 0.0
        self.armed: list[_Armed] = []
        self.refusals_armed = 0
        self.refused_seen = 0
        self.printer_refusals_seen = 0
        self.manifest_failures_armed: set[str] = set()
        self.exchanges_checked = 0
        self.journal_lines: list[str] = []
        self.failed = False
        self.cancels_wanted: set[str] = set()
        self.label_format = "pdf"
        self.logs = LogCollector()

    # ---- set-up and tear-down ------------------------------------------------------------

    def start(
        self, mode: str, picks: list[str], rotation: int, can_tell: bool, label_format: str
    ) -> None:
        # What the test process holds (Hypothesis's data, earlier runs) is frozen out of the
        # collector: a full collection of it would stall this loop for 200-300 ms at a random
        # point, a pause of the test harness, not of the station.
        gc.collect()
        gc.freeze()
        self.logs.__enter__()
        self.sandbox = self.env.sandboxes.get(mode) or next(iter(self.env.sandboxes.values()))
        self.sandbox.reset()
        for index, category in enumerate(picks):
            pool = self.env.orders[category]
            for shift in range(len(pool)):
                candidate = pool[(rotation + index + shift) % len(pool)]
                if candidate not in self.orders:
                    self.orders.append(candidate)
                    break
        self.clock.skew = self.sandbox.skew()
        self.printer.can_tell = can_tell
        self.label_format = label_format
        self._note(f"start: {mode} reselect, orders {self.orders}, printer can_tell={can_tell}")
        self.runner.run(self._open_station())

    async def _open_station(self) -> None:
        self.refused_seen = 0
        self.stack = AsyncExitStack()
        self.station = await self.stack.enter_async_context(
            open_station(
                self.sandbox,
                self.directory,
                deadline=self.env.deadline,
                printer=self.printer,
                log=self.station.log if self.station else None,
                clock=self.clock,
                select_settle_seconds=SELECT_SETTLE_SECONDS,
                label_format=self.label_format,
            )
        )

    async def _close_station(self) -> None:
        if self.station is not None:
            self._count_refusals()
        if self.stack is not None:
            await self.stack.aclose()
            self.stack = None

    def teardown(self) -> None:
        try:
            if self.station is not None and not self.failed:
                self._clear_faults()
                self.printer.mode = PrinterMode.ONLINE
                self.runner.run(self._settle())
                self._check_everything("after the faults were lifted")
                self._check_final()
        finally:
            with contextlib.suppress(Exception):
                self.runner.run(self._close_station())
            self.runner.close()
            self.logs.__exit__()
            if self.station is not None and not self.failed:
                self._search_for_leaks()
            shutil.rmtree(self.directory, ignore_errors=True)
            if self.station is not None:
                self.stats.exchanges = len(self.station.log.exchanges)
                self.stats.retries = sum(
                    1 for e in self.station.log.exchanges if e.retry_of is not None
                )
            self.stats.duration = time.monotonic() - self.started
            self.env.stats.merge(self.stats)

    def _search_for_leaks(self) -> None:
        """The sandboxes' key is a sentinel; the orders' personal data is known: neither may be
        in the run's log records, nor (the key) in any file the station wrote, nor (personal
        data) in the journal outside the archived documents."""
        self.stats.log_records_searched += len(self.logs.lines)
        problems = leaks_in(
            self.logs.lines, self.directory, self.env.personal_data, self.sandbox.api_key
        )
        self._fail(problems, "sentinel search at the end of the run")

    # ---- helpers -------------------------------------------------------------------------

    @property
    def live_station(self) -> Station:
        assert self.station is not None
        return self.station

    def _note(self, line: str) -> None:
        self.journal_lines.append(line)

    def _fail(self, problems: list[str], when: str) -> None:
        """Record a violation with the run's history; the run stops doing anything after it.

        It is not raised: the system under test is concurrent and timed, so Hypothesis could
        not replay the run exactly, and would report a "flaky" failure instead of this one."""
        if not problems:
            return
        history = "\n  ".join(self.journal_lines)
        self.stats.violations.append(f"{when}: " + "; ".join(problems) + f"\n  {history}")
        self.failed = True

    async def _open_pack(self, order: str) -> Any:
        return await self.live_station.journal.find_open_pack_for_order(order)

    def _count_asked_reprint(self, record: Any) -> None:
        """Retrying a pack parked because the printer cannot say whether the label came out
        is the packer, told to check the printer, asking for the label again."""
        if record is not None and record.parked_reason == PRINTER_CANNOT_SAY_REASON:
            self.reprints[record.pack_id] += 1

    def _act(
        self,
        name: str,
        work: Callable[[], Awaitable[object]],
        *,
        bounded: bool,
        responsive: bool = True,
    ) -> None:
        """Run one packer action; `bounded`: it has the action deadline; `responsive`: the
        window must keep running meanwhile (not so for a station's own restart)."""
        if self.failed:
            return
        self.stats.steps += 1
        self.stats.actions[name] += 1
        outcomes: list[str] = []
        unexpected: list[str] = []

        monitor = LagMonitor()

        async def run() -> tuple[float, float]:
            async with monitor.watching():
                began = time.monotonic()
                try:
                    result = await work()
                except ShippingError as error:
                    outcomes.append(type(error).__name__)
                    if not error.user_message.strip():
                        unexpected.append(f"{type(error).__name__} with no words for the packer")
                except Exception as error:  # any other exception is a bug
                    unexpected.append(
                        f"unexpected {type(error).__name__}: {error}\n"
                        + "".join(traceback.format_exception(error))
                    )
                else:
                    outcomes.extend(_outcomes_of(result))
                elapsed = time.monotonic() - began
            return elapsed, monitor.worst_blocked

        elapsed, lag = self.runner.run(run())
        self.stats.outcomes.update(outcomes)
        self._note(f"{name}: {', '.join(outcomes) or 'nothing'} in {elapsed:.2f} s")
        self.stats.worst_lag = max(self.stats.worst_lag, lag)
        if elapsed > self.stats.worst_action:
            self.stats.worst_action, self.stats.worst_action_name = elapsed, name
        self._count_fired()
        problems = list(unexpected)
        limit = self.env.deadline + self.env.slack
        if bounded and elapsed > limit:
            problems.append(f"{name} took {elapsed:.2f} s, past the {limit:.1f} s deadline")
        if responsive and lag > self.env.max_lag:
            problems.append(
                f"the event loop stalled for {lag * 1000:.0f} ms during {name}; the loop's "
                f"thread was at:\n{monitor.stall_stack or '(not sampled)'}"
            )
        self._fail(problems, name)
        self._check_everything(f"after {name}")

    # ---- faults --------------------------------------------------------------------------

    def _arm(self, faults: list[tuple[FaultKind, tuple[str, str], int, int]]) -> None:
        if self.failed:
            return
        for kind, where, count, variant in faults:
            fault = http_fault(kind, where, count, variant, self.env.deadline)
            self.stats.faults_armed[kind.value] += count
            self._note(f"arm {kind.value} x{count} on {where[0]} {where[1]}")
            if fault.rule is None:
                self.refusals_armed += count
                self.live_station.transport.refuse(self.refusals_armed)
                continue
            rules = self.sandbox.add_faults({"rules": [fault.rule]})
            self.armed.append(_Armed(kind, int(rules[-1]["id"]), count))

    @move(faults=st.lists(FAULT, min_size=1, max_size=3))
    def arm_faults(self, faults: list[tuple[FaultKind, tuple[str, str], int, int]]) -> None:
        """Faults for whatever the packer does next."""
        self._arm(faults)

    @move(mode=st.sampled_from(tuple(PrinterMode)))
    def set_printer(self, mode: PrinterMode) -> None:
        self.printer.mode = mode
        if mode is not PrinterMode.ONLINE:
            kind = (
                FaultKind.PRINTER_OFFLINE if mode is PrinterMode.OFFLINE else FaultKind.PRINTER_DIES
            )
            self.stats.faults_armed[kind.value] += 1
        self._note(f"printer {mode.value}")

    @move(station_sees_it=st.booleans())
    def expire_options(self, station_sees_it: bool) -> None:
        """Move the sandbox's clock past the cut-off of every option the station holds."""
        cutoffs = [
            option.allocation_cutoff
            for view in self.views.values()
            for option in view.options
            if option.allocation_cutoff is not None
        ]
        now = self.sandbox.now()
        latest = max(cutoffs, default=now)
        shift = max(60.0, (latest - now).total_seconds() + 60.0)
        shift = min(shift, 8 * 24 * 3600.0)
        self.offset += shift
        self.sandbox.shift_clock(self.offset)
        if station_sees_it:
            self.clock.skew = self.sandbox.skew()
        self.stats.faults_armed[FaultKind.OPTION_EXPIRY.value] += 1
        if cutoffs:  # options the station holds (shown, chosen, booking) just expired
            self.stats.faults_fired[FaultKind.OPTION_EXPIRY.value] += 1
        self._note(f"clock +{shift / 3600:.1f} h (station sees it: {station_sees_it})")

    @move(pick=st.integers(0, 20))
    def fail_next_manifest(self, pick: int) -> None:
        live = [c for c in self.sandbox.consignments() if c.state in MANIFESTABLE_STATES]
        if not live:
            return
        chosen = live[pick % len(live)].reference
        self.sandbox.add_faults({"manifest_fail_references": [chosen]})
        self.manifest_failures_armed.add(chosen)
        self.stats.faults_armed[FaultKind.MANIFEST_FAILURE.value] += 1
        self._note(f"manifest of {chosen} will fail")

    def _count_fired(self) -> None:
        """Count what fired since the last action; disarm faults past their lifetime."""
        if self.armed:
            remaining = {
                int(r["id"]): int(r["remaining"] or 0) for r in self.sandbox.faults()["rules"]
            }
            still: list[_Armed] = []
            for armed in self.armed:
                fired = armed.count - remaining.get(armed.rule_id, 0)
                self.stats.faults_fired[armed.kind.value] += fired - armed.fired
                armed.fired = fired
                armed.age += 1
                if armed.rule_id not in remaining:
                    continue
                if armed.age >= FAULT_LIFETIME_ACTIONS:
                    self.sandbox.admin("DELETE", f"/_sandbox/faults/{armed.rule_id}")
                    continue
                still.append(armed)
            self.armed = still
        self._count_refusals()
        printer_refusals = self.printer.refused_jobs + self.printer.refused_status
        if printer_refusals > self.printer_refusals_seen:
            kind = (
                FaultKind.PRINTER_DIES
                if self.printer.mode is PrinterMode.DIES_ON_JOB
                else FaultKind.PRINTER_OFFLINE
            )
            self.stats.faults_fired[kind.value] += printer_refusals - self.printer_refusals_seen
            self.printer_refusals_seen = printer_refusals
        if self.manifest_failures_armed:
            # Only a clear disarms a manifest failure; the rules still armed go with it.
            self._clear_faults()

    def _count_refusals(self) -> None:
        transport = self.live_station.transport
        if transport.refused > self.refused_seen:
            self.stats.faults_fired[FaultKind.CONNECTION_REFUSED.value] += (
                transport.refused - self.refused_seen
            )
            self.refused_seen = transport.refused
        self.refusals_armed = transport.refusals_pending()

    def _clear_faults(self) -> None:
        if self.armed or self.manifest_failures_armed:
            self.sandbox.clear_faults()
        self.armed.clear()
        self.manifest_failures_armed.clear()
        self.refusals_armed = 0
        if self.station is not None:
            self.station.transport.refuse(0)

    # ---- packer actions ------------------------------------------------------------------

    @move(i=st.integers(0, 3), faults=FAULTS)
    def scan(self, i: int, faults: list[Any]) -> None:
        self._arm(faults)
        order = self.orders[i % len(self.orders)]
        self._act(f"scan {order}", lambda: self._scan(order), bounded=True)

    async def _scan(self, order: str) -> PackView:
        self._count_asked_reprint(await self._open_pack(order))
        view = await self.live_station.packing.scan_to_print(order)
        self.views[order] = view
        return view

    @move(i=st.integers(0, 3), faults=FAULTS)
    def open(self, i: int, faults: list[Any]) -> None:
        self._arm(faults)
        order = self.orders[i % len(self.orders)]

        async def work() -> PackView:
            view = await self.live_station.packing.open_order(order)
            self.views[order] = view
            return view

        self._act(f"open {order}", work, bounded=True)

    @move(i=st.integers(0, 3), pick=st.integers(0, 5), check_printer=st.booleans(), faults=FAULTS)
    def choose(self, i: int, pick: int, check_printer: bool, faults: list[Any]) -> None:
        """Book an option from the options shown (possibly a while ago), then print."""
        order = self.orders[i % len(self.orders)]
        view = self.views.get(order)
        if view is None or not view.options:
            return
        option = view.options[pick % len(view.options)]
        self._arm(faults)

        async def work() -> PackView:
            finished = await self.live_station.packing.finish(
                view, option=option, require_printer_ready=check_printer
            )
            self.views[order] = finished
            return finished

        self._act(f"choose {option.reference} for {order}", work, bounded=True)

    @move(i=st.integers(0, 3), faults=FAULTS)
    def double_scan(self, i: int, faults: list[Any]) -> None:
        self._arm(faults)
        order = self.orders[i % len(self.orders)]

        async def work() -> list[object]:
            results = list(
                await asyncio.gather(self._scan(order), self._scan(order), return_exceptions=True)
            )
            # The scans take turns. One that ended "the printer cannot say, check it" was
            # followed by the other: a scan of that parked pack, the packer's go-ahead to print.
            for result in results:
                if isinstance(result, PackView):
                    self._count_asked_reprint(result.record)
            return results

        self._act(f"double scan {order}", work, bounded=True)

    @move(
        i=st.integers(0, 3),
        at=st.sampled_from(ESC_STEPS),
        delay=st.sampled_from((0, 1, 5, 20)),
        faults=FAULTS,
    )
    def esc(self, i: int, at: PackStep, delay: int, faults: list[Any]) -> None:
        """Esc while the scan is busy: stop waiting, then park the pack (as the window does)."""
        self._arm(faults)
        order = self.orders[i % len(self.orders)]
        self._act(
            f"Esc at {at.value} +{delay} ms on {order}",
            lambda: self._interrupt(order, at, delay / 1000.0, park=True),
            bounded=True,
        )

    async def _interrupt(self, order: str, at: PackStep, delay: float, *, park: bool) -> object:
        reached = asyncio.Event()

        def progress(step: PackStep) -> None:
            if step is at:
                reached.set()

        packing = self.live_station.packing
        self._count_asked_reprint(await self._open_pack(order))
        task = asyncio.create_task(packing.scan_to_print(order, progress=progress))
        waiter = asyncio.create_task(reached.wait())
        done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        stopped = False
        if task not in done:
            await asyncio.sleep(delay)
            stopped = task.cancel()
        try:
            result = await task
        except asyncio.CancelledError:
            result = "stopped"
        except ShippingError as error:
            result = error
        if stopped and park:
            record = await self._open_pack(order)
            if record is not None and record.state not in DONE_STATES | {
                PackState.PARKED,
                PackState.CANCELLED,
            }:
                await packing.park(record.pack_id, STOPPED_REASON)
        if isinstance(result, ShippingError):
            raise result
        return result

    @move(i=st.integers(0, 3), faults=FAULTS)
    def reprint(self, i: int, faults: list[Any]) -> None:
        order = self.orders[i % len(self.orders)]
        record = self.runner.run(self._open_pack(order))
        if record is None or record.print_count == 0:
            return
        if record.state not in (
            PackState.PRINTED,
            PackState.PRINT_SUBMITTED,
            PackState.PRINT_FAILED,
        ):
            return
        self.reprints[record.pack_id] += 1
        self._arm(faults)
        self._act(
            f"reprint {order}",
            lambda: self.live_station.packing.reprint(record.pack_id, "asked by the packer"),
            bounded=True,
        )

    @move(i=st.integers(0, 3), faults=FAULTS)
    def cancel(self, i: int, faults: list[Any]) -> None:
        order = self.orders[i % len(self.orders)]
        record = self.runner.run(self._open_pack(order))
        if record is None:
            return
        self.views.pop(order, None)
        self._arm(faults)
        self._act(
            f"cancel {order}",
            lambda: self.live_station.packing.cancel(record.pack_id),
            bounded=True,
        )
        after = self.runner.run(self._open_pack(order))
        if after is not None and after.pack_id == record.pack_id:
            self.cancels_wanted.add(order)  # refused or unknown: the packer will try again
        else:
            self.cancels_wanted.discard(order)

    @move(i=st.integers(0, 3), faults=FAULTS)
    def retry(self, i: int, faults: list[Any]) -> None:
        order = self.orders[i % len(self.orders)]
        record = self.runner.run(self._open_pack(order))
        if record is None or record.state is not PackState.PARKED:
            return
        self._count_asked_reprint(record)
        self._arm(faults)
        self._act(
            f"retry parked {order}",
            lambda: self.live_station.packing.retry_parked(record.pack_id),
            bounded=True,
        )

    @move(faults=FAULTS)
    def day_close(self, faults: list[Any]) -> None:
        self._arm(faults)
        station = self.live_station
        waiting = {
            c.reference for c in self.sandbox.consignments() if c.state in MANIFESTABLE_STATES
        }
        outcome: dict[str, Any] = {}

        async def work() -> object:
            summary = await station.day_close.summarize(self.sandbox.now().date())
            result = await station.day_close.close(summary)
            outcome["result"] = result
            return result

        armed_failures = set(self.manifest_failures_armed)
        self._act("day close", work, bounded=False)
        result = outcome.get("result")
        if result is None:
            return
        failed = {f.consignment_reference for f in result.failures}
        listed = set(result.manifested) | failed | set(result.still_pending)
        states = {c.reference: c.state for c in self.sandbox.consignments()}
        problems = [
            f"{reference} was allocated at the day close but is neither manifested nor listed"
            for reference in sorted(waiting - listed)
        ]
        problems += [
            f"{reference} reported manifested but is {states.get(reference)}"
            for reference in result.manifested
            if states.get(reference) != "Manifested"
        ]
        problems += [
            f"{f.consignment_reference} reported as failed but SortedPRO manifested it"
            for f in result.failures
            if states.get(f.consignment_reference) == "Manifested"
            and not OUTCOME_UNKNOWN_WORDS.search(f.message)
        ]
        fired = failed & armed_failures
        self.stats.faults_fired[FaultKind.MANIFEST_FAILURE.value] += len(fired)
        self._fail(problems, "day close")

    @move(
        i=st.integers(0, 3),
        at=st.sampled_from(ESC_STEPS),
        delay=st.sampled_from((0, 1, 5, 20)),
        faults=FAULTS,
    )
    def power_cut(self, i: int, at: PackStep, delay: int, faults: list[Any]) -> None:
        """The station dies mid-scan (no parking), starts again and reconciles, as at start-up."""
        self._arm(faults)
        order = self.orders[i % len(self.orders)]
        self._act(
            f"power cut at {at.value} +{delay} ms on {order}",
            lambda: self._interrupt(order, at, delay / 1000.0, park=False),
            bounded=True,
        )

        async def restart() -> object:
            await self._close_station()
            await self._open_station()
            self.views.clear()
            packing = self.live_station.packing
            settled = await packing.reconcile_unfinished()
            since = self.sandbox.now().date() - timedelta(days=1)
            unknown = await packing.unknown_consignments(since)
            if unknown:
                raise AssertionError(
                    "after a restart the station found consignments it made but forgot: "
                    + ", ".join(c.reference for c in unknown)
                )
            return settled

        # Opening a journal and reconciling is start-up, not the window's responsiveness.
        self._act("restart", restart, bounded=False, responsive=False)

    # ---- checks --------------------------------------------------------------------------

    async def _world(self) -> World:
        journal = self.live_station.journal
        facts = []
        for record in await journal.packs_created_since(EPOCH):
            labels = await journal.documents(record.pack_id, "label")
            facts.append(
                PackFacts(
                    record=record,
                    prints=tuple(await journal.print_records(record.pack_id)),
                    label_document_ids=frozenset(d.document_id for d in labels),
                )
            )
        return World(
            consignments=self.sandbox.consignments(),
            packs=facts,
            shop_references=self.env.shop_references,
            orders=self.orders,
        )

    def _check_everything(self, when: str) -> None:
        world = self.runner.run(self._world())
        problems = consignment_violations(world)
        problems += print_violations(world, self.printer, self.reprints)
        problems += parked_violations(world)
        log = self.live_station.log
        problems += log.retry_violations(self.exchanges_checked)
        problems += log.select_violations()
        self.exchanges_checked = len(log.exchanges)
        self._fail(problems, when)

    async def _settle(self) -> None:
        """Faults lifted: take every open pack to its end, as a packer scanning it again would."""
        packing = self.live_station.packing
        for order in self.orders:
            for _ in range(SETTLE_ATTEMPTS):
                record = await self._open_pack(order)
                if record is None:
                    break
                if order in self.cancels_wanted:
                    await self._wait_for_interrupted_select(record)
                    try:
                        await packing.cancel(record.pack_id)
                    except (RefusedError, WorkflowStateError) as error:
                        # SortedPRO will not (manifested already): the parcel goes as booked.
                        self._note(f"settle cancel {order} refused: {error.user_message}")
                        self.cancels_wanted.discard(order)
                    except ShippingError as error:
                        self._note(f"settle cancel {order}: {error.user_message}")
                    continue
                if record.state in DONE_STATES:
                    break
                await self._wait_for_interrupted_select(record)
                self._count_asked_reprint(record)
                try:
                    await packing.scan_to_print(order)
                except ShippingError as error:
                    self._note(f"settle {order}: {type(error).__name__}: {error.user_message}")

    async def _wait_for_interrupted_select(self, record: Any) -> None:
        """A packer told "press Retry after hh:mm:ss" waits until then."""
        if not (record.select_attempted and record.allocation is None):
            return
        events = await self.live_station.journal.events(record.pack_id)
        sent = next((e.at for e in reversed(events) if e.to_state is PackState.SELECTING), None)
        if sent is None:
            return
        wait = (sent - datetime.now(UTC)).total_seconds() + SELECT_SETTLE_SECONDS + 0.05
        if wait > 0:
            await asyncio.sleep(wait)

    def _check_final(self) -> None:
        world = self.runner.run(self._world())
        problems = []
        for order in self.orders:
            record = self.runner.run(self._open_pack(order))
            live = world.live_for(order)
            if record is None:
                if live:
                    problems.append(f"{order}: no open pack but live {live[0].reference}")
                continue
            if record.state not in DONE_STATES:
                problems.append(
                    f"{order}: still {record.state.value} once the faults were lifted"
                    + (" (cancel asked for)" if order in self.cancels_wanted else "")
                    + (f" ({record.parked_reason})" if record.parked_reason else "")
                )
                continue
            if [c.reference for c in live] != [record.consignment_reference]:
                problems.append(
                    f"{order}: done with {record.consignment_reference}, live in SortedPRO: "
                    f"{[c.reference for c in live]}"
                )
            if not self.printer.labels_for(record.pack_id):
                problems.append(f"{order}: done but no label reached the printer")
        self._fail(problems, "at the end of the run")


def _outcomes_of(result: object) -> list[str]:
    if isinstance(result, list):
        return [o for item in result for o in _outcomes_of(item)]
    if isinstance(result, PackView):
        return [result.record.state.value]
    if isinstance(result, BaseException):
        return [type(result).__name__]
    if result is None:
        return ["none"]
    if isinstance(result, str):
        return [result]
    state = getattr(result, "state", None)
    if isinstance(state, PackState):
        return [state.value]
    return [type(result).__name__]


START = {
    "mode": st.sampled_from(("error", "duplicate")),
    "picks": st.lists(st.sampled_from(CATEGORIES), min_size=2, max_size=4),
    "rotation": st.integers(0, 40),
    "can_tell": st.booleans(),
    "label_format": st.sampled_from(("pdf", "zpl")),
}


@dataclass(frozen=True)
class Program:
    """One run: how the station starts, then its moves, all drawn before anything runs (so
    Hypothesis's draws never depend on what the concurrent, timed system did)."""

    start: dict[str, Any]
    moves: tuple[tuple[str, dict[str, Any]], ...]


@st.composite
def programs(draw: st.DrawFn, steps: int) -> Program:
    # Swarm testing: each run uses only some kinds of move, so some runs are all scans and
    # Esc, others all faults and day closes, instead of every run being the same mixture.
    enabled = draw(st.lists(st.sampled_from(sorted(MOVES)), min_size=3, unique=True))
    moves = []
    for _ in range(steps):
        name = draw(st.sampled_from(enabled))
        moves.append((name, draw(st.fixed_dictionaries(MOVES[name]))))
    return Program(draw(st.fixed_dictionaries(START)), tuple(moves))


def run_program(environment: ModelEnvironment, program: Program) -> None:
    PackingModel.environment = environment
    run = PackingModel()
    try:
        run.start(**program.start)
        for name, arguments in program.moves:
            if run.failed:
                break
            getattr(run, name)(**arguments)
    finally:
        run.teardown()
        PackingModel.environment = None


def run_model(
    environment: ModelEnvironment, *, examples: int, steps: int, seed_value: int
) -> CampaignStats:
    """Run `examples` runs of `steps` moves; violations are collected in the stats."""

    @seed(seed_value)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(program=programs(steps))
    def campaign(program: Program) -> None:
        run_program(environment, program)

    campaign()
    return environment.stats


__all__ = [
    "CATEGORIES",
    "ModelEnvironment",
    "PackingModel",
    "Program",
    "programs",
    "run_model",
]
