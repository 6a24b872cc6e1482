"""`packstation --smoke`: a headless self-check of the installed app, for CI and the installer.

Opens the main window on an offscreen display (unless one is available), starts the built-in
sandbox in a throw-away data directory, packs a demo order through the window with
scan-to-print into a folder printer, renders its label, lists the OS printers and exits 0.
On failure it prints the step that failed and exits 1. The user's settings and journal are
never touched.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import TypeVar

SMOKE_TIMEOUT_SECONDS = 60.0
T = TypeVar("T")


class SmokeStepError(Exception):
    def __init__(self, step: str, cause: BaseException) -> None:
        super().__init__(f"{step}: {type(cause).__name__}: {cause}")
        self.step = step


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _ensure_display() -> None:
    has_display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if sys.platform.startswith("linux") and not has_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class SmokeRun:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.steps: list[tuple[str, float]] = []

    async def step(self, name: str, work: Callable[[], Awaitable[T]]) -> T:
        started = time.monotonic()
        try:
            result = await work()
        except Exception as error:
            raise SmokeStepError(name, error) from error
        self.steps.append((name, time.monotonic() - started))
        say(f"smoke: ok   {name} ({time.monotonic() - started:.2f} s)")
        return result

    async def run(self) -> None:
        from packstation.config import ApiEnvironment, StationSettings
        from packstation.station_lifecycle import StationLifecycle
        from packstation.ui.demo_orders import DemoOrder, fetch_demo_orders
        from packstation.ui.main_window import MainWindow
        from packstation.ui.messages import MessageChannel
        from packstation.ui.printer_names import printer_names
        from packstation.ui.signal_wait import wait_until
        from packstation.ui.sound_player import SilentSounds
        from packstation.workflow.states import DONE_STATES

        labels = self.data_dir / "labels"
        settings = StationSettings(
            environment=ApiEnvironment.DEMO,
            api_url=None,
            data_dir=self.data_dir,
            label_printer=f"file:{labels}",
            document_printer=f"file:{self.data_dir / 'documents'}",
            scan_to_print=True,
            sounds=False,
            station_name="smoke",
        )
        messages = MessageChannel(headless=True)

        async def open_window() -> MainWindow:
            window = MainWindow(messages=messages, sounds=SilentSounds(), redact=lambda t: t)
            window.resize(1366, 768)
            window.show()
            return window

        window = await self.step("open the main window", open_window)
        lifecycle = StationLifecycle(window, messages)
        async with AsyncExitStack() as stack:
            stack.push_async_callback(lifecycle.stop)

            async def start() -> None:
                if not await lifecycle.start(settings):
                    latest = messages.latest
                    raise RuntimeError(latest.text if latest else "the station did not start")

            await self.step("start the built-in sandbox", start)
            runtime = lifecycle.runtime
            page = window.packing_page
            assert runtime is not None
            assert page is not None

            async def demo_orders() -> list[DemoOrder]:
                orders = await fetch_demo_orders(runtime.connection.base_url)
                if not orders:
                    raise RuntimeError("the sandbox listed no demo orders")
                return orders

            orders = await self.step("sandbox round trip (demo orders)", demo_orders)
            order = next(
                (o for o in orders if {"domestic", "single"} <= set(o.categories)), orders[0]
            )

            async def pack() -> None:
                page.scan_bar.field.setText(order.reference)
                page.scan_bar.field.scanned.emit(order.reference)
                session = page.session
                await wait_until(
                    session.busy_changed,
                    lambda: (
                        not session.busy
                        and session.view is not None
                        and session.view.record.state in DONE_STATES
                    ),
                    f"packing {order.reference}",
                )
                if not any(labels.iterdir()):
                    raise RuntimeError(f"no label file in {labels}")

            await self.step("pack a demo order by scan (scan-to-print)", pack)

            async def render() -> None:
                await wait_until(
                    page.preview.rendered, lambda: page.preview.page_count > 0, "the label preview"
                )

            await self.step("render the label (QPdfDocument)", render)

            async def printers() -> None:
                names = await printer_names()
                say(f"smoke:      {len(names)} OS printer(s)")

            await self.step("list printers", printers)


def run_smoke() -> int:
    _ensure_display()
    import qasync

    from packstation.app import qt_application

    qt_application()
    with tempfile.TemporaryDirectory(prefix="packstation-smoke-") as folder:
        smoke = SmokeRun(Path(folder))
        try:
            with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
                runner.run(asyncio.wait_for(smoke.run(), SMOKE_TIMEOUT_SECONDS))
        except SmokeStepError as failure:
            say(f"smoke: FAILED at step '{failure.step}': {failure}")
            return 1
        except Exception as error:  # e.g. the overall timeout
            say(f"smoke: FAILED: {type(error).__name__}: {error}")
            return 1
    say("smoke: OK")
    return 0
