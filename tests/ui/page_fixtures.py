"""The packing page on a fake bench, shown offscreen, and the keys a packer would press."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from packstation.ui.views.packing_page import PackingPage
from packstation.workflow.states import PackState

from .pack_fixtures import NOW, Bench, open_bench, run

TIMEOUT_MS = 5_000


def make_page(qtbot: Any, bench: Bench) -> PackingPage:
    page = PackingPage(bench.station, bench.tasks, bench.messages, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.start()
    return page


def bench_fixture(tmp_path: Path, qtbot: Any, **options: Any) -> Iterator[Bench]:
    bench = run(qtbot, open_bench(tmp_path, **options))
    yield bench
    bench.tasks.cancel_all()
    run(qtbot, bench.tasks.wait_idle())
    run(qtbot, bench.journal.close())


@pytest.fixture
def bench(qtbot, qasync_loop, tmp_path) -> Iterator[Bench]:
    yield from bench_fixture(tmp_path, qtbot)


@pytest.fixture
def page(qtbot, bench) -> PackingPage:
    return make_page(qtbot, bench)


def scan(qtbot: Any, page: PackingPage, text: str) -> None:
    """Type like a scanner: the characters, then Enter, into the scan field."""
    field = page.scan_bar.field
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def press(qtbot: Any, widget: QWidget, key: Qt.Key, modifier: Any = None) -> None:
    if modifier is None:
        qtbot.keyClick(widget, key)
    else:
        qtbot.keyClick(widget, key, modifier)


def wait_idle(qtbot: Any, page: PackingPage) -> None:
    qtbot.waitUntil(lambda: not page.session.busy, timeout=TIMEOUT_MS)


def wait_state(
    qtbot: Any, page: PackingPage, *states: PackState, timeout_ms: int = TIMEOUT_MS
) -> None:
    def reached() -> bool:
        view = page.session.view
        return not page.session.busy and view is not None and view.record.state in states

    qtbot.waitUntil(reached, timeout=timeout_ms)
