"""The whole window on the fake bench: banners, status bar, parked list, crash dialog, F-keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from packstation.ui.main_window import MainWindow
from packstation.ui.messages import Severity
from packstation.ui.sound_player import SilentSounds
from packstation.ui.views.day_close_view import DayCloseView
from packstation.workflow.states import PackState

from .pack_fixtures import OFFSCREEN_NOTES, ORDER, Bench, run
from .page_fixtures import bench, scan, wait_state

__all__ = ["bench"]  # fixtures used by name
pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(OFFSCREEN_NOTES)]
SECRET = "sk-live-0123456789abcdef"


@pytest.fixture
def sounds() -> SilentSounds:
    return SilentSounds()


@pytest.fixture
def window(qtbot, bench: Bench, sounds) -> Iterator[MainWindow]:
    window = MainWindow(
        messages=bench.messages,
        sounds=sounds,
        redact=lambda text: text.replace(SECRET, "[redacted]"),
    )
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.attach(bench.station)
    yield window
    # Detach before the window goes (pytest-qt would close registered widgets first).
    run(qtbot, window.detach())
    window.close()
    window.deleteLater()


def test_a_station_shows_its_pages_status_and_no_demo_banner(qtbot, window) -> None:
    assert window.tabs.count() == 2
    assert window.tabs.tabText(0) == "Packing (F2)"
    assert window.tabs.tabText(1) == "End of day (F9)"
    assert isinstance(window.day_close_page, DayCloseView)
    assert not window.demo_banner.isVisible()
    status = window.status
    assert status is not None
    assert status.environment.text() == "Test bench"
    qtbot.waitUntil(lambda: status.printer.text() == "Printer: ready", timeout=3000)
    qtbot.waitUntil(lambda: status.figures.text() == "Today: 0 packed · last hour: 0")
    assert status.parked.text() == "Parked: 0 (F7)"
    assert window.settings_button.text() == "Settings (Ctrl+,)"


def test_f9_and_f2_switch_between_packing_and_the_end_of_day(qtbot, window) -> None:
    field = window.packing_page.scan_bar.field
    qtbot.keyClick(field, Qt.Key.Key_F9)
    assert window.tabs.currentWidget() is window.day_close_page
    qtbot.keyClick(window.day_close_page, Qt.Key.Key_F2)
    assert window.tabs.currentWidget() is window.packing_page
    qtbot.waitUntil(field.hasFocus, timeout=1000)


def test_messages_colour_the_banner_and_make_their_sound(qtbot, window, bench, sounds) -> None:
    page = window.packing_page
    scan(qtbot, page, "???")
    assert window.banner.severity is Severity.ERROR
    assert window.banner.property("severity") == "error"
    assert sounds.played == [Severity.ERROR]
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    assert window.banner.property("severity") == "success"
    assert sounds.played[-1] is Severity.SUCCESS
    assert window.banner.text_label.textFormat() is Qt.TextFormat.PlainText


def test_the_status_bar_counts_todays_packs(qtbot, window) -> None:
    page = window.packing_page
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    page.book()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    qtbot.waitUntil(
        lambda: window.status.figures.text() == "Today: 1 packed · last hour: 1", timeout=3000
    )


def test_parked_packs_are_listed_and_can_be_retried_from_the_list(qtbot, window, bench) -> None:
    page = window.packing_page
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    run(qtbot, bench.packing.park(page.session.view.pack_id, "Booking did not finish."))
    page.escape()
    window.status.refresh_figures()
    qtbot.waitUntil(lambda: window.status.parked.text() == "Parked: 1 (F7)", timeout=3000)
    qtbot.keyClick(page.scan_bar.field, Qt.Key.Key_F7)
    dialog = window.parked_dialog
    assert dialog is not None
    assert not dialog.isModal()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=3000)
    assert dialog.table.item(0, 0).text() == ORDER
    assert dialog.table.item(0, 2).text() == "Booking did not finish."
    retry = dialog.table.cellWidget(0, 3).findChildren(type(window.settings_button))[0]
    retry.click()
    wait_state(qtbot, page, PackState.PRINT_SUBMITTED)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=3000)
    assert dialog.empty.isVisible()


def test_cancel_in_the_parked_list_asks_twice(qtbot, window, bench) -> None:
    page = window.packing_page
    scan(qtbot, page, ORDER)
    wait_state(qtbot, page, PackState.OPTIONS_READY)
    pack_id = page.session.view.pack_id
    run(qtbot, bench.packing.park(pack_id, "Needs a look."))
    page.escape()
    window.open_parked()
    dialog = window.parked_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=3000)
    cancel = dialog.table.cellWidget(0, 3).findChildren(type(window.settings_button))[1]
    cancel.click()
    assert cancel.text() == "Click again to cancel"
    assert run(qtbot, bench.journal.get(pack_id)).state is PackState.PARKED
    cancel.click()
    qtbot.waitUntil(
        lambda: run(qtbot, bench.journal.get(pack_id)).state is PackState.CANCELLED, timeout=3000
    )


def test_an_unexpected_error_opens_the_crash_dialog_without_secrets(qtbot, window) -> None:
    async def broken() -> None:
        raise RuntimeError(f"boom with key {SECRET}")

    window.station_tasks.run("broken", broken, on_success=lambda _: None)
    qtbot.waitUntil(lambda: window.crash_dialog is not None and window.crash_dialog.isVisible())
    dialog = window.crash_dialog
    assert not dialog.isModal()
    report = dialog.report.toPlainText()
    assert "What: builtins.RuntimeError" in report
    assert "Where: broken" in report
    assert "Traceback (most recent call last)" in report
    assert "PySide6" in report
    assert SECRET not in report
    assert "[redacted]" in report
    assert "The pack is safe in the journal" in dialog.explanation.text()
    dialog.copy_report()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == report


def test_closing_the_window_only_asks_the_app_to_shut_down(qtbot, window) -> None:
    with qtbot.waitSignal(window.close_requested, timeout=1000):
        window.close()
    assert window.station is not None  # the app closes the station, not the window


def test_settings_open_non_modal_with_ctrl_comma(qtbot, window) -> None:
    qtbot.keyClick(
        window.packing_page.scan_bar.field, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(
        lambda: window.settings_dialog is not None and window.settings_dialog.isVisible(),
        timeout=5000,
    )
    assert not window.settings_dialog.isModal()
    window.settings_dialog.close()
