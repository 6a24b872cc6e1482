"""The real main window, offscreen, driven like a packer: one process, several scenarios.

`python -m bench.gui_driver PLAN.json OUT.json`. The window is built as `packstation.app`
builds it (MainWindow, StationLifecycle, the real runtime over loopback HTTP to the sandbox,
the raw TCP printer to bench/zebra_listener.py); scans are typed into the scan field with key
events and end with Enter. Every figure is measured here and written to OUT.json; the caller
(bench/run.py) makes the table.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from packstation.pyside_compat import pin_singletons

pin_singletons()  # before any Qt call
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtCore import QObject, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from bench.processes import label_arrivals, rss_mb  # noqa: E402
from packstation.app import WINDOW_SIZE, qt_application  # noqa: E402
from packstation.config import StationSettings  # noqa: E402
from packstation.runtime import open_runtime  # noqa: E402
from packstation.station_lifecycle import StationLifecycle  # noqa: E402
from packstation.ui.main_window import MainWindow  # noqa: E402
from packstation.ui.messages import MessageChannel  # noqa: E402
from packstation.ui.signal_wait import wait_until  # noqa: E402
from packstation.ui.sound_player import SilentSounds  # noqa: E402
from packstation.ui.views.day_close_view import CLOSE_TASK, SUMMARY_TASK  # noqa: E402
from packstation.ui.views.packing_page import PackingPage  # noqa: E402
from packstation.workflow.states import DONE_STATES, PackState  # noqa: E402

PROBE_INTERVAL_MS = 5
STALL_MS = 16.0
REPO = str(Path(__file__).resolve().parents[1])
PACK_TIMEOUT_SECONDS = 60.0
WARMUP_PACKS = 1  # per latency, as bench/floor.py: the first pack is not counted


class LagProbe(QObject):
    """A 5 ms timer on the event loop; each tick records how late it came."""

    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self.lags_ms: list[float] = []
        self.stalls: list[tuple[float, float]] = []  # (when, how late) over STALL_MS

    def start(self) -> None:
        self.lags_ms = []
        self.stalls = []
        self._last = None
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return self.lags_ms

    def watch_stalls(self, threshold_ms: float = 16.0) -> list[str]:
        """Diagnosis (BENCH_STALLS=1): the main thread's stack whenever the timer is late."""
        import threading
        import traceback

        main = threading.main_thread().ident
        stacks: list[str] = []

        def watch() -> None:
            reported: float | None = None
            while True:
                time.sleep(0.002)
                last = self._last
                if last is None or last == reported:
                    continue
                if (time.perf_counter() - last) * 1000 > threshold_ms:
                    frame = sys._current_frames().get(main or 0)
                    if frame is not None:
                        stacks.append("".join(traceback.format_stack(frame)[-14:]))
                    reported = last

        threading.Thread(target=watch, daemon=True).start()
        return stacks

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            lag = max(0.0, (now - self._last) * 1000 - PROBE_INTERVAL_MS)
            self.lags_ms.append(lag)
            if lag > STALL_MS:
                self.stalls.append((time.monotonic(), lag))
        self._last = now


