"""Query-string access with case-insensitive names, as ASP.NET model binding does."""

from __future__ import annotations

from collections.abc import Iterable


class Query:
    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._values: dict[str, list[str]] = {}
        for name, value in pairs:
            self._values.setdefault(name.lower(), []).append(value)

    def get(self, name: str) -> str | None:
        """The first non-empty value, or None."""
        return next((value for value in self.get_all(name) if value != ""), None)

    def get_all(self, name: str) -> list[str]:
        return self._values.get(name.lower(), [])
