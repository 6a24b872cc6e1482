"""Event-loop lag: how long the loop (the window's loop, in the app) was unable to run a task.

A ticker asks to wake every 5 ms and records how late it woke. A stall of the loop (blocking
I/O, a long computation, a synchronous call) shows as a late tick; the UI would have frozen
for that long. A watchdog thread samples what the loop's thread is doing while a tick is late:
a stall during which the thread was only ever found waiting in the selector was the machine
not giving the process a CPU (other processes of a parallel campaign), not the app blocking
its loop. `worst_blocked` counts only the stalls where the loop's thread was found busy, and
keeps its stack, so a violation names its cause.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
import time
import traceback
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

TICK_SECONDS = 0.005
WATCH_SECONDS = 0.02
SAMPLE_AFTER_SECONDS = 0.1


def _waiting_in_selector(frame: object) -> bool:
    code = getattr(frame, "f_code", None)
    return code is not None and code.co_name == "select" and "selectors" in code.co_filename


@dataclass
class LagMonitor:
    worst: float = 0.0  # every late tick
    worst_blocked: float = 0.0  # late ticks while the loop's thread was found busy
    ticks: int = 0
    stall_stack: str = ""  # the loop thread's stack, sampled during the worst blocked stall
    _last_tick: float = field(default=0.0, repr=False)
    _busy_stack: str = field(default="", repr=False)  # seen busy since the last tick

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            self._last_tick = time.monotonic()
            await asyncio.sleep(TICK_SECONDS)
            late = loop.time() - before - TICK_SECONDS
            self.ticks += 1
            self.worst = max(self.worst, late)
            busy, self._busy_stack = self._busy_stack, ""
            if busy and late > self.worst_blocked:
                self.worst_blocked, self.stall_stack = late, busy

    def _watch(self, loop_thread: int, stop: threading.Event) -> None:
        while not stop.wait(WATCH_SECONDS):
            if time.monotonic() - self._last_tick < SAMPLE_AFTER_SECONDS or self._busy_stack:
                continue
            frame = sys._current_frames().get(loop_thread)
            if frame is not None and not _waiting_in_selector(frame):
                self._busy_stack = "".join(traceback.format_stack(frame)[-12:])

    @contextlib.asynccontextmanager
    async def watching(self) -> AsyncIterator[LagMonitor]:
        self._last_tick = time.monotonic()
        stop = threading.Event()
        watchdog = threading.Thread(
            target=self._watch, args=(threading.get_ident(), stop), daemon=True
        )
        watchdog.start()
        ticker = asyncio.create_task(self._tick(), name="lag-monitor")
        try:
            yield self
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
            stop.set()
            watchdog.join()
