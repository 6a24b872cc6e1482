"""The packing page on the fake SortedPRO: scanning, choosing with the keyboard, booking."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from packstation.ui.messages import Severity
from packstation.workflow.states import PackState

from .pack_fixtures import OFFSCREEN_NOTES, ORDER, SECOND_ORDER
from .page_fixtures import bench, bench_fixture, make_page, page, scan, wait_idle, wait_state

__all__ = ["bench", "page"]  # fixtures used by name

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(OFFSCREEN_NOTES)]


def test_a_garbled_scan_says_so_and_keeps_the_field_ready(qtbot, page, bench) -> None:
    scan(qtbot, page, "hello ### world")
    latest = bench.messages.latest
    assert latest is not None
    assert latest.severity is Severity.ERROR
    assert latest.text.startswith("That is not an order (EO-...)")
    field = page.scan_bar.field
    qtbot.waitUntil(field.hasFocus, timeout=1000)
    assert field.selectedText() == "hello ### world"  # the next scan replaces it
    assert not bench.tasks.any_busy() or not page.session.busy
    assert bench.api.calls == []


def test_an_order_in_any_case_with_noise_shows_its_options_and_the_choice(
    qtbot, page, bench
) -> None:
    scan(qtbot, page, f"  ]C1{ORDER.lower()}; ")
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    assert page.scan_bar.field.text() == ""
    assert page.order_panel.reference.text() == f"Order {ORDER}"
    assert page.order_panel.name.text() == "A Person"
    assert page.order_panel.place.text() == "Manchester  M1 1AA"
    assert page.options.proxy.rowCount() == 2
    chosen = page.options.selected_option()
    assert chosen is not None
    assert chosen.carrier == "Evri"  # the cheapest, the station's rule
    assert page.book_button.isEnabled()
    assert page.book_button.text() == "Book && print (Enter)"


def test_keyboard_choice_then_enter_books_and_prints_that_option(qtbot, page, bench) -> None:
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    field = page.scan_bar.field
    # Sorted by delivery: 1 DPD Next Day, 2 Evri Standard 48 (the rule's choice).
    assert page.options.selected_option().carrier == "Evri"
    qtbot.keyClick(field, Qt.Key.Key_Up)  # from the scan field: move the highlight
    assert page.options.selected_option().carrier == "DPD"
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert page.options.selected_option().carrier == "Evri"
    table = page.options.table
    qtbot.keyClick(table, Qt.Key.Key_1)  # number keys in the table
    assert page.options.selected_option().carrier == "DPD"
    qtbot.keyClick(table, Qt.Key.Key_Return)
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    record = page.session.view.record
    assert record.option.carrier == "DPD"
    assert page.consignment.consignment.text() == record.consignment_reference
    assert page.consignment.carrier.text() == "DPD · Next Day"
    assert bench.messages.latest.severity is Severity.SUCCESS
    assert bench.messages.latest.text.startswith(f"Done: {ORDER} booked with DPD Next Day")
    assert page.reprint_button.isEnabled()
    assert not page.book_button.isEnabled()
    qtbot.waitUntil(field.hasFocus, timeout=1000)


def test_enter_on_the_empty_scan_field_books_the_highlighted_option(qtbot, page, bench) -> None:
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_Return)
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert page.session.view.record.option.carrier == "Evri"
    assert len(bench.printers.open("fake:label").received) == 1


def test_alt_number_picks_an_option_from_anywhere(qtbot, page) -> None:
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert page.options.selected_option().carrier == "DPD"


def test_a_consignment_or_tracking_scan_opens_that_pack(qtbot, page, bench) -> None:
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    record = page.session.view.record
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_Escape)  # set it aside
    assert page.session.view is None
    scan(qtbot, page, record.consignment_reference.lower())
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert page.consignment.consignment.text() == record.consignment_reference
    assert page.reprint_button.isEnabled()
    page.escape()
    scan(qtbot, page, record.allocation.tracking_numbers[0])
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert page.session.view.pack_id == record.pack_id


def test_an_unknown_consignment_is_a_warning_not_an_error(qtbot, page, bench) -> None:
    scan(qtbot, page, "EC-999-999-999")
    wait_idle(qtbot, page)
    assert bench.messages.latest.severity is Severity.WARNING
    assert "no parcel with EC-999-999-999" in bench.messages.latest.text


def test_changing_a_parcel_gets_new_options(qtbot, page, bench) -> None:
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    weight = page.order_panel.packages._rows[0]["weight_kg"]
    weight.setValue(4.5)
    weight.editingFinished.emit()
    qtbot.waitUntil(lambda: sum(c.startswith("quote") for c in bench.api.calls) == 2)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    assert page.session.view.record.packages[0].weight_kg == 4.5
    assert page.options.proxy.rowCount() == 2


def test_a_second_parcel_copies_the_first_and_requotes(qtbot, page, bench) -> None:
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    page.order_panel.packages.count.setValue(2)
    qtbot.waitUntil(lambda: sum(c.startswith("quote") for c in bench.api.calls) == 2)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    packages = page.session.view.record.packages
    assert len(packages) == 2
    assert packages[0] == packages[1]


@pytest.fixture
def slow_bench(qtbot, qasync_loop, tmp_path):
    yield from bench_fixture(tmp_path, qtbot, scan_to_print=True)


def test_a_double_scan_starts_one_pack(qtbot, slow_bench) -> None:
    slow_bench.api.select_delay = 0.3
    page = make_page(qtbot, slow_bench)
    scan(qtbot, page, ORDER)
    scan(qtbot, page, ORDER)  # the scanner fired twice
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_Return)  # and Enter bounced
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    calls = slow_bench.api.calls
    assert calls.count(f"get_order {ORDER}") == 1
    assert sum(c.startswith("select") for c in calls) == 1
    assert len(slow_bench.api.consignments) == 1


def test_another_order_scanned_while_busy_is_refused_with_a_warning(qtbot, slow_bench) -> None:
    slow_bench.api.select_delay = 0.3
    page = make_page(qtbot, slow_bench)
    scan(qtbot, page, ORDER)
    scan(qtbot, page, SECOND_ORDER)
    assert slow_bench.messages.latest.severity is Severity.WARNING
    assert slow_bench.messages.latest.text == (
        f"Still busy with {ORDER}. Scan {SECOND_ORDER} again when it is done."
    )
    assert page.scan_bar.field.selectedText() == SECOND_ORDER
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert page.session.view.record.order_reference == ORDER


def test_scan_to_print_shows_every_step_and_needs_no_click(qtbot, slow_bench) -> None:
    from packstation.ui.views.pack_progress import StepState
    from packstation.workflow.progress import PackStep

    page = make_page(qtbot, slow_bench)
    seen: list[PackStep] = []
    page.session.step_started.connect(seen.append)
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert seen == [
        PackStep.LOOKUP,
        PackStep.QUOTE,
        PackStep.SELECT,
        PackStep.LABEL,
        PackStep.PRINT,
        PackStep.DONE,
    ]
    shown = page.progress.states
    assert all(
        shown[step] is StepState.DONE
        for step in (PackStep.LOOKUP, PackStep.QUOTE, PackStep.SELECT, PackStep.LABEL)
    )
    assert shown[PackStep.PRINT] is StepState.DONE
    assert slow_bench.messages.latest.severity is Severity.SUCCESS


def test_a_different_allocated_carrier_is_shown_and_said(qtbot, page, bench) -> None:
    from dataclasses import replace

    select = bench.api.select

    async def substituted(option_reference: str):
        allocation = await select(option_reference)
        return replace(allocation, carrier_name="Royal Mail", service_name="Tracked 48")

    bench.api.select = substituted
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert page.consignment.carrier.text() == "Royal Mail · Tracked 48"
    assert page.consignment.carrier_note.isVisible()
    assert "(Evri · Standard 48)" in page.consignment.carrier_note.text()
    assert bench.messages.latest.text.startswith(f"Done: {ORDER} booked with Royal Mail Tracked 48")
