"""A bounded, thread-safe cache of rendered documents, already base64-encoded."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class RenderCache:
    def __init__(self, max_entries: int = 4096) -> None:
        self._entries: OrderedDict[Hashable, str] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> str:
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None:
                self._entries.move_to_end(key)
                return cached
        rendered = render()  # outside the lock: two first requests may both render, harmlessly
        with self._lock:
            self._entries[key] = rendered
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return rendered
