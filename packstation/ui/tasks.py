"""The one sanctioned way to run async work from a Qt slot.

`TaskRunner.run` starts a coroutine on the qasync loop under a key; while it runs, the key is
busy (so a double click, a double scan or key repeat cannot start it twice) and the widgets
given are disabled. Success and failure go to explicit callbacks. An exception nobody expected
reaches `unexpected_error`, which the main window turns into the crash dialog: nothing escapes
silently.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
T = TypeVar("T")

Disableable = QWidget | QAction


class TaskRunner(QObject):
    busy_changed = Signal(str, bool)  # key, busy
    unexpected_error = Signal(str, object)  # key, exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[str, asyncio.Task[Any]] = {}
        self._started_at: dict[str, float] = {}

    def is_busy(self, key: str) -> bool:
        return key in self._running

    def any_busy(self) -> bool:
        return bool(self._running)

    def elapsed(self, key: str) -> float:
        started = self._started_at.get(key)
        return time.monotonic() - started if started is not None else 0.0

    def run(
        self,
        key: str,
        work: Callable[[], Awaitable[T]],
        *,
        on_success: Callable[[T], None],
        on_error: Callable[[BaseException], bool] | None = None,
        disable: Sequence[Disableable] = (),
    ) -> bool:
        """Start `work()` unless `key` is already running. Returns whether it started.

        `on_error` returns True when it handled the exception; otherwise it is unexpected.
        """
        if key in self._running:
            log.debug("task %s already running; ignored", key)
            return False
        for widget in disable:
            widget.setEnabled(False)

        async def runner() -> None:
            try:
                result = await work()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # every failure is routed; none escapes
                handled = on_error(error) if on_error is not None else False
                if not handled:
                    log.error("unexpected error in task %s", key, exc_info=error)
                    self.unexpected_error.emit(key, error)
            else:
                on_success(result)
            finally:
                self._finish(key, disable)

        self._started_at[key] = time.monotonic()
        task = self._running[key] = asyncio.ensure_future(runner())
        task.add_done_callback(lambda done: self._forget(key, done, disable))
        self.busy_changed.emit(key, True)
        return True

    def _forget(self, key: str, task: asyncio.Task[Any], disable: Sequence[Disableable]) -> None:
        """A task cancelled before its first step never runs its `finally`: free its key."""
        if self._running.get(key) is task:
            self._finish(key, disable)

    def _finish(self, key: str, disable: Sequence[Disableable]) -> None:
        self._running.pop(key, None)
        self._started_at.pop(key, None)
        for widget in disable:
            widget.setEnabled(True)
        self.busy_changed.emit(key, False)

    def cancel(self, key: str) -> bool:
        """Stop waiting for `key`; its `finally` still runs. Returns whether it was running."""
        task = self._running.get(key)
        if task is None:
            return False
        task.cancel()
        return True

    def cancel_all(self) -> None:
        for task in list(self._running.values()):
            task.cancel()

    async def wait_idle(self) -> None:
        while self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)
