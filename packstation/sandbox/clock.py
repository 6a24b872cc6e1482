"""The sandbox's one notion of "now": real time, or a chosen start, plus an adjustable offset."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")  # carriers' cut-offs and all dates are UK local time


class SandboxClock:
    """Thread-safe; `frozen` stops time at `start` (plus the offset), for tests."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("start must carry a time zone")
        if frozen and start is None:
            raise ValueError("a frozen clock needs a start")
        self._start = start
        self._frozen = frozen
        self._started_monotonic = time.monotonic()
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            offset = self._offset
        if self._start is None:
            base = datetime.now(UTC)
        elif self._frozen:
            base = self._start
        else:
            base = self._start + timedelta(seconds=time.monotonic() - self._started_monotonic)
        return (base + offset).astimezone(LONDON)

    @property
    def offset_seconds(self) -> float:
        with self._lock:
            return self._offset.total_seconds()

    def set_offset(self, seconds: float) -> None:
        with self._lock:
            self._offset = timedelta(seconds=seconds)

    def reset(self) -> None:
        self.set_offset(0.0)
