"""Sentinel values, orders that carry them, and a search for them in everything a station wrote.

A sentinel is a string no code or data would hold by chance. The key is searched for in every
form it could be written in (plain, base64 at each alignment, URL-encoded, hex); the personal
data as each field's exact text, ignoring case.
"""

from __future__ import annotations

import base64
import binascii
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from packstation.sandbox.app import services_of
from packstation.sandbox.server import SandboxServer

API_KEY = "SENTINEL-apikey-7Qx2Vb9Lm4Rt"
PERSON = {
    "Title": "Dr",
    "FirstName": "Qxzfirstname",
    "LastName": "Qxzlastname",
    "Telephone": "07700 900417",
    "Mobile": "07700 900418",
    "Email": "qxz.sentinel.person@sentinel-mail.example",
}
ADDRESS = {
    "CustomerName": "Qxzcustomer Qxzlastname",
    "CompanyName": "Qxzcompany Holdings",
    "AddressLine1": "17 Qxzstreet Road",
    "AddressLine2": "Qxzflat Nine",
    "AddressLine3": "Qxzdistrict",
    "Town": "Qxztown",
    "Postcode": "QX1 7ZQ",
    "SpecialInstructions": "Qxzinstructions: behind the gate",
}
PERSONAL_DATA = (
    *(value for key, value in PERSON.items() if key != "Title"),
    "07700900417",  # the telephone as digits only
    *ADDRESS.values(),
)


def key_forms(key: str = API_KEY) -> list[bytes]:
    """Every way the key could be written down: plain, base64 (three alignments, so a key inside
    longer base64 text is found too), URL-encoded and hex."""
    raw = key.encode()
    forms = {raw, quote(key, safe="").encode(), binascii.hexlify(raw)}
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        # drop the characters that depend on the padding bytes and on what follows
        forms.add(encoded[(4 * shift + 2) // 3 + 1 : -3])
    return sorted(forms)


def put_sentinel_person(server: SandboxServer, order_references: Iterable[str]) -> None:
    """Give these orders a destination made of sentinels (the sandbox has no Create Order, so
    its store is written in-process, as its own seeding does)."""
    state = services_of(server.app).state
    with state.reading() as store:
        for reference in order_references:
            order = store.orders[reference]
            for address in order.request.addresses:
                if address.get("AddressType") == "Destination":
                    address["Contact"] = dict(PERSON)
                    address.update(ADDRESS)


@dataclass(frozen=True)
class Hit:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.what!r} in {self.where}"


def hits_in(data: bytes, where: str, *, personal: bool = True) -> Iterator[Hit]:
    lowered = data.lower()
    for form in key_forms():
        if form in data:
            yield Hit(where, f"API key ({form.decode()})")
    if personal:
        for value in PERSONAL_DATA:
            if value.lower().encode() in lowered or value.lower().encode("utf-16-le") in lowered:
                yield Hit(where, value)


def hits_in_files(root: Path, *, personal: bool = True, skip: Iterable[Path] = ()) -> list[Hit]:
    skipped = {path.resolve() for path in skip}
    found: list[Hit] = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not any(path.resolve().is_relative_to(s) for s in skipped):
            found.extend(hits_in(path.read_bytes(), str(path.relative_to(root)), personal=personal))
    return found


def journal_cells(path: Path) -> Iterator[tuple[str, str, bytes]]:
    """(table, column, value) of every cell of a journal that holds something."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            for row in db.execute(f"SELECT * FROM {table}"):
                for column, value in zip(columns, row, strict=True):
                    if value is not None:
                        yield (
                            table,
                            column,
                            value if isinstance(value, bytes) else str(value).encode(),
                        )


def hits_in_journal(path: Path) -> tuple[list[Hit], set[str]]:
    """(hits anywhere but documents.data, the personal data found in documents.data)."""
    found: list[Hit] = []
    in_documents: set[str] = set()
    for table, column, data in journal_cells(path):
        cell_hits = list(hits_in(data, f"journal {table}.{column}"))
        if (table, column) == ("documents", "data"):
            found.extend(hit for hit in cell_hits if hit.what.startswith("API key"))
            in_documents |= {h.what for h in cell_hits if not h.what.startswith("API")}
        else:
            found.extend(cell_hits)
    return found, in_documents
