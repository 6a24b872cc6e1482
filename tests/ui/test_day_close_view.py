from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from packstation.ui.messages import MessageChannel, Severity
from packstation.ui.models.carrier_summary_model import Column
from packstation.ui.tasks import TaskRunner
from packstation.ui.views.day_close_view import CLOSE_TASK, SUMMARY_TASK, DayCloseView
from packstation.workflow.shipping_api import UnavailableError

from .day_close_fixtures import CARRIER_REJECTION, NOT_PRINTED_HERE, pack_a_day, run

SUPERVISOR_TIME = datetime(2026, 11, 23, 16, 40)


@pytest.fixture
def day(qtbot, qasync_loop, tmp_path):
    packed = run(qtbot, pack_a_day(tmp_path))
    yield packed
    run(qtbot, packed.journal.close())


@pytest.fixture
def view(qtbot, day):
    tasks = TaskRunner()
    widget = DayCloseView(
        day.day_close, tasks, MessageChannel(headless=True), clock=lambda: SUPERVISOR_TIME
    )
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    qtbot.waitUntil(lambda: not tasks.is_busy(SUMMARY_TASK))
    yield widget
    tasks.cancel_all()


def cell(view: DayCloseView, row: int, column: Column) -> str:
    model = view.carrier_table.model()
    return model.data(model.index(row, column))


def test_summary_shows_counts_cutoff_and_the_not_printed_warning(view) -> None:
    # the fake's carrier service list gives DPD a 17:30 collection cut-off
    assert view.carrier_table.model().rowCount() == 1
    assert [cell(view, 0, c) for c in Column] == ["DPD", "4", "1", "0", "17:30", "50 min"]
    assert view.not_printed_warning.isVisible()
    assert view.not_printed_warning.text() == (
        f"1 label was not printed here: {NOT_PRINTED_HERE}. Check it before closing."
    )
    assert view.close_button.isEnabled()


def test_close_asks_first_then_names_every_failure(qtbot, view, day) -> None:
    view.close_button.click()
    assert view.confirm_bar.isVisible()
    question = view.confirm_bar.message.text()
    assert "Send 4 consignments to the carriers now (DPD 4)" in question
    assert "cannot be undone" in question
    assert NOT_PRINTED_HERE in question
    assert not any(call.startswith("manifest") for call in day.api.calls)

    view.confirm_bar.confirm_button.click()
    assert not view.close_button.isEnabled()
    assert view.progress_bar.isVisible()
    assert view.progress_text.text() == "Starting the day close"
    view.close_button.click()  # a second click while closing starts nothing
    view.request_close()
    qtbot.waitUntil(lambda: not view._tasks.is_busy(CLOSE_TASK))

    assert sum(call.startswith("manifest") for call in day.api.calls) == 1
    assert view.progress_text.text() == "Waiting for the carriers' answers"
    assert not view.progress_bar.isVisible()
    panel = view.result_panel
    assert panel.isVisible()
    assert (panel.manifested_total.text(), panel.failed_total.text()) == ("3", "1")
    assert panel.pending_total.text() == "0"
    failures = panel.failures
    assert [failures.data(failures.index(0, c)) for c in range(3)] == [
        day.failing,
        "DPD",
        CARRIER_REJECTION,
    ]
    assert panel.failure_hint.isVisible()
    latest = view._messages.latest
    assert latest.severity is Severity.WARNING
    assert latest.text.startswith("1 consignment failed the manifest (3 consignments went through)")
    assert "Fix the address and close again" in latest.text


def test_escape_backs_out_of_the_confirmation(qtbot, view, day) -> None:
    view.close_button.setFocus()
    qtbot.keyClick(view.close_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.confirm_bar.isVisible()
    assert view.confirm_bar.confirm_button.hasFocus()
    qtbot.keyClick(view.confirm_bar.confirm_button, Qt.Key.Key_Escape)
    assert not view.confirm_bar.isVisible()
    assert not any(call.startswith("manifest") for call in day.api.calls)


def test_f5_reloads_the_summary(qtbot, view, day) -> None:
    calls = day.api.calls.count("find_consignments")
    qtbot.keyClick(view.carrier_table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: day.api.calls.count("find_consignments") > calls)
    qtbot.waitUntil(lambda: not view._tasks.is_busy(SUMMARY_TASK))


def test_every_label_shows_plain_text(view) -> None:
    labels = view.findChildren(QLabel)
    assert labels
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


def test_time_left_ticks_on_the_minute(view) -> None:
    assert view._minute.isActive()
    assert 1_000 <= view._minute.interval() <= 60_000


def test_a_new_runtime_reloads_the_summary(qtbot, view, day, tmp_path) -> None:
    (tmp_path / "second").mkdir()
    replacement = run(qtbot, pack_a_day(tmp_path / "second", orders=1, failing_order=0))
    try:
        view.set_day_close(replacement.day_close)
        qtbot.waitUntil(lambda: not view._tasks.is_busy(SUMMARY_TASK))
        assert cell(view, 0, Column.WAITING) == "2"
    finally:
        run(qtbot, replacement.journal.close())


def test_sortedpro_unavailable_is_said_in_plain_words(qtbot, view, day) -> None:
    async def unavailable(query):
        raise UnavailableError("SortedPRO cannot be reached. Check the network and press F5.")
        yield  # an async generator, like the real one

    day.api.find_consignments = unavailable
    view.refresh()
    qtbot.waitUntil(lambda: not view._tasks.is_busy(SUMMARY_TASK))
    latest = view._messages.latest
    assert latest.severity is Severity.ERROR
    assert latest.text == (
        "Could not load the consignments waiting for a manifest: "
        "SortedPRO cannot be reached. Check the network and press F5."
    )
