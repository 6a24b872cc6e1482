"""The window prints to real printers: a raw CUPS queue and a TCP 9100 socket printer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from packstation.printing.zpl_guard import count_labels
from packstation.sandbox.server import SandboxServer
from packstation.workflow.states import PackState
from tests.cups.cups_server import CAPTURE, CupsTestServer
from tests.cups.socket_listener import SocketListener
from tests.e2e.conftest import start_sandbox
from tests.e2e.test_window import BUSY_MS, Desk, close_desk, open_desk
from tests.ui.conftest import qasync_loop
from tests.ui.pack_fixtures import OFFSCREEN_NOTES
from tests.ui.page_fixtures import scan, wait_state

__all__ = ["qasync_loop"]  # the fixture, used by name
pytestmark = [
    pytest.mark.cups,
    pytest.mark.e2e,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(OFFSCREEN_NOTES),
]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    server = start_sandbox()
    yield server
    server.stop()


def scan_and_print(qtbot: Any, desk: Desk, categories: tuple[str, ...]) -> str:
    order = desk.order(*categories)
    scan(qtbot, desk.page, order)
    wait_state(qtbot, desk.page, PackState.PRINT_SUBMITTED, PackState.PRINTED, timeout_ms=BUSY_MS)
    return order


def last_job_id(data_dir: Path) -> str | None:
    with sqlite3.connect(data_dir / "journal.sqlite3") as db:
        [(job_id,)] = db.execute(
            "SELECT job_id FROM print_jobs ORDER BY print_id DESC LIMIT 1"
        ).fetchall()
    return str(job_id) if job_id else None


def test_the_window_prints_zpl_to_a_raw_cups_queue(
    qtbot: Any,
    qasync_loop: Any,
    sandbox: SandboxServer,
    cups_server: CupsTestServer,
    tmp_path: Path,
) -> None:
    desk = open_desk(
        qtbot, sandbox, tmp_path, scan_to_print=True, label_printer=CAPTURE, label_format="zpl"
    )
    try:
        scan_and_print(qtbot, desk, ("multi", "domestic", "choice:none"))
        arrived = cups_server.captured_job(CAPTURE, last_job_id(tmp_path / "data"))
        packages = len(desk.page.session.view.record.packages)
        assert count_labels(arrived) == packages >= 2
    finally:
        close_desk(qtbot, desk)


def test_the_window_prints_zpl_over_tcp_9100(
    qtbot: Any,
    qasync_loop: Any,
    sandbox: SandboxServer,
    cups_server: CupsTestServer,
    socket_printer: SocketListener,
    tmp_path: Path,
) -> None:
    before = socket_printer.connection_count()
    desk = open_desk(
        qtbot,
        sandbox,
        tmp_path,
        scan_to_print=True,
        label_printer=f"tcp://127.0.0.1:{socket_printer.port}",
        label_format="zpl",
    )
    try:
        scan_and_print(qtbot, desk, ("single", "domestic", "choice:none"))
        qtbot.waitUntil(lambda: socket_printer.connection_count() > before, timeout=BUSY_MS)
        received = b"".join(
            socket_printer.wait_for_connection(i)
            for i in range(before, socket_printer.connection_count())
        )
        assert count_labels(received) == 1
        record = desk.page.session.view.record
        assert record.allocation.tracking_numbers[0].encode() in received
    finally:
        close_desk(qtbot, desk)
