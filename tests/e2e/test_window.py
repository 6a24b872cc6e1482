"""The window against a real sandbox server over loopback, through the real runtime.

Driven the way a packer drives it: keys into the scan field, the keyboard for choices. Each test
gets a fresh sandbox state, its own journal and a folder printer in a temporary directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt, QTimer

from packstation.config import StationSettings
from packstation.runtime import open_runtime
from packstation.sandbox.server import SandboxServer
from packstation.station_lifecycle import StationLifecycle
from packstation.ui.main_window import MainWindow
from packstation.ui.messages import MessageChannel, Severity
from packstation.ui.sound_player import SilentSounds
from packstation.ui.views.packing_page import PackingPage
from packstation.workflow.states import PackState
from tests.ui.conftest import qasync_loop
from tests.ui.pack_fixtures import OFFSCREEN_NOTES, run
from tests.ui.page_fixtures import scan, wait_idle, wait_state

from .conftest import E2E_API_KEY, demo_orders, live_consignments_for

__all__ = ["qasync_loop"]  # the fixture, used by name
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(OFFSCREEN_NOTES),
]
BUSY_MS = 15_000


@dataclass
class Desk:
    window: MainWindow
    lifecycle: StationLifecycle
    messages: MessageChannel
    labels: Path
    sandbox: SandboxServer

    @property
    def page(self) -> PackingPage:
        page = self.window.packing_page
        assert page is not None
        return page

    def admin(self, method: str, path: str, **body: Any) -> Any:
        response = httpx.request(method, f"{self.sandbox.base_url}{path}", json=body or None)
        response.raise_for_status()
        return response.json()

    def order(self, *categories: str) -> str:
        for order in demo_orders(self.sandbox):
            if set(categories) <= set(order["Categories"]):  # type: ignore[arg-type]
                return str(order["OrderReference"])
        raise AssertionError(f"no demo order with {categories}")

    def label_files(self) -> list[Path]:
        return sorted(p for p in self.labels.iterdir() if p.is_file())


def open_desk(qtbot: Any, sandbox: SandboxServer, tmp_path: Path, **settings: Any) -> Desk:
    labels = tmp_path / "labels"
    labels.mkdir()
    defaults: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "label_printer": f"file:{labels}",
        "document_printer": f"file:{tmp_path / 'documents'}",
        "station_name": "e2e-bench",
        "sounds": False,
    }
    station_settings = StationSettings(**{**defaults, **settings})
    messages = MessageChannel()
    window = MainWindow(messages=messages, sounds=SilentSounds(), redact=lambda text: text)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    lifecycle = StationLifecycle(
        window,
        messages,
        opener=lambda s: open_runtime(s, api_url=sandbox.base_url, api_key=E2E_API_KEY),
    )
    assert run(qtbot, lifecycle.start(station_settings), timeout_ms=BUSY_MS)
    return Desk(window, lifecycle, messages, labels, sandbox)


def close_desk(qtbot: Any, desk: Desk) -> None:
    run(qtbot, desk.lifecycle.stop(), timeout_ms=BUSY_MS)
    desk.window.close()
    desk.window.deleteLater()


@pytest.fixture
def desk(qtbot, qasync_loop, sandbox, tmp_path) -> Iterator[Desk]:
    opened = open_desk(qtbot, sandbox, tmp_path)
    yield opened
    close_desk(qtbot, opened)


@pytest.fixture
def scan_desk(qtbot, qasync_loop, sandbox, tmp_path) -> Iterator[Desk]:
    opened = open_desk(qtbot, sandbox, tmp_path, scan_to_print=True)
    yield opened
    close_desk(qtbot, opened)


def done(qtbot: Any, desk: Desk) -> None:
    wait_state(qtbot, desk.page, PackState.PRINT_SUBMITTED, PackState.PRINTED, timeout_ms=BUSY_MS)


def test_one_scan_packs_and_prints_with_scan_to_print(qtbot, scan_desk) -> None:
    desk = scan_desk
    order = desk.order("single", "domestic", "choice:none")
    scan(qtbot, desk.page, f"]C1{order.lower()}\t")
    done(qtbot, desk)
    record = desk.page.session.view.record
    [label] = desk.label_files()
    assert record.consignment_reference in label.name
    assert label.read_bytes().startswith(b"%PDF")
    journal = desk.lifecycle.runtime.journal
    assert run(qtbot, journal.get(record.pack_id)).state is PackState.PRINT_SUBMITTED
    latest = desk.messages.latest
    assert latest.severity is Severity.SUCCESS
    assert latest.text.startswith(f"Done: {order} booked with {record.allocation.carrier_name}")
    assert desk.page.consignment.consignment.text() == record.consignment_reference
    assert record.allocation.tracking_numbers[0] in desk.page.consignment.tracking.text()
    qtbot.waitUntil(lambda: desk.page.preview.page_count == 1, timeout=BUSY_MS)
    assert desk.page.scan_bar.field.text() == ""


def test_choosing_an_option_with_the_keyboard_books_that_one(qtbot, desk) -> None:
    order = desk.order("single", "domestic", "choice:none")
    scan(qtbot, desk.page, order)
    wait_state(qtbot, desk.page, PackState.OPTIONS_READY)
    options = desk.page.options
    assert options.proxy.rowCount() >= 2
    highlighted = options.selected_option()
    qtbot.keyClick(options.table, Qt.Key.Key_1)
    picked = options.selected_option()
    if picked == highlighted:
        qtbot.keyClick(options.table, Qt.Key.Key_2)
        picked = options.selected_option()
    assert picked != highlighted
    qtbot.keyClick(options.table, Qt.Key.Key_Return)
    done(qtbot, desk)
    record = desk.page.session.view.record
    assert record.option.reference == picked.reference
    assert len(live_consignments_for(desk.sandbox, order)) == 1


def test_a_garbled_scan_is_a_red_message_and_nothing_is_sent(qtbot, desk) -> None:
    before = len(httpx.get(f"{desk.sandbox.base_url}/_sandbox/consignments").json())
    scan(qtbot, desk.page, "EO-12")
    assert desk.window.banner.severity is Severity.ERROR
    assert desk.messages.latest.text.startswith("That is not an order (EO-...)")
    assert desk.page.scan_bar.field.selectedText() == "EO-12"
    assert len(httpx.get(f"{desk.sandbox.base_url}/_sandbox/consignments").json()) == before


def test_an_expired_customer_choice_is_requoted_with_a_notice(qtbot, desk) -> None:
    order = desk.order("single", "domestic", "choice:expired")
    scan(qtbot, desk.page, order)
    wait_state(qtbot, desk.page, PackState.OPTIONS_READY)
    latest = desk.messages.latest
    assert latest.severity is Severity.WARNING
    assert "The customer's chosen delivery has expired" in latest.text
    assert desk.page.order_panel.promise.isVisible()
    assert desk.page.options.proxy.rowCount() >= 1


def test_sortedpro_down_is_a_message_the_window_keeps_running_and_retry_works(qtbot, desk) -> None:
    order = desk.order("single", "domestic", "choice:none")
    desk.admin("POST", "/_sandbox/faults", rules=[{"path": "/*", "kind": "error", "status": 503}])
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    scan(qtbot, desk.page, order)
    wait_idle(qtbot, desk.page)
    timer.stop()
    assert len(ticks) >= 3  # the event loop kept turning while SortedPRO failed
    latest = desk.messages.latest
    assert latest.severity is Severity.ERROR
    assert latest.text.startswith(f"{order}: ")
    assert desk.page.progress.retry.isVisible()
    desk.admin("DELETE", "/_sandbox/faults")
    qtbot.keyClick(desk.page.scan_bar.field, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    wait_state(qtbot, desk.page, PackState.OPTIONS_READY)
    assert desk.page.options.proxy.rowCount() >= 1


def test_a_double_scan_makes_one_consignment(qtbot, scan_desk) -> None:
    desk = scan_desk
    order = desk.order("single", "domestic", "choice:none")
    scan(qtbot, desk.page, order)
    scan(qtbot, desk.page, order)
    done(qtbot, desk)
    assert len(live_consignments_for(desk.sandbox, order)) == 1
    assert len(desk.label_files()) == 1


def test_reprint_prints_the_archived_label_again(qtbot, scan_desk) -> None:
    desk = scan_desk
    scan(qtbot, desk.page, desk.order("single", "domestic", "choice:none"))
    done(qtbot, desk)
    qtbot.keyClick(desk.page.scan_bar.field, Qt.Key.Key_F5)
    assert desk.page.choice.isVisible()
    qtbot.keyClick(desk.page.choice, Qt.Key.Key_1)
    qtbot.waitUntil(
        lambda: not desk.page.session.busy and desk.page.session.view.record.print_count == 2,
        timeout=BUSY_MS,
    )
    first, second = desk.label_files()
    assert first.read_bytes() == second.read_bytes()
    assert desk.messages.latest.severity is Severity.SUCCESS


def test_the_day_close_names_the_consignment_that_failed(qtbot, scan_desk) -> None:
    desk = scan_desk
    orders = [o for o in demo_orders(desk.sandbox) if "domestic" in o["Categories"]][:2]
    references = []
    for order in orders:
        scan(qtbot, desk.page, str(order["OrderReference"]))
        done(qtbot, desk)
        references.append(desk.page.session.view.record.consignment_reference)
    desk.admin("POST", "/_sandbox/faults", manifest_fail_references=[references[0]])
    qtbot.keyClick(desk.page.scan_bar.field, Qt.Key.Key_F9)
    day = desk.window.day_close_page
    assert desk.window.tabs.currentWidget() is day
    qtbot.waitUntil(lambda: day.close_button.isEnabled(), timeout=BUSY_MS)
    day.close_button.click()
    day.confirm_bar.confirm_button.click()
    qtbot.waitUntil(lambda: day.result_panel.isVisible(), timeout=BUSY_MS)
    failures = day.result_panel.failures
    assert [failure.consignment_reference for failure in failures.rows] == [references[0]]
    assert desk.messages.latest.severity is Severity.WARNING


def test_saved_settings_rebuild_the_runtime(qtbot, desk, tmp_path) -> None:
    old_runtime = desk.lifecycle.runtime
    new_labels = tmp_path / "new-labels"
    new_labels.mkdir()
    changed = old_runtime.settings.model_copy(
        update={"label_printer": f"file:{new_labels}", "scan_to_print": True}
    )
    desk.window.settings_saved.emit(changed)
    qtbot.waitUntil(
        lambda: desk.lifecycle.runtime is not None and desk.lifecycle.runtime is not old_runtime,
        timeout=BUSY_MS,
    )
    qtbot.waitUntil(lambda: desk.window.packing_page is not None, timeout=BUSY_MS)
    assert desk.page.session.scan_to_print
    scan(qtbot, desk.page, desk.order("single", "domestic", "choice:none"))
    done(qtbot, desk)
    assert len(list(new_labels.iterdir())) == 1
