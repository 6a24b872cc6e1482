"""Regenerate docs/screenshots/*.png from the real window against the built-in demo sandbox.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py

Uses a throw-away data directory (the user's journal is never touched) and a folder printer.
Every shot is 1366x768, the smallest screen the window is made for.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import qasync
from PySide6.QtWidgets import QWidget

from packstation.app import qt_application
from packstation.config import ApiEnvironment, StationSettings
from packstation.station_lifecycle import StationLifecycle
from packstation.ui.demo_orders import DemoOrder, fetch_demo_orders
from packstation.ui.main_window import MainWindow
from packstation.ui.messages import MessageChannel
from packstation.ui.signal_wait import wait_until
from packstation.ui.sound_player import SilentSounds
from packstation.ui.views.packing_page import PackingPage
from packstation.workflow.states import PackState

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1366, 768)


async def settle() -> None:
    """Let queued paints, renders and polls land before a grab."""
    for _ in range(10):
        await asyncio.sleep(0.05)


def shoot(widget: QWidget, name: str) -> None:
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    sys.stdout.write(f"wrote {path}\n")


def pick(orders: list[DemoOrder], *categories: str) -> DemoOrder:
    return next(o for o in orders if set(categories) <= set(o.categories))


async def scan(page: PackingPage, text: str) -> None:
    page.scan_bar.field.setText(text)
    page.scan_bar.field.scanned.emit(text)
    await wait_until(page.session.busy_changed, lambda: not page.session.busy, "idle")
    await settle()


async def main(data_dir: Path) -> None:
    settings = StationSettings(
        environment=ApiEnvironment.DEMO,
        api_url=None,
        data_dir=data_dir,
        label_printer=f"file:{data_dir / 'labels'}",
        document_printer=f"file:{data_dir / 'documents'}",
        scan_to_print=False,
        sounds=False,
        station_name="bench-1",
    )
    messages = MessageChannel()
    window = MainWindow(messages=messages, sounds=SilentSounds(), redact=lambda text: text)
    window.resize(*SIZE)
    window.show()
    lifecycle = StationLifecycle(window, messages)
    try:
        if not await lifecycle.start(settings):
            raise SystemExit("the station did not start")
        runtime = lifecycle.runtime
        page = window.packing_page
        assert runtime is not None
        assert page is not None
        base_url = runtime.connection.base_url
        orders = await fetch_demo_orders(base_url)
        await settle()
        shoot(window, "01-ready-demo")

        with_choice = pick(orders, "choice:valid", "single")
        multi = pick(orders, "multi", "domestic")
        await scan(page, multi.reference)
        shoot(window, "02-order-with-options")

        page.book()
        await wait_until(page.session.busy_changed, lambda: not page.session.busy, "idle")
        await wait_until(page.preview.rendered, lambda: page.preview.page_count > 0, "preview")
        await settle()
        shoot(window, "03-label-after-pack")

        await scan(page, "hello world ###")
        shoot(window, "04-error-garbled-scan")

        async with httpx.AsyncClient(base_url=base_url) as admin:
            await admin.post(
                "/_sandbox/faults",
                json={"rules": [{"path": "/*", "kind": "error", "status": 503}]},
            )
            await scan(page, with_choice.reference)
            shoot(window, "05-error-api-down")
            await admin.delete("/_sandbox/faults")
            await admin.post(
                "/_sandbox/faults",
                json={"rules": [{"path": "/*", "kind": "delay", "delay_ms": 2500}]},
            )
            page.retry()
            await asyncio.sleep(1.2)
            shoot(window, "07-slow-api-spinner")
            await wait_until(page.session.busy_changed, lambda: not page.session.busy, "idle")
            await admin.delete("/_sandbox/faults")

        view = page.session.view
        if view is not None and view.record.state is not PackState.PARKED:
            await runtime.packing.park(
                view.pack_id,
                "Booking did not finish within 30 seconds. "
                "Press Retry: the station checks with SortedPRO first.",
            )
        window.open_parked()
        dialog = window.parked_dialog
        assert dialog is not None
        await settle()
        shoot(dialog, "06-parked-list")
    finally:
        await lifecycle.stop()


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    qt_application()
    with (
        tempfile.TemporaryDirectory(prefix="packstation-shots-") as folder,
        asyncio.Runner(loop_factory=qasync.QEventLoop) as runner,
    ):
        runner.run(main(Path(folder)))
