"""Regression tests for what the fault campaign found, each against the real sandbox.

Each test replays, step by step, a sequence the model-based campaign reported as an invariant
violation (see docs/reliability.md, "Fault campaign"), and checks the fixed behaviour.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from datetime import timedelta
from pathlib import Path

import pytest

from packstation.workflow.packing import PRINTER_CANNOT_SAY_REASON, PackView
from packstation.workflow.progress import PackStep
from packstation.workflow.shipping_api import (
    MANIFESTABLE_STATES,
    NotFoundError,
    OutcomeUnknownError,
    UnavailableError,
)
from packstation.workflow.states import PackState
from packstation.workflow.workflow_errors import PackParkedError

from .exchanges import SELECT_PATH
from .model import STOPPED_REASON
from .printer import PrinterMode, RecordingPrinter
from .sandbox_process import SandboxProcess
from .station import Station, StationClock, open_station

pytestmark = pytest.mark.e2e

SINGLE = "EO-000-02A-000"  # one package to GB, no checkout choice
CHOICE = "EO-000-02A-001"  # one package to GB, the customer chose an option at checkout
CHOICE_SHOP_REFERENCE = "WEB-100002"


@pytest.fixture
def sandbox(reliability_sandboxes: dict[str, SandboxProcess]) -> SandboxProcess:
    server = reliability_sandboxes["error"]
    server.reset()
    return server


@pytest.fixture
def duplicating(reliability_sandboxes: dict[str, SandboxProcess]) -> SandboxProcess:
    server = reliability_sandboxes["duplicate"]
    server.reset()
    return server


def live(sandbox: SandboxProcess, prefix: str) -> list[str]:
    return [
        c.reference
        for c in sandbox.consignments()
        if c.live and c.client_reference.startswith(prefix)
    ]


def selects_of(station: Station) -> list[str]:
    return [
        match["option"].upper()
        for e in station.log.exchanges
        if e.method == "POST" and (match := SELECT_PATH.match(e.path))
    ]


async def test_customer_option_expired_at_sortedpro_but_not_by_the_station_clock(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Found: the station re-selected the customer's option forever (its clock said valid,
    SortedPRO said expired); now the expired option is set aside and a fresh one booked."""
    clock = StationClock(sandbox.skew())
    async with open_station(sandbox, tmp_path, clock=clock) as station:
        view = await station.packing.open_order(CHOICE)
        assert view.choice is not None and view.choice.reason == "customer's choice"
        cutoff = view.choice.option.allocation_cutoff
        assert cutoff is not None
        sandbox.shift_clock((cutoff - sandbox.now()).total_seconds() + 120)
        done = await station.packing.finish(view)
        assert done.record.state is PackState.PRINT_SUBMITTED
        assert selects_of(station)[0] == view.choice.option.reference
        assert len(selects_of(station)) == 2  # the refused customer option, then a fresh one
        assert live(sandbox, CHOICE) == [done.record.consignment_reference]


async def test_customer_option_booked_then_cancelled_is_not_selected_again(
    duplicating: SandboxProcess, tmp_path: Path
) -> None:
    """Found: after a cancel, scanning the order again selected the spent checkout option
    again (a second consignment from one option, or a false "packed elsewhere")."""
    async with open_station(duplicating, tmp_path) as station:
        first = await station.packing.scan_to_print(CHOICE)
        await station.packing.cancel(first.pack_id)
        again = await station.packing.scan_to_print(CHOICE)
        assert again.record.state is PackState.PRINT_SUBMITTED
        customer_option = first.record.option
        assert customer_option is not None
        assert selects_of(station).count(customer_option.reference.upper()) == 1
        assert any("booked before" in n for n in again.notices)
        shop = [
            c for c in duplicating.consignments() if c.client_reference == CHOICE_SHOP_REFERENCE
        ]
        assert [c.state for c in shop] == ["Cancelled"]
        assert live(duplicating, CHOICE) == [again.record.consignment_reference]


class HeldPrinter(RecordingPrinter):
    """Takes the label, then holds its answer until released: a stop lands in between."""

    def __init__(self, can_tell: bool) -> None:
        super().__init__(can_tell=can_tell)
        self.holding = asyncio.Event()
        self.release = asyncio.Event()

    async def print_document(self, document):  # type: ignore[no-untyped-def]
        result = await super().print_document(document)
        if document.kind.value == "label" and not self.release.is_set():
            self.holding.set()
            await self.release.wait()
        return result


