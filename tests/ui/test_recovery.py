"""When things go wrong at the bench: printer off, SortedPRO refusing, slow or parked packs."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from packstation.printing.protocol import PrinterCondition, PrintOutcome
from packstation.ui.messages import Severity
from packstation.workflow.shipping_api import RefusedError
from packstation.workflow.states import PackState

from .pack_fixtures import NOW, OFFSCREEN_NOTES, ORDER, option, run
from .page_fixtures import bench, bench_fixture, make_page, page, scan, wait_idle, wait_state

__all__ = ["bench", "page"]  # fixtures used by name
pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(OFFSCREEN_NOTES)]


def open_options(qtbot, page) -> None:
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)


def test_printer_offline_is_red_with_what_to_do_and_retry_books(qtbot, page, bench) -> None:
    printer = bench.printers.open("fake:label")
    printer.condition = PrinterCondition.OFFLINE
    open_options(qtbot, page)
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_Return)
    wait_idle(qtbot, page)
    latest = bench.messages.latest
    assert latest.severity is Severity.ERROR
    assert latest.text.startswith(f"{ORDER}: The label printer is not ready")
    assert latest.text.endswith("Press Ctrl+Enter to book now and print later.")
    assert page.progress.retry.isVisible()
    assert bench.api.consignments == {}  # nothing was booked
    printer.condition = PrinterCondition.READY
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert not page.progress.retry.isVisible()


def test_a_failed_print_keeps_the_booking_and_print_f4_tries_again(qtbot, page, bench) -> None:
    printer = bench.printers.open("fake:label")
    printer.outcome = PrintOutcome.FAILED
    open_options(qtbot, page)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_FAILED)
    assert bench.messages.latest.severity is Severity.ERROR
    assert "the label did not print: printer is offline." in bench.messages.latest.text
    assert page.print_button.isEnabled()
    printer.outcome = PrintOutcome.SUBMITTED
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_F4)
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert len(bench.api.consignments) == 1


def test_sortedpro_refusing_is_shown_in_its_words_and_nothing_freezes(qtbot, page, bench) -> None:
    async def refuse(*args: object) -> None:
        raise RefusedError("SortedPRO refused the parcel: the postcode is not valid.")

    bench.api.select = refuse  # type: ignore[method-assign]
    open_options(qtbot, page)
    page.book()
    wait_idle(qtbot, page)
    assert bench.messages.latest.severity is Severity.ERROR
    assert bench.messages.latest.text == (
        f"{ORDER}: SortedPRO refused the parcel: the postcode is not valid."
    )
    assert page.progress.retry.isVisible()
    assert page.scan_bar.field.isEnabled()


@pytest.fixture
def deadline_bench(qtbot, qasync_loop, tmp_path):
    yield from bench_fixture(tmp_path, qtbot, deadline_seconds=0.8)


def test_past_the_deadline_the_pack_is_parked_and_retry_finishes_it(qtbot, deadline_bench) -> None:
    bench = deadline_bench
    bench.api.select_delay = 3.0
    page = make_page(qtbot, bench)
    open_options(qtbot, page)
    page.book()
    qtbot.waitUntil(lambda: page.progress.busy_text.isVisible(), timeout=2000)
    assert "s   (Esc: stop waiting" in page.progress.busy_text.text()
    wait_state(qtbot, page, PackState.PARKED)
    assert bench.messages.latest.severity is Severity.ERROR
    assert "did not finish within 0 seconds" in bench.messages.latest.text
    assert page.progress.parked_reason.text().startswith("Booking the consignment did not")
    bench.api.select_delay = 0.0
    qtbot.waitUntil(lambda: not bench.api.select_delay and not page.session.busy)
    page.retry()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert len(bench.api.live_for(page.session.view.record.client_reference)) == 1


def test_esc_while_waiting_parks_the_pack_safely(qtbot, page, bench) -> None:
    bench.api.select_delay = 5.0
    open_options(qtbot, page)
    page.book()
    qtbot.waitUntil(lambda: any(c.startswith("select") for c in bench.api.calls))
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_Escape)
    wait_state(qtbot, page, PackState.PARKED)
    assert bench.messages.latest.severity is Severity.WARNING
    assert (
        bench.messages.latest.text == f"Stopped waiting. Order {ORDER} is parked: nothing is lost."
    )
    assert page.progress.retry.isVisible()
    bench.api.select_delay = 0.0
    page.retry()  # reconciles first: the select that was stopped may have happened
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert len(bench.api.live_for(page.session.view.record.client_reference)) == 1


def test_esc_sets_an_unbooked_order_aside_and_scanning_it_again_resumes(qtbot, page, bench) -> None:
    open_options(qtbot, page)
    pack_id = page.session.view.pack_id
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_Escape)
    assert page.session.view is None
    assert bench.messages.latest.text == (
        f"Order {ORDER} is set aside; it stays in the journal. Scan it again to carry on."
    )
    open_options(qtbot, page)
    assert page.session.view.pack_id == pack_id


def test_an_expired_customer_choice_is_requoted_with_an_amber_notice(qtbot, page, bench) -> None:
    promise = replace(option("EDO-CUS-TOM-ERS", "DPD", "6.00"), allocation_cutoff=NOW)
    bench.api.options_by_ref[promise.reference] = (promise, "SHOP-1")
    bench.api.orders[ORDER] = replace(
        bench.api.orders[ORDER], customer_option_reference=promise.reference
    )
    open_options(qtbot, page)
    latest = bench.messages.latest
    assert latest.severity is Severity.WARNING
    assert "The customer's chosen delivery has expired" in latest.text
    assert page.order_panel.promise.isVisible()
    assert page.order_panel.promise.text() == "Customer chose delivery on Tue 24 Nov, 09:00–12:00"


def test_reprint_asks_why_in_place_then_prints_again(qtbot, page, bench) -> None:
    open_options(qtbot, page)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_F5)
    assert page.choice.isVisible()
    assert page.choice.question.text() == "Why reprint? (the reason goes in the journal)"
    qtbot.keyClick(page.choice, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: len(bench.printers.open("fake:label").received) == 2)
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert not page.choice.isVisible()
    prints = run(qtbot, bench.journal.print_records(page.session.view.pack_id))
    assert [p.reason for p in prints] == ["first print", "reprint: Printer jammed"]
    assert bench.messages.latest.text == f"Label for {ORDER} printed again (Printer jammed)."


def test_esc_closes_the_reprint_question_without_printing(qtbot, page, bench) -> None:
    open_options(qtbot, page)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    page.ask_reprint_reason()
    page.escape()
    assert not page.choice.isVisible()
    assert page.session.view is not None  # Esc closed the question, not the pack
    assert len(bench.printers.open("fake:label").received) == 1


def test_cancel_parcel_confirms_in_place_then_cancels_the_consignment(qtbot, page, bench) -> None:
    open_options(qtbot, page)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    consignment = page.session.view.record.consignment_reference
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert page.choice.isVisible()
    assert consignment in page.choice.question.text()
    qtbot.keyClick(page.choice, Qt.Key.Key_1)
    wait_state(qtbot, page, PackState.CANCELLED)
    assert bench.api.consignments[consignment].state == "Cancelled"
    assert bench.messages.latest.text.startswith(f"Order {ORDER} is cancelled.")
    assert not page.cancel_button.isEnabled()
