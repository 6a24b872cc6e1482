"""The pack service's guarantees, against in-memory fakes of SortedPRO and a printer."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from packstation.printing.protocol import PrinterCondition, PrintOutcome
from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.domain import OptionSummary, PackageSpec
from packstation.workflow.packing import PackingService, WorkflowSettings
from packstation.workflow.shipping_api import RefusedError
from packstation.workflow.states import PackState
from packstation.workflow.workflow_errors import (
    PackedElsewhereError,
    PackParkedError,
    PrinterNotReadyError,
)

from .fakes import NOW, FakeConsignment, FakePrinterFactory, FakeShippingApi, make_order

ORDER = "EO-000-001-AAA"
LABEL_TARGET = "fake:label"


@pytest.fixture
def api() -> FakeShippingApi:
    fake = FakeShippingApi()
    fake.add_order(make_order(ORDER))
    return fake


@pytest.fixture
def printers() -> FakePrinterFactory:
    return FakePrinterFactory()


def service(api, journal, printers, **settings) -> PackingService:
    defaults = dict(
        station="bench-1", shipping_location_reference="SL-DEMO-1", label_printer=LABEL_TARGET
    )
    return PackingService(
        api=api,
        journal=journal,
        printers=printers,
        settings=WorkflowSettings(**{**defaults, **settings}),
        clock=lambda: NOW,
    )


async def states_of(journal: AsyncJournal, pack_id: str) -> list[PackState]:
    return [e.to_state for e in await journal.events(pack_id)]


async def test_scan_to_print_walks_every_state_and_prints_once(api, journal, printers) -> None:
    steps = []
    view = await service(api, journal, printers).scan_to_print(ORDER, progress=steps.append)
    assert view.record.state is PackState.PRINT_SUBMITTED
    assert await states_of(journal, view.pack_id) == [
        PackState.LOOKED_UP,
        PackState.OPTIONS_READY,
        PackState.SELECTING,
        PackState.ALLOCATED,
        PackState.LABEL_FETCHED,
        PackState.PRINTING,
        PackState.PRINT_SUBMITTED,
    ]
    [printed] = printers.open(LABEL_TARGET).received
    assert (
        printed.data.startswith(b"%PDF")
        and view.record.consignment_reference.encode() in printed.data
    )
    assert [s.value for s in steps][-1] == "Done"
    assert len(api.live_for(view.record.client_reference)) == 1


async def test_the_options_request_carries_the_packs_own_client_reference(
    api, journal, printers
) -> None:
    view = await service(api, journal, printers).open_order(ORDER)
    assert f"quote {view.record.client_reference}" in api.calls
    assert view.choice is not None and view.choice.reason == "cheapest"


async def test_lost_select_response_is_reconciled_not_reselected(api, journal, printers) -> None:
    api.select_mode = "lost_after_commit"
    view = await service(api, journal, printers).scan_to_print(ORDER)
    assert view.record.state is PackState.PRINT_SUBMITTED
    assert sum(c.startswith("select") for c in api.calls) == 1
    assert len(api.live_for(view.record.client_reference)) == 1
    assert any("adopted" in (e.note or "") for e in await journal.events(view.pack_id))


async def test_duplicate_consignments_found_on_reconcile_are_cancelled(
    api, journal, printers
) -> None:
    api.select_mode = "duplicate_lost"
    view = await service(api, journal, printers).scan_to_print(ORDER)
    live = api.live_for(view.record.client_reference)
    assert [c.reference for c in live] == [view.record.consignment_reference]
    assert sum(c.startswith("cancel") for c in api.calls) == 1


async def test_lost_select_that_never_happened_returns_to_options(api, journal, printers) -> None:
    api.select_mode = "lost_before_commit"
    svc = service(api, journal, printers)
    with pytest.raises(RefusedError):
        await svc.scan_to_print(ORDER)
    record = await journal.find_open_pack_for_order(ORDER)
    assert record is not None and record.state is PackState.OPTIONS_READY
    assert not record.select_attempted
    api.select_mode = "ok"
    view = await svc.scan_to_print(ORDER)
    assert view.record.state is PackState.PRINT_SUBMITTED
    assert len(api.live_for(view.record.client_reference)) == 1


async def test_select_past_the_deadline_parks_then_retry_reconciles(api, journal, printers) -> None:
    api.select_delay = 5.0
    svc = service(api, journal, printers, action_deadline_seconds=0.2)
    view = await svc.open_order(ORDER)
    with pytest.raises(PackParkedError) as parked:
        await svc.allocate(view, view.choice.option)
    record = parked.value.record
    assert record.state is PackState.PARKED and record.parked_from is PackState.SELECTING
    assert "did not finish within" in record.parked_reason
    # Meanwhile SortedPRO did make the consignment (the answer was what got lost).
    api.consignments["EC-LATE-000-001"] = FakeConsignment(
        "EC-LATE-000-001", record.client_reference
    )
    api.select_delay = 0
    view = await svc.retry_parked(record.pack_id)
    assert view.record.state is PackState.PRINT_SUBMITTED
    assert view.record.consignment_reference == "EC-LATE-000-001"
    assert sum(c.startswith("select") for c in api.calls) == 1


async def test_double_enter_books_once(api, journal, printers) -> None:
    api.select_delay = 0.05
    svc = service(api, journal, printers)
    view = await svc.open_order(ORDER)
    first, second = await asyncio.gather(
        svc.allocate(view, view.choice.option), svc.allocate(view, view.choice.option)
    )
    assert first.record.consignment_reference == second.record.consignment_reference
    assert sum(c.startswith("select") for c in api.calls) == 1


async def test_an_expired_option_is_requoted_automatically(api, journal, printers) -> None:
    api.quote_expired_first = True
    svc = service(api, journal, printers)
    view = await svc.open_order(ORDER)
    assert view.choice is None  # everything quoted had already expired
    expired = OptionSummary(**{**view.options[0].__dict__})
    view = await svc.allocate(view, expired)
    assert view.record.state is PackState.OPTIONS_READY
    assert view.choice is not None and any("expired" in n for n in view.notices)
    assert not any(c.startswith("select") for c in api.calls)


async def test_customer_choice_is_selected_as_is(api, journal, printers) -> None:
    customer = OptionSummary(
        reference="EDO-CUS-TOM-ER1",
        carrier="DPD",
        service="Next Day by 12",
        service_reference="DPD_12",
        delivery_date=date(2026, 11, 24),
        window_start=time(0, 0),
        window_end=time(12, 0),
        price_gross=Decimal("9.00"),
        currency="GBP",
        allocation_cutoff=NOW + timedelta(hours=2),
        client_reference="SHOP-1",
    )
    api.options_by_ref[customer.reference] = (customer, "SHOP-1")
    api.add_order(make_order(ORDER, customer_option_reference=customer.reference))
    view = await service(api, journal, printers).scan_to_print(ORDER)
    assert view.record.option.reference == customer.reference
    assert not any(c.startswith("quote") for c in api.calls)
    assert len(api.live_for("SHOP-1")) == 1


async def test_expired_customer_choice_prefers_an_option_keeping_the_promise(
    api, journal, printers
) -> None:
    customer = OptionSummary(
        reference="EDO-CUS-TOM-ER2",
        carrier="DPD",
        service="Next Day",
        service_reference="DPD_ND",
        delivery_date=date(2026, 11, 24),
        window_start=time(0, 0),
        window_end=time(23, 59),
        price_gross=Decimal("7.00"),
        currency="GBP",
        allocation_cutoff=NOW - timedelta(hours=1),
        client_reference="SHOP-2",
    )
    api.options_by_ref[customer.reference] = (customer, "SHOP-2")
    api.add_order(make_order(ORDER, customer_option_reference=customer.reference))
    view = await service(api, journal, printers).open_order(ORDER)
    assert view.choice.option.service == "Next Day"  # not the cheaper Standard 48
    assert "promise" in view.choice.reason
    assert any("expired" in n for n in view.notices)


async def test_changed_packages_requote_with_the_new_packages(api, journal, printers) -> None:
    svc = service(api, journal, printers)
    view = await svc.open_order(ORDER)
    heavier = (PackageSpec(weight_kg=5, length_cm=40, width_cm=30, height_cm=20),) * 2
    view = await svc.requote(view, heavier)
    assert view.record.packages == heavier
    assert view.record.state is PackState.OPTIONS_READY


async def test_failed_print_keeps_the_label_and_reprint_is_journaled(
    api, journal, printers
) -> None:
    printer = printers.open(LABEL_TARGET)
    printer.outcome = PrintOutcome.FAILED
    svc = service(api, journal, printers)
    view = await svc.scan_to_print(ORDER, require_printer_ready=False)
    assert view.record.state is PackState.PRINT_FAILED
    assert view.last_print is not None and "offline" in view.last_print.message
    printer.outcome = PrintOutcome.SUBMITTED
    view = await svc.reprint(view.pack_id, "printer fixed")
    assert view.record.state is PackState.PRINT_SUBMITTED
    reasons = [p.reason for p in await journal.print_records(view.pack_id)]
    assert reasons == ["first print", "reprint: printer fixed"]
    assert len(printer.received) == 1


async def test_preflight_refuses_before_booking_when_the_printer_is_down(
    api, journal, printers
) -> None:
    printers.open(LABEL_TARGET).condition = PrinterCondition.OFFLINE
    with pytest.raises(PrinterNotReadyError):
        await service(api, journal, printers).scan_to_print(ORDER)
    assert not any(c.startswith("select") for c in api.calls)


async def test_crash_mid_print_asks_the_printer_instead_of_printing_twice(
    api, journal, printers
) -> None:
    svc = service(api, journal, printers)
    view = await svc.scan_to_print(ORDER)
    # Simulate a crash after the bytes left but before the result was journaled.
    record = await journal.transition(
        view.pack_id,
        PackState.PRINTING,
        note="reprint: x: " + printers.open(LABEL_TARGET).received[0].name,
    )
    view = await svc.print_label(replace(view, record=record))
    assert view.record.state is PackState.PRINT_SUBMITTED
    assert len(printers.open(LABEL_TARGET).received) == 1


async def test_crash_mid_print_on_a_printer_that_cannot_tell_parks(api, journal, printers) -> None:
    printer = printers.open(LABEL_TARGET)
    printer.can_check_delivery = False
    svc = service(api, journal, printers)
    view = await svc.scan_to_print(ORDER)
    record = await journal.transition(
        view.pack_id, PackState.PRINTING, note="first print: EC label"
    )
    view = await svc.print_label(replace(view, record=record))
    assert view.record.state is PackState.PARKED
    assert "Reprint" in view.record.parked_reason


async def test_an_order_with_another_stations_live_consignment_is_refused(
    api, journal, printers
) -> None:
    api.consignments["EC-OTH-ERS-001"] = FakeConsignment("EC-OTH-ERS-001", f"{ORDER}-PS-OTHER")
    with pytest.raises(PackedElsewhereError) as refused:
        await service(api, journal, printers).open_order(ORDER)
    assert "EC-OTH-ERS-001" in refused.value.user_message


async def test_scanning_a_packed_order_again_opens_the_existing_pack(
    api, journal, printers
) -> None:
    svc = service(api, journal, printers)
    first = await svc.scan_to_print(ORDER)
    again = await svc.scan_to_print(ORDER)
    assert again.pack_id == first.pack_id
    assert sum(c.startswith("select") for c in api.calls) == 1
    assert len(printers.open(LABEL_TARGET).received) == 1


async def test_cancel_cancels_the_consignment(api, journal, printers) -> None:
    svc = service(api, journal, printers)
    view = await svc.scan_to_print(ORDER)
    record = await svc.cancel(view.pack_id)
    assert record.state is PackState.CANCELLED
    assert api.consignments[view.record.consignment_reference].state == "Cancelled"


async def test_startup_reconciles_a_pack_left_in_selecting(api, journal, printers) -> None:
    svc = service(api, journal, printers)
    view = await svc.open_order(ORDER)
    await journal.transition(view.pack_id, PackState.SELECTING, select_attempted=True)
    api.consignments["EC-CRA-SHE-D01"] = FakeConsignment(
        "EC-CRA-SHE-D01", view.record.client_reference
    )
    [settled] = await svc.reconcile_unfinished()
    assert settled.state is PackState.ALLOCATED
    assert settled.consignment_reference == "EC-CRA-SHE-D01"


async def test_international_pack_archives_and_prints_customs_documents(
    api, journal, printers
) -> None:
    api.add_order(
        make_order(
            ORDER,
            is_international=True,
            destination=replace(make_order().destination, country_code="FR"),
        )
    )
    svc = service(api, journal, printers, document_printer="fake:a4")
    view = await svc.scan_to_print(ORDER)
    assert [d.kind for d in await journal.documents(view.pack_id)] == ["label", "customs"]
    [doc] = printers.open("fake:a4").received
    assert doc.page_size.value == "A4"


async def test_scanning_a_parked_order_again_retries_it(api, journal, printers) -> None:
    api.select_delay = 5.0
    # This fake's interrupted select never lands, so the retry need not wait for it to settle.
    svc = service(api, journal, printers, action_deadline_seconds=0.2, select_settle_seconds=0)
    with pytest.raises(PackParkedError):
        await svc.scan_to_print(ORDER)
    api.select_delay = 0
    view = await svc.scan_to_print(ORDER)
    assert view.record.state is PackState.PRINT_SUBMITTED
    assert len(api.live_for(view.record.client_reference)) == 1


def _customer_option(reference: str, client_reference: str) -> OptionSummary:
    return OptionSummary(
        reference=reference,
        carrier="DPD",
        service="Next Day",
        service_reference="DPD_ND",
        delivery_date=date(2026, 11, 24),
        window_start=time(0, 0),
        window_end=time(23, 59),
        price_gross=Decimal("7.00"),
        currency="GBP",
        allocation_cutoff=NOW + timedelta(hours=3),
        client_reference=client_reference,
    )


async def test_a_customer_option_booked_by_another_station_is_refused_not_adopted(
    api, journal, printers
) -> None:
    option = _customer_option("EDO-SHA-RED-001", "SHOP-9")
    api.options_by_ref[option.reference] = (option, "SHOP-9")
    api.add_order(make_order(ORDER, customer_option_reference=option.reference))
    # Another station booked the customer's option a moment ago.
    api.consignments["EC-STA-TIO-NB1"] = FakeConsignment("EC-STA-TIO-NB1", "SHOP-9")
    with pytest.raises(PackedElsewhereError) as refused:
        await service(api, journal, printers).scan_to_print(ORDER)
    assert "EC-STA-TIO-NB1" in refused.value.user_message
    assert not any(c.startswith("select") for c in api.calls)
    assert printers.open(LABEL_TARGET).received == []


async def test_already_selected_on_a_shared_reference_names_the_other_station(
    api, journal, printers
) -> None:
    option = _customer_option("EDO-SHA-RED-002", "SHOP-10")
    api.options_by_ref[option.reference] = (option, "SHOP-10")
    api.add_order(make_order(ORDER, customer_option_reference=option.reference))
    svc = service(api, journal, printers)
    view = await svc.open_order(ORDER)
    # The race: the other station selects between our check and our select.
    api.consignments["EC-STA-TIO-NB2"] = FakeConsignment("EC-STA-TIO-NB2", "SHOP-10")
    from packstation.workflow.shipping_api import OptionAlreadySelectedError

    async def already(ref: str):
        raise OptionAlreadySelectedError("already selected")

    api.select = already  # type: ignore[method-assign]
    with pytest.raises(PackedElsewhereError) as refused:
        await svc.allocate(view, view.choice.option)
    assert "EC-STA-TIO-NB2" in refused.value.user_message
    record = await journal.get(view.pack_id)
    assert record.state is PackState.OPTIONS_READY and record.allocation is None


async def test_consignments_this_station_made_but_forgot_are_reported(
    api, journal, printers
) -> None:
    svc = service(api, journal, printers)
    view = await svc.scan_to_print(ORDER)
    api.consignments["EC-LOS-TJO-URN"] = FakeConsignment(
        "EC-LOS-TJO-URN", "EO-000-009-ZZZ-PS-BENCH1-1234ABCD"
    )
    api.consignments["EC-OTH-ERS-TAT"] = FakeConsignment(
        "EC-OTH-ERS-TAT", "EO-000-009-YYY-PS-BENCH2-1234ABCD"
    )
    unknown = await svc.unknown_consignments(NOW.date())
    assert [c.reference for c in unknown] == ["EC-LOS-TJO-URN"]
    assert view.record.consignment_reference not in [c.reference for c in unknown]