async def _stop_while_printing(station: Station, printer: HeldPrinter) -> PackView:
    """Scan, and stop waiting once the printer has the label but before it answered."""
    task = asyncio.create_task(station.packing.scan_to_print(SINGLE))
    await asyncio.wait_for(printer.holding.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    printer.release.set()
    record = await station.journal.find_open_pack_for_order(SINGLE)
    assert record is not None and record.state is PackState.PRINTING
    return PackView(record=record)


async def _esc_while_printing(station: Station, printer: HeldPrinter) -> PackView:
    """Esc while printing: stop waiting, then park (as the window does)."""
    stopped = await _stop_while_printing(station, printer)
    return PackView(record=await station.packing.park(stopped.pack_id, STOPPED_REASON))


@pytest.mark.parametrize("can_tell", [True, False])
async def test_retry_after_esc_mid_print_does_not_print_twice(
    sandbox: SandboxProcess, tmp_path: Path, can_tell: bool
) -> None:
    """Found: Esc while printing parked the pack, and Retry printed the label again blindly."""
    printer = HeldPrinter(can_tell)
    async with open_station(sandbox, tmp_path, printer=printer) as station:
        parked = await _esc_while_printing(station, printer)
        if can_tell:
            done = await station.packing.retry_parked(parked.pack_id)
            assert done.record.state is PackState.PRINT_SUBMITTED
        else:
            asked = await station.packing.retry_parked(parked.pack_id)
            assert asked.record.state is PackState.PARKED
            assert asked.record.parked_reason == PRINTER_CANNOT_SAY_REASON
        assert len(printer.labels_for(parked.pack_id)) == 1
        if not can_tell:  # told to check the printer, the packer asks for the label again
            again = await station.packing.retry_parked(parked.pack_id)
            assert again.record.state is PackState.PRINT_SUBMITTED
            assert len(printer.labels_for(parked.pack_id)) == 2


async def test_print_answer_journaled_before_a_stop_is_not_printed_again(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Found: a stop after the printer's answer was journaled, but before the state was, made
    a printer that cannot tell park (and print again on Retry); the journal already knew."""
    printer = RecordingPrinter(can_tell=False, mode=PrinterMode.DIES_ON_JOB)
    async with open_station(sandbox, tmp_path, printer=printer) as station:
        failed = await station.packing.scan_to_print(SINGLE)
        assert failed.record.state is PackState.PRINT_FAILED
        journal = station.journal
        [label] = await journal.documents(failed.pack_id, "label")
        await journal.transition(
            failed.pack_id, PackState.PRINTING, note=f"reprint: {label.name} x"
        )
        await journal.record_print(
            failed.pack_id,
            document_id=label.document_id,
            target=printer.target,
            reason="reprint",
            outcome="submitted",
            job_id="1",
            message="Sent to the label printer.",
        )
        # ... and the station stopped here. Scanning the order again:
        printer.mode = PrinterMode.ONLINE
        view = await station.packing.scan_to_print(SINGLE)
        assert view.record.state is PackState.PRINT_SUBMITTED
        assert printer.received == []


async def test_cancel_of_a_pack_stopped_while_printing(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Found: cancel cancelled the consignment in SortedPRO, then failed to journal it
    (PRINTING -> CANCELLED is not a legal move), leaving the journal behind SortedPRO."""
    printer = HeldPrinter(can_tell=True)
    async with open_station(sandbox, tmp_path, printer=printer) as station:
        stopped = await _stop_while_printing(station, printer)
        cancelled = await station.packing.cancel(stopped.pack_id)
        assert cancelled.state is PackState.CANCELLED
        assert live(sandbox, SINGLE) == []


async def test_cancel_whose_answer_was_lost(sandbox: SandboxProcess, tmp_path: Path) -> None:
    """Found: a cancel whose answer was lost left the pack "printed" while SortedPRO had
    cancelled it, and every later cancel was refused (a cancelled consignment cannot be)."""
    async with open_station(sandbox, tmp_path) as station:
        view = await station.packing.scan_to_print(SINGLE)
        sandbox.add_faults(
            {
                "rules": [
                    {
                        "method": "PUT",
                        "path": "/consignments/*/cancel",
                        "kind": "drop_after_commit",
                        "count": 1,
                    }
                ]
            }
        )
        cancelled = await station.packing.cancel(view.pack_id)
        assert cancelled.state is PackState.CANCELLED
        assert live(sandbox, SINGLE) == []


async def test_day_close_with_the_manifest_answer_lost(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Found: the manifest went through but its answer was lost, and the day close reported
    every consignment as failed."""
    async with open_station(sandbox, tmp_path) as station:
        for order in (SINGLE, "EO-000-02A-002", "EO-000-02A-003"):
            await station.packing.scan_to_print(order)
        waiting = {c.reference for c in sandbox.consignments() if c.state in MANIFESTABLE_STATES}
        sandbox.add_faults(
            {
                "rules": [
                    {
                        "path": "/consignments/manifestfromquery",
                        "kind": "drop_after_commit",
                        "count": 1,
                    }
                ]
            }
        )
        summary = await station.day_close.summarize(sandbox.now().date())
        result = await station.day_close.close(summary)
        assert result.failures == ()
        assert set(result.manifested) == waiting
        assert {c.state for c in sandbox.consignments()} == {"Manifested"}


async def test_a_stopped_select_that_is_still_running_is_not_booked_twice(
    duplicating: SandboxProcess, tmp_path: Path
) -> None:
    """Found: Esc (or the deadline) stopped waiting for a select SortedPRO was still working
    on; the retry searched at once, found nothing, booked again, and then the first select
    landed: two consignments. Now the pack waits until the first select can no longer land."""
    duplicating.add_faults(
        {
            "rules": [
                {
                    "method": "POST",
                    "path": "/deliveryoptions/select/*",
                    "kind": "delay",
                    "delay_ms": 600,
                    "count": 1,
                }
            ]
        }
    )
    async with open_station(duplicating, tmp_path, select_settle_seconds=2.0) as station:
        booking = asyncio.Event()
        task = asyncio.create_task(
            station.packing.scan_to_print(
                SINGLE, progress=lambda step: booking.set() if step is PackStep.SELECT else None
            )
        )
        await asyncio.wait_for(booking.wait(), 10)
        await asyncio.sleep(0.1)  # the select is at SortedPRO now
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        record = await station.journal.find_open_pack_for_order(SINGLE)
        assert record is not None
        await station.packing.park(record.pack_id, STOPPED_REASON)
        with pytest.raises(PackParkedError) as waiting:
            await station.packing.retry_parked(record.pack_id)
        assert "may still be on its way" in (waiting.value.record.parked_reason or "")
        await asyncio.sleep(0.8)  # the first select lands
        done = await station.packing.retry_parked(record.pack_id)
        assert done.record.state is PackState.PRINT_SUBMITTED
        made = [c for c in duplicating.consignments() if c.client_reference.startswith(SINGLE)]
        assert [c.reference for c in made] == [done.record.consignment_reference]
        assert len(selects_of(station)) == 1


async def test_a_stopped_select_that_never_landed_is_booked_after_the_wait(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    async with open_station(sandbox, tmp_path, select_settle_seconds=0.5) as station:
        view = await station.packing.open_order(SINGLE)
        assert view.choice is not None
        # Journaled SELECTING, then the station stopped before the request left.
        await station.journal.transition(
            view.pack_id, PackState.SELECTING, option=view.choice.option, select_attempted=True
        )
        await station.packing.reconcile_unfinished()
        parked = await station.journal.get(view.pack_id)
        assert parked.state is PackState.PARKED
        await asyncio.sleep(0.6)
        done = await station.packing.retry_parked(view.pack_id)
        assert done.record.state is PackState.PRINT_SUBMITTED
        assert live(sandbox, SINGLE) == [done.record.consignment_reference]


async def test_a_lost_select_that_cannot_be_checked_is_parked(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Found: the select's answer was lost and the check failed too; the pack stayed in
    SELECTING, out of the parked list, with only a refusal shown."""
    async with open_station(sandbox, tmp_path) as station:
        view = await station.packing.open_order(SINGLE)
        sandbox.add_faults(
            {
                "rules": [
                    {
                        "method": "POST",
                        "path": "/deliveryoptions/select/*",
                        "kind": "drop_after_commit",
                        "count": 1,
                    },
                    {
                        "method": "GET",
                        "path": "/consignments/[0-9]*/[0-9]*",
                        "kind": "error",
                        "status": 503,
                        "count": 3,
                    },
                ]
            }
        )
        with pytest.raises(PackParkedError) as parked:
            await station.packing.finish(view)
        record = parked.value.record
        assert record.state is PackState.PARKED and record.parked_from is PackState.SELECTING
        sandbox.clear_faults()
        done = await station.packing.retry_parked(record.pack_id)
        assert done.record.state is PackState.PRINT_SUBMITTED
        assert live(sandbox, SINGLE) == [done.record.consignment_reference]
        assert len(selects_of(station)) == 1


def test_station_clock_follows_the_sandbox(sandbox: SandboxProcess) -> None:
    clock = StationClock(sandbox.skew())
    assert abs(clock() - sandbox.now()) < timedelta(seconds=2)


async def test_a_double_scan_of_a_booked_order_prints_one_label(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Found: two scans of an order whose label was still to fetch both fetched it, and the
    second printed it again as a "reprint" (or failed on an illegal journal move)."""
    printer = RecordingPrinter()
    async with open_station(sandbox, tmp_path, printer=printer) as station:
        sandbox.add_faults(
            {"rules": [{"method": "GET", "path": "/labels/*", "kind": "error", "status": 404}]}
        )
        with pytest.raises(NotFoundError):
            await station.packing.scan_to_print(SINGLE)
        sandbox.clear_faults()
        first, second = await asyncio.gather(
            station.packing.scan_to_print(SINGLE), station.packing.scan_to_print(SINGLE)
        )
        assert first.record.state is second.record.state is PackState.PRINT_SUBMITTED
        assert len(printer.labels_for(first.pack_id)) == 1


def _delay(method: str, path: str, ms: int, count: int = 1) -> dict[str, object]:
    return {"method": method, "path": path, "kind": "delay", "delay_ms": ms, "count": count}


async def test_an_order_lookup_past_the_deadline_fails_within_it(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Found: the order lookup (and the search for other stations' consignments) ran outside
    the action's deadline: a slow SortedPRO kept the packer waiting with nothing parked."""
    async with open_station(sandbox, tmp_path, deadline=1.0) as station:
        sandbox.add_faults({"rules": [_delay("GET", "/orders/*", 1600)]})
        began = time.monotonic()
        with pytest.raises(UnavailableError) as slow:
            await station.packing.scan_to_print(SINGLE)
        assert time.monotonic() - began < 1.3
        assert "Nothing was booked" in slow.value.user_message
        assert await station.journal.find_open_pack_for_order(SINGLE) is None


async def test_one_deadline_for_the_whole_scan(sandbox: SandboxProcess, tmp_path: Path) -> None:
    """Found: each step of a scan had its own deadline, so three slow steps kept the packer
    waiting three times as long as the setting says before anything was parked."""
    async with open_station(sandbox, tmp_path, deadline=1.0) as station:
        sandbox.add_faults(
            {
                "rules": [
                    _delay("GET", "/orders/*", 450),
                    _delay("POST", "/deliveryoptions", 450),
                    _delay("POST", "/deliveryoptions/select/*", 450),
                ]
            }
        )
        began = time.monotonic()
        with pytest.raises(PackParkedError) as parked:
            await station.packing.scan_to_print(SINGLE)
        assert time.monotonic() - began < 1.3
        assert "did not finish within 1 seconds" in (parked.value.record.parked_reason or "")


async def test_checking_a_parked_pack_past_the_deadline_parks_it_within_it(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Found: the check with SortedPRO when a parked pack was scanned again ran outside the
    deadline."""
    async with open_station(sandbox, tmp_path, deadline=1.0, select_settle_seconds=0) as station:
        view = await station.packing.open_order(SINGLE)
        assert view.choice is not None
        await station.journal.transition(
            view.pack_id, PackState.SELECTING, option=view.choice.option, select_attempted=True
        )
        await station.packing.park(view.pack_id, STOPPED_REASON)
        sandbox.add_faults({"rules": [_delay("GET", "/consignments/[0-9]*/[0-9]*", 1600, 3)]})
        began = time.monotonic()
        with pytest.raises(PackParkedError):
            await station.packing.scan_to_print(SINGLE)
        assert time.monotonic() - began < 1.3
        record = await station.journal.get(view.pack_id)
        assert record.state is PackState.PARKED and record.select_attempted


async def test_a_double_scan_takes_turns(duplicating: SandboxProcess, tmp_path: Path) -> None:
    """Found: the two actions of a double scan interleaved step by step (the second re-quoted
    the pack the first was about to book; when the first parked the pack as "the printer
    cannot say", the second printed it from its stale view). Now one scan waits for the
    other, and a parked pack's label prints only on Reprint."""
    duplicating.add_faults({"rules": [_delay("POST", "/deliveryoptions/select/*", 300)]})
    printer = RecordingPrinter()
    steps: list[tuple[str, PackStep]] = []

    def scan(who: str) -> Awaitable[PackView]:
        return station.packing.scan_to_print(
            SINGLE, progress=lambda step: steps.append((who, step))
        )

    async with open_station(duplicating, tmp_path, printer=printer) as station:
        first, second = await asyncio.gather(scan("a"), scan("b"))
        assert first.record.state is second.record.state is PackState.PRINT_SUBMITTED
        whose = [who for who, _ in steps]
        assert whose == sorted(whose) or whose == sorted(whose, reverse=True), steps
        made = [c for c in duplicating.consignments() if c.client_reference.startswith(SINGLE)]
        assert [c.reference for c in made] == [first.record.consignment_reference]
        assert len(printer.labels_for(first.pack_id)) == 1


async def test_a_cancel_answered_by_a_foreign_page_is_not_taken_as_done(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    """Found: a 200 with an HTML page (a proxy's, the cancel never reached SortedPRO) was taken
    as a successful cancel: the pack was journaled cancelled, its consignment still live."""
    async with open_station(sandbox, tmp_path) as station:
        view = await station.packing.scan_to_print(SINGLE)
        sandbox.add_faults(
            {
                "rules": [
                    {
                        "method": "PUT",
                        "path": "/consignments/*/cancel",
                        "kind": "malformed_json",
                        "count": 1,
                    }
                ]
            }
        )
        with pytest.raises(OutcomeUnknownError):
            await station.packing.cancel(view.pack_id)
        assert (await station.journal.get(view.pack_id)).state is PackState.PRINT_SUBMITTED
        assert live(sandbox, SINGLE) == [view.record.consignment_reference]
        cancelled = await station.packing.cancel(view.pack_id)
        assert cancelled.state is PackState.CANCELLED
        assert live(sandbox, SINGLE) == []


INTERNATIONAL = "EO-000-02A-00S"  # one package to IE: a commercial invoice and a CN22


class CustomsHeldPrinter(RecordingPrinter):
    """Holds the first customs document, before or after taking it: a stop lands there."""

    def __init__(self, *, after_taking: bool) -> None:
        super().__init__()
        self.after_taking = after_taking
        self.holding = asyncio.Event()
        self.release = asyncio.Event()

    async def print_document(self, document):  # type: ignore[no-untyped-def]
        held = document.kind.value == "customs" and not self.release.is_set()
        if held and not self.after_taking:
            self.holding.set()
            await self.release.wait()
        result = await super().print_document(document)
        if held and self.after_taking:
            self.holding.set()
            await self.release.wait()
        return result

    def customs(self) -> list[str]:
        return [r.name for r in self.received if r.kind == "customs"]


@pytest.mark.parametrize("after_taking", [False, True])
async def test_customs_documents_after_a_stop_between_label_and_documents(
    sandbox: SandboxProcess, tmp_path: Path, after_taking: bool
) -> None:
    """Found by the crash cycles: a stop after the label printed but before the customs
    documents did left the parcel without them: the pack was done, nothing printed them."""
    printer = CustomsHeldPrinter(after_taking=after_taking)
    async with open_station(sandbox, tmp_path, printer=printer) as station:
        task = asyncio.create_task(station.packing.scan_to_print(INTERNATIONAL))
        await asyncio.wait_for(printer.holding.wait(), 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        printer.release.set()
        view = await station.packing.scan_to_print(INTERNATIONAL)
        assert view.record.state is PackState.PRINT_SUBMITTED
        documents = await station.journal.documents(view.pack_id, "customs")
        assert len(documents) == 2
        assert sorted(printer.customs()) == sorted(d.name for d in documents)  # each once
        assert len(printer.labels_for(view.pack_id)) == 1