class Driver:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.url: str = plan["url"]
        self.key: str = plan["key"]
        self.labels_log = Path(plan["labels_log"])
        self.work = Path(plan["workdir"])
        self.messages = MessageChannel(headless=True)
        self.window: MainWindow | None = None
        self.lifecycle: StationLifecycle | None = None
        self.probe = LagProbe()
        self.http = httpx.AsyncClient(base_url=self.url, timeout=120)
        self.out: dict[str, Any] = {}
        self.enter_handler_ms: list[float] = []

    # ---- the station ---------------------------------------------------------------------

    async def open(self) -> None:
        settings = StationSettings(
            data_dir=self.work / "data",
            label_printer=self.plan["printer"],
            label_format="zpl",
            label_dpi=203,
            document_printer=f"file:{self.work / 'documents'}",
            scan_to_print=True,
            sounds=False,
            station_name="bench",
        )
        window = self.window = MainWindow(
            messages=self.messages, sounds=SilentSounds(), redact=lambda text: text
        )
        window.resize(*WINDOW_SIZE)
        window.show()
        url, key = self.url, self.key
        lifecycle = self.lifecycle = StationLifecycle(
            window, self.messages, opener=lambda s: open_runtime(s, api_url=url, api_key=key)
        )
        if not await lifecycle.start(settings):
            raise RuntimeError(f"the station did not start: {self.messages.latest}")
        await self.settle()

    async def close(self) -> None:
        if self.lifecycle is not None:
            await self.lifecycle.stop()
        if self.window is not None:
            self.window.close()
        await self.http.aclose()

    @property
    def page(self) -> PackingPage:
        assert self.window is not None
        assert self.window.packing_page is not None
        return self.window.packing_page

    async def settle(self, seconds: float = 0.3) -> None:
        """Let background work (preview, status bar figures) finish."""
        assert self.window is not None
        deadline = time.monotonic() + 30
        tasks = self.window.station_tasks
        while tasks is not None and tasks.any_busy() and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        await asyncio.sleep(seconds)

    async def set_latency(self, ms: float) -> None:
        (await self.http.delete("/_sandbox/faults")).raise_for_status()
        if ms > 0:
            body = {"latency": {"mode": "fixed", "ms": ms}}
            (await self.http.post("/_sandbox/faults", json=body)).raise_for_status()

    # ---- a packer's hands ----------------------------------------------------------------

    def type_scan(self, reference: str) -> float:
        """Type the barcode, then Enter; returns the time of the Enter."""
        field = self.page.scan_bar.field
        field.setFocus()
        QTest.keyClicks(field, reference)
        started = time.monotonic()
        QTest.keyClick(field, Qt.Key.Key_Return)
        # Diagnosis: how long the Enter's own handler held the loop (the views reset).
        self.enter_handler_ms.append((time.monotonic() - started) * 1000)
        return started

    async def until(self, condition: Callable[[], bool], what: str) -> None:
        """Checked whenever a task of the station starts or ends (no polling on the loop)."""
        assert self.window is not None
        assert self.window.station_tasks is not None
        try:
            await wait_until(
                self.window.station_tasks.busy_changed, condition, what, PACK_TIMEOUT_SECONDS
            )
        except TimeoutError as error:
            raise TimeoutError(f"{error}: {self.messages.latest}") from None

    def state_is(self, *states: PackState) -> Callable[[], bool]:
        session = self.page.session

        def reached() -> bool:
            view = session.view
            return not session.busy and view is not None and view.record.state in states

        return reached

    def failed(self) -> bool:
        session = self.page.session
        return not session.busy and session.view is None

    async def scan_to_print(self, reference: str) -> tuple[float, float]:
        """One scan-to-print pack: (Enter time, label arrival time at the printer)."""
        before = len(label_arrivals(self.labels_log))
        started = self.type_scan(reference)
        done = self.state_is(*DONE_STATES)
        await self.until(lambda: done() or self.failed(), f"packing {reference}")
        if not done():
            raise RuntimeError(f"{reference} did not pack: {self.messages.latest}")
        arrivals = await self.arrivals(before + 1)
        return started, arrivals[before]

    async def arrivals(self, count: int) -> list[float]:
        deadline = time.monotonic() + 10
        while True:
            found = label_arrivals(self.labels_log)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"the printer has {len(found)} labels, expected {count}")
            await asyncio.sleep(0.001)

    # ---- scenarios -----------------------------------------------------------------------

    async def idle_memory(self) -> None:
        await self.settle(1.0)
        started = time.perf_counter()
        gc.collect()
        self.out["full_gc_ms"] = (time.perf_counter() - started) * 1000
        self.out["idle_rss_mb"] = rss_mb()
        self.probe.start()
        await asyncio.sleep(2.0)
        self.out["idle_lag_ms"] = self.probe.stop()

    async def scan_overhead(self) -> None:
        """Per latency: the bare-httpx floor (own process), then the window, same orders."""
        results: dict[str, Any] = {}
        orders = list(self.plan["overhead_orders"])
        trials = int(self.plan["overhead_trials"]) + WARMUP_PACKS
        for latency in self.plan["latencies_ms"]:
            await self.set_latency(latency)
            floor_orders, orders = orders[:trials], orders[trials:]
            app_orders, orders = orders[:trials], orders[trials:]
            floor = await self.run_floor(floor_orders)
            app: list[float] = []
            for reference in app_orders[:WARMUP_PACKS]:
                await self.scan_to_print(reference)
                await self.settle(0.05)
            for reference in app_orders[WARMUP_PACKS:]:
                started, arrived = await self.scan_to_print(reference)
                app.append((arrived - started) * 1000)
                await self.settle(0.05)
            results[str(latency)] = {"floor_ms": floor, "app_ms": app}
        await self.set_latency(0)
        self.out["scan_to_print"] = results

    async def run_floor(self, orders: list[str]) -> list[float]:
        out = self.work / "floor.json"
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.floor",
            json.dumps(
                {
                    "url": self.url,
                    "key": self.key,
                    "printer_port": int(self.plan["printer"].rsplit(":", 1)[1]),
                    "labels_log": str(self.labels_log),
                    "orders": orders,
                    "out": str(out),
                }
            ),
            cwd=REPO,
        )
        if await process.wait() != 0:
            raise RuntimeError("the floor script failed")
        floor: list[float] = json.loads(out.read_text())
        return floor

    async def session(self) -> None:
        """The 200-order scripted session: scan-to-print, one re-quote, one reprint, a day close,
        under the 5 ms lag probe (after start-up)."""
        orders = list(self.plan["session_orders"])
        requote_order = orders.pop(len(orders) // 2)
        self.probe.start()
        started = time.monotonic()
        marks: list[tuple[float, str]] = []
        for index, reference in enumerate(orders):
            marks.append((time.monotonic(), f"pack {index}"))
            await self.scan_to_print(reference)
            if index == 10:
                marks.append((time.monotonic(), "reprint"))
                await self.reprint()
            if index == len(orders) // 2:
                marks.append((time.monotonic(), "re-quote"))
                await self.requote(requote_order)
        packs_done = time.monotonic()
        marks.append((packs_done, "day close"))
        day_close = await self.day_close()
        lags = self.probe.stop()
        self.out["session_stalls"] = [
            (f"{lag:.0f} ms", next((m for t, m in reversed(marks) if t <= when), "start"))
            for when, lag in self.probe.stalls
        ]
        self.out["session"] = {
            "packs": len(orders) + 1,
            "seconds": packs_done - started,
            "lag_ms": lags,
            "day_close": day_close,
        }

    async def reprint(self) -> None:
        session = self.page.session
        assert session.can_reprint
        before = len(label_arrivals(self.labels_log))
        session.reprint("Label damaged")
        await self.until(self.state_is(*DONE_STATES), "reprint")
        await self.arrivals(before + 1)

    async def requote(self, reference: str) -> None:
        session = self.page.session
        session.scan_to_print = False
        try:
            self.type_scan(reference)
            await self.until(self.state_is(PackState.OPTIONS_READY), f"options for {reference}")
            view = session.view
            assert view is not None
            heavier = tuple(replace(p, weight_kg=p.weight_kg + 0.5) for p in view.record.packages)
            self.page.order_panel.packages.packages_changed.emit(heavier)
            await self.until(
                lambda: (
                    self.state_is(PackState.OPTIONS_READY)()
                    and session.view is not None
                    and session.view.record.packages == heavier
                ),
                f"re-quote of {reference}",
            )
            before = len(label_arrivals(self.labels_log))
            field = self.page.scan_bar.field
            field.setFocus()
            QTest.keyClick(field, Qt.Key.Key_Return)  # Enter on the empty field: book
            await self.until(self.state_is(*DONE_STATES), f"booking {reference}")
            await self.arrivals(before + 1)
        finally:
            session.scan_to_print = True

    async def day_close(self) -> dict[str, float]:
        """List (the summary) and manifest the day's consignments from the End of day page."""
        assert self.window is not None
        window = self.window
        tasks = window.station_tasks
        view = window.day_close_page
        assert tasks is not None
        assert view is not None
        await self.until(lambda: not tasks.is_busy(SUMMARY_TASK), "an earlier summary")
        started = time.monotonic()
        window.show_day_close()  # F9: the tab refreshes its summary
        await asyncio.sleep(0)
        await self.until(lambda: not tasks.is_busy(SUMMARY_TASK), "the day's summary")
        listed = time.monotonic()
        summary = view._summary
        waiting = summary.total if summary is not None else 0
        view.request_close()
        view.confirm_bar.confirmed.emit()
        await asyncio.sleep(0)
        await self.until(lambda: not tasks.is_busy(CLOSE_TASK), "the manifest")
        closed = time.monotonic()
        await self.until(lambda: not tasks.is_busy(SUMMARY_TASK), "the summary after")
        window.show_packing()
        return {
            "consignments": float(waiting),
            "list_s": listed - started,
            "manifest_s": closed - listed,
        }

    async def day_close_only(self) -> None:
        self.probe.start()
        result = await self.day_close()
        result_lags = self.probe.stop()
        self.out["day_close"] = {**result, "lag_ms": result_lags}

    async def packs(self) -> None:
        """Throughput and memory: a scripted packer scans the next order as soon as the station
        is ready for it; RSS after a warm-up and after every pack."""
        orders = list(self.plan["pack_orders"])
        warmup = int(self.plan["warmup_packs"])
        for reference in orders[:warmup]:
            await self.scan_to_print(reference)
        await self.settle(1.0)
        gc.collect()
        tracing = bool(os.environ.get("BENCH_TRACEMALLOC"))  # diagnosis: what grows
        if tracing:
            import tracemalloc

            tracemalloc.start(12)
            first = tracemalloc.take_snapshot()
        before = rss_mb()
        objects_before = self.qt_objects()
        started = time.monotonic()
        per_pack: list[float] = []
        rss_samples: list[float] = []
        for index, reference in enumerate(orders[warmup:]):
            enter, _arrived = await self.scan_to_print(reference)
            per_pack.append(time.monotonic() - enter)
            if index % 50 == 49:
                rss_samples.append(rss_mb())
        elapsed = time.monotonic() - started
        await self.settle(1.0)
        gc.collect()
        if tracing:
            growth = tracemalloc.take_snapshot().compare_to(first, "traceback")
            self.out["tracemalloc"] = [
                f"{stat.size_diff / 1024:.0f} KiB, {stat.count_diff} blocks\n"
                + "\n".join(stat.traceback.format()[-12:])
                for stat in growth[:15]
            ]
        self.out["packs"] = {
            "count": len(orders) - warmup,
            "seconds": elapsed,
            "per_pack_s": per_pack,
            "rss_before_mb": before,
            "rss_after_mb": rss_mb(),
            "rss_every_50_mb": rss_samples,
            "rss_after_trim_mb": _trimmed_rss(),
            "qt_objects": [objects_before, self.qt_objects()],
        }

    async def paint(self) -> None:
        """Diagnosis: what one repaint of the window and of its parts costs."""
        assert self.window is not None
        await self.scan_to_print(self.plan["trace_orders"][0])
        await self.settle(0.5)
        page = self.page
        parts = {
            "window": self.window,
            "tabs": self.window.tabs,
            "page": page,
            "banner": self.window.banner,
            "progress": page.progress,
            "options": page.options,
            "order": page.order_panel,
            "consignment": page.consignment,
            "preview": page.preview,
            "scan": page.scan_bar,
            "statusbar": self.window.statusBar(),
        }
        costs: dict[str, float] = {}
        for name, widget in parts.items():
            times = []
            for _ in range(10):
                started = time.perf_counter()
                widget.repaint()
                times.append((time.perf_counter() - started) * 1000)
            costs[name] = sorted(times)[5]
        self.out["paint_ms"] = costs

    def qt_objects(self) -> int:
        """Diagnosis: QObjects under the window plus top-level widgets (a leak shows here)."""
        from PySide6.QtWidgets import QApplication

        assert self.window is not None
        return len(self.window.findChildren(QObject)) + len(QApplication.allWidgets())

    async def options_cost(self) -> None:
        """Diagnosis: showing the options of an order (not scan-to-print), first and later."""
        session = self.page.session
        session.scan_to_print = False
        costs = []
        for reference in self.plan["trace_orders"][:3]:
            self.type_scan(reference)
            await self.until(self.state_is(PackState.OPTIONS_READY), f"options for {reference}")
            view = session.view
            assert view is not None
            for _ in range(3):
                self.page.options.show_placeholder("x")
                await asyncio.sleep(0.1)
                self.probe.start()
                started = time.perf_counter()
                if os.environ.get("BENCH_PROFILE"):
                    import cProfile
                    import pstats

                    profiler = cProfile.Profile()
                    profiler.runcall(self.page.options.show_options, view.options, view.choice)
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                else:
                    self.page.options.show_options(view.options, view.choice)
                shown = time.perf_counter()
                await asyncio.sleep(0.1)
                costs.append(((shown - started) * 1000, max(self.probe.stop())))
            heights = [self.page.options.table.rowHeight(0)]
            self.page.escape()
        from PySide6.QtGui import QFontMetrics

        table = self.page.options.table
        self.out["options_ms"] = costs
        self.out["row_height"] = [heights[0], QFontMetrics(table.font()).height()]

    async def trace(self) -> None:
        """The requests one scan-to-print pack sends, in order (to check bench/floor.py)."""
        calls: list[dict[str, Any]] = []
        original = httpx.AsyncClient.send

        async def send(client: httpx.AsyncClient, request: httpx.Request, **kw: Any) -> Any:
            started = time.monotonic()
            response = await original(client, request, **kw)
            if client is not self.http:
                calls.append(
                    {
                        "method": request.method,
                        "path": request.url.path,
                        "query": str(request.url.query, "ascii"),
                        "start_ms": started * 1000,
                        "end_ms": time.monotonic() * 1000,
                    }
                )
            return response

        httpx.AsyncClient.send = send  # type: ignore[method-assign]
        from packstation.printing.raw_tcp import RawTcpPrinter
        from packstation.workflow.async_journal import AsyncJournal

        def timed(owner: Any, name: str, label: Callable[..., str]) -> None:
            original_method = getattr(owner, name)

            async def wrapper(*args: Any, **kw: Any) -> Any:
                started = time.monotonic()
                try:
                    return await original_method(*args, **kw)
                finally:
                    calls.append(
                        {
                            "method": "LOCAL",
                            "path": label(*args, **kw),
                            "query": "",
                            "start_ms": started * 1000,
                            "end_ms": time.monotonic() * 1000,
                        }
                    )

            setattr(owner, name, wrapper)

        timed(AsyncJournal, "_run", lambda _self, fn, *a, **k: f"journal {fn.__name__}")
        timed(RawTcpPrinter, "_host_status", lambda *_: "printer ~HS")
        timed(RawTcpPrinter, "_send", lambda *_: "printer send")
        try:
            for reference in self.plan["trace_orders"]:
                started, arrived = await self.scan_to_print(reference)
                await self.settle(0.5)
                calls.append({"scan_ms": started * 1000, "label_ms": arrived * 1000})
        finally:
            httpx.AsyncClient.send = original  # type: ignore[method-assign]
        self.out["trace"] = calls

    def watch_gc(self) -> list[tuple[int, float]]:
        """Diagnosis (BENCH_GC=1): every garbage collection's generation and duration (ms)."""
        pauses: list[tuple[int, float]] = []
        started: list[float] = [0.0]

        def callback(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started[0] = time.perf_counter()
            else:
                pauses.append((info["generation"], (time.perf_counter() - started[0]) * 1000))

        gc.callbacks.append(callback)
        return pauses

    async def run(self) -> None:
        pauses = self.watch_gc() if os.environ.get("BENCH_GC") else None
        if os.environ.get("BENCH_NO_PREVIEW"):  # diagnosis: the preview's share of the figures
            from packstation.ui.views.label_preview import LabelPreview

            LabelPreview.show_pdf = lambda self, data: None  # type: ignore[method-assign]
        stacks = self.probe.watch_stalls() if os.environ.get("BENCH_STALLS") else None
        await self.open()
        try:
            for scenario in self.plan["scenarios"]:
                await getattr(self, scenario)()
        finally:
            if stacks is not None:
                self.out["stall_stacks"] = stacks
            if pauses is not None:
                self.out["gc_pauses"] = pauses
            self.out["enter_handler_ms"] = self.enter_handler_ms
            await self.close()


def _trimmed_rss() -> float:
    """Diagnosis only (not the figure): RSS once glibc has handed its free pages back, which
    tells retained-but-free heap from memory still in use."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return float("nan")
    return rss_mb()


def main() -> int:
    plan = json.loads(Path(sys.argv[1]).read_text())
    qt_application()
    driver = Driver(plan)
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        runner.run(driver.run())
    Path(sys.argv[2]).write_text(json.dumps(driver.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
