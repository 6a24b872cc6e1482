"""The sentinel search at the end of every campaign run: the sandboxes' API key is a sentinel,
and the customers' names, e-mails, phone numbers and first address lines of every order the
campaign packs are looked for in what the station wrote.

Searched: every log record the station's code emitted during the run (at DEBUG, exceptions
with their tracebacks), every file in the station's data directory for the key, and every
journal cell for the personal data, except `documents.data` (the archived labels, which must
hold the address for a reprint).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import httpx

from tests.security.sentinels import API_KEY as SENTINEL_KEY
from tests.security.sentinels import journal_cells, key_forms

__all__ = ["SENTINEL_KEY", "LogCollector", "leaks_in", "personal_data_of"]

_CONTACT_FIELDS = ("Email", "Telephone", "Mobile")


class LogCollector(logging.Handler):
    """Every record of the `packstation` loggers, formatted as a log file would hold it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []
        self._logger = logging.getLogger("packstation")
        self._level = self._logger.level

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def __enter__(self) -> LogCollector:
        self._logger.addHandler(self)
        self._logger.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *_: object) -> None:
        self._logger.removeHandler(self)
        self._logger.setLevel(self._level)


def personal_data_of(base_url: str, api_key: str, orders: Iterable[str]) -> tuple[str, ...]:
    """The destination contact's name, e-mail and phones and the first address line of each
    order, as SortedPRO gives them to the station."""
    found: set[str] = set()
    with httpx.Client(base_url=base_url, headers={"ocp-apim-subscription-key": api_key}) as http:
        for reference in orders:
            body: dict[str, Any] = http.get(f"/orders/{reference}").raise_for_status().json()
            for address in body.get("Addresses") or []:
                if address.get("AddressType") != "Destination":
                    continue
                contact = address.get("Contact") or {}
                name = " ".join(
                    str(contact.get(part) or "") for part in ("FirstName", "LastName")
                ).strip()
                values = [name, address.get("AddressLine1")]
                values += [contact.get(field) for field in _CONTACT_FIELDS]
                found |= {str(v).strip() for v in values if v and len(str(v).strip()) >= 6}
    return tuple(sorted(found))


def leaks_in(
    log_lines: Sequence[str], directory: Path, personal_data: Sequence[str], key: str
) -> list[str]:
    forms = key_forms(key)
    lowered_personal = [value.lower() for value in personal_data]
    problems: list[str] = []
    for line in log_lines:
        data = line.encode()
        if any(form in data for form in forms):
            problems.append(f"the API key in a log record: {line[:200]!r}")
        lowered = line.lower()
        for value, low in zip(personal_data, lowered_personal, strict=True):
            if low in lowered:
                problems.append(f"personal data ({value!r}) in a log record: {line[:200]!r}")
    for path in sorted(directory.rglob("*")):
        if path.is_file() and any(form in path.read_bytes() for form in forms):
            problems.append(f"the API key in {path.relative_to(directory)}")
    for journal in sorted(directory.rglob("*.sqlite3")):
        problems += _personal_data_in_journal(journal, personal_data)
    return problems


def _personal_data_in_journal(path: Path, personal_data: Sequence[str]) -> list[str]:
    return [
        f"personal data ({value!r}) in the journal's {table}.{column}"
        for table, column, data in journal_cells(path)
        if (table, column) != ("documents", "data")
        for value in personal_data
        if value.lower().encode() in data.lower()
    ]
