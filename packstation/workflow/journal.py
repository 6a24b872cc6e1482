"""The durable journal of packs: SQLite in WAL mode.

Every transition is one transaction, committed before the caller's next step, so a crash of
the process leaves the journal at the last completed step. Durability against a power cut is
chosen per commit: a durable commit (synchronous=FULL, the default) fsyncs the write-ahead log
and with it every commit before it; a commit made with `durable=False` (synchronous=NORMAL)
is atomic and ordered but waits for the next durable commit to reach the disk. The workflow
makes every commit that guards a side effect (before a select, a print, a cancel) durable, so
a power cut can only lose steps that are repeated or reconciled safely (a look-up, a quote, an
allocation found again by its client reference, a label fetched again). `unsynced_commits`
counts the commits not yet fsynced; tests check it is zero whenever a side effect starts.
The state check and the update happen inside the same IMMEDIATE transaction, so two processes
sharing a journal cannot both move a pack out of the same state.

This class is synchronous; `AsyncJournal` runs it on one dedicated thread.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from packstation.workflow.domain import Allocation, OptionSummary, PackageSpec
from packstation.workflow.journal_codec import (
    decode_allocation,
    decode_option,
    decode_packages,
    encode_allocation,
    encode_option,
    encode_packages,
)
from packstation.workflow.states import PackState, is_allowed

SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 10.0
DEFAULT_RETENTION_DAYS = 30

_SCHEMA = """
CREATE TABLE IF NOT EXISTS packs (
    pack_id TEXT PRIMARY KEY,
    order_reference TEXT NOT NULL,
    client_reference TEXT NOT NULL UNIQUE,
    station TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    parked_reason TEXT,
    parked_from TEXT,
    select_attempted INTEGER NOT NULL DEFAULT 0,
    packages_json TEXT NOT NULL DEFAULT '[]',
    option_json TEXT,
    allocation_json TEXT,
    consignment_reference TEXT,
    label_format TEXT,
    label_dpi INTEGER,
    destination_country TEXT,
    print_count INTEGER NOT NULL DEFAULT 0,
    last_print_message TEXT,
    manifest_state TEXT,
    manifest_message TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS packs_one_open_per_order
    ON packs(order_reference) WHERE state != 'cancelled';
CREATE INDEX IF NOT EXISTS packs_by_consignment ON packs(consignment_reference);
CREATE INDEX IF NOT EXISTS packs_by_state ON packs(state);
CREATE INDEX IF NOT EXISTS packs_by_created ON packs(created_at);
CREATE TABLE IF NOT EXISTS pack_events (
    event_id INTEGER PRIMARY KEY,
    pack_id TEXT NOT NULL REFERENCES packs(pack_id),
    at TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    note TEXT
);
CREATE INDEX IF NOT EXISTS pack_events_by_pack ON pack_events(pack_id);
CREATE TABLE IF NOT EXISTS tracking_numbers (
    tracking_number TEXT NOT NULL,
    pack_id TEXT NOT NULL REFERENCES packs(pack_id),
    PRIMARY KEY (tracking_number, pack_id)
);
CREATE TABLE IF NOT EXISTS documents (
    document_id INTEGER PRIMARY KEY,
    pack_id TEXT NOT NULL REFERENCES packs(pack_id),
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    dpi INTEGER,
    name TEXT NOT NULL,
    data BLOB,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_by_pack ON documents(pack_id);
CREATE TABLE IF NOT EXISTS print_jobs (
    print_id INTEGER PRIMARY KEY,
    pack_id TEXT NOT NULL REFERENCES packs(pack_id),
    document_id INTEGER REFERENCES documents(document_id),
    target TEXT NOT NULL,
    reason TEXT NOT NULL,
    outcome TEXT NOT NULL,
    job_id TEXT,
    message TEXT,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS print_jobs_by_pack ON print_jobs(pack_id);
"""


class JournalError(Exception):
    """Base class for journal problems."""


class IllegalTransitionError(JournalError):
    def __init__(self, pack_id: str, current: PackState, target: PackState) -> None:
        super().__init__(f"pack {pack_id}: {current.value} -> {target.value} is not allowed")
        self.pack_id = pack_id
        self.current = current
        self.target = target


class OrderAlreadyOpenError(JournalError):
    def __init__(self, order_reference: str, existing: PackRecord) -> None:
        super().__init__(f"order {order_reference} already has an open pack ({existing.pack_id})")
        self.order_reference = order_reference
        self.existing = existing


class PackNotFoundError(JournalError):
    pass


class JournalUnavailableError(JournalError):
    """The journal file cannot be written: disk full, read-only, or corrupted."""


@dataclass(frozen=True)
class PackRecord:
    pack_id: str
    order_reference: str
    client_reference: str
    station: str
    state: PackState
    created_at: datetime
    updated_at: datetime
    parked_reason: str | None
    parked_from: PackState | None
    select_attempted: bool
    packages: tuple[PackageSpec, ...]
    option: OptionSummary | None
    allocation: Allocation | None
    label_format: str | None
    label_dpi: int | None
    destination_country: str | None
    print_count: int
    last_print_message: str | None
    manifest_state: str | None
    manifest_message: str | None

    @property
    def consignment_reference(self) -> str | None:
        return self.allocation.consignment_reference if self.allocation else None


@dataclass(frozen=True)
class ArchivedDocument:
    document_id: int
    pack_id: str
    kind: str
    format: str
    dpi: int | None
    name: str
    data: bytes | None  # None once purged by retention
    created_at: datetime


@dataclass(frozen=True)
class PrintRecord:
    print_id: int
    pack_id: str
    document_id: int | None
    target: str
    reason: str
    outcome: str
    job_id: str | None
    message: str | None
    at: datetime


@dataclass(frozen=True)
class PackEvent:
    pack_id: str
    at: datetime
    from_state: PackState | None
    to_state: PackState
    note: str | None


# Fields a transition may set, mapped to how they are stored.
_UPDATABLE_COLUMNS = {
    "parked_reason",
    "parked_from",
    "select_attempted",
    "packages",
    "option",
    "allocation",
    "label_format",
    "label_dpi",
    "destination_country",
    "last_print_message",
}


def _now() -> datetime:
    return datetime.now(UTC)


def _encode_field(name: str, value: Any) -> tuple[str, Any]:
    if name == "packages":
        return "packages_json", encode_packages(value)
    if name == "option":
        return "option_json", encode_option(value)
    if name == "allocation":
        return "allocation_json", encode_allocation(value)
    if name == "parked_from":
        return name, value.value if value is not None else None
    if name == "select_attempted":
        return name, 1 if value else 0
    return name, value


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._unsynced_commits = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # used from one executor thread at a time
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise JournalUnavailableError(
                    f"the journal at {path} was written by a newer packstation (schema {version})"
                )
            self._db.executescript("BEGIN IMMEDIATE;" + _SCHEMA + "COMMIT;")
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as error:
            raise JournalUnavailableError(f"cannot open the journal at {path}: {error}") from error

    def close(self) -> None:
        self._db.close()

    @property
    def unsynced_commits(self) -> int:
        """Commits made with `durable=False` since the last durable one."""
        return self._unsynced_commits

    @contextmanager
    def _transaction(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        if not durable:
            self._db.execute("PRAGMA synchronous=NORMAL")
        try:
            with self._commit_or_roll_back() as db:
                yield db
        finally:
            if not durable:
                self._db.execute("PRAGMA synchronous=FULL")
        if durable:
            self._unsynced_commits = 0
        else:
            self._unsynced_commits += 1

    @contextmanager
    def _commit_or_roll_back(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise JournalUnavailableError(f"the journal is busy or unavailable: {error}") from error
        try:
            yield self._db
        except BaseException as error:
            # SQLite rolls the transaction back itself on some errors (a full disk, an I/O
            # error): a second ROLLBACK would fail and hide the reason.
            self._rollback_quietly()
            if isinstance(error, sqlite3.OperationalError):
                raise JournalUnavailableError(
                    f"could not save to the journal (is the disk full?): {error}"
                ) from error
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            self._rollback_quietly()
            raise JournalUnavailableError(
                f"could not save to the journal (is the disk full?): {error}"
            ) from error

    def _rollback_quietly(self) -> None:
        with suppress(sqlite3.DatabaseError):
            self._db.execute("ROLLBACK")

    # ---- packs -------------------------------------------------------------------------

    def create_pack(
        self,
        *,
        order_reference: str,
        station: str,
        packages: Sequence[PackageSpec],
        destination_country: str | None,
        client_reference: str | None = None,
        durable: bool = True,
    ) -> PackRecord:
        pack_id = uuid.uuid4().hex
        client_reference = client_reference or new_client_reference(order_reference, station)
        now = _now().isoformat()
        try:
            with self._transaction(durable=durable) as db:
                existing = self._open_pack_for_order(order_reference)
                if existing is not None:
                    raise OrderAlreadyOpenError(order_reference, existing)
                db.execute(
                    "INSERT INTO packs (pack_id, order_reference, client_reference, station, state,"
                    " created_at, updated_at, packages_json, destination_country)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        pack_id,
                        order_reference,
                        client_reference,
                        station,
                        PackState.LOOKED_UP.value,
                        now,
                        now,
                        encode_packages(packages),
                        destination_country,
                    ),
                )
                self._insert_event(pack_id, None, PackState.LOOKED_UP, "order looked up", now)
        except sqlite3.IntegrityError as error:
            raise JournalError(f"could not create a pack for {order_reference}: {error}") from error
        return self.get(pack_id)

    def transition(
        self,
        pack_id: str,
        target: PackState,
        *,
        note: str | None = None,
        expected: PackState | frozenset[PackState] | None = None,
        durable: bool = True,
        **fields: Any,
    ) -> PackRecord:
        unknown = set(fields) - _UPDATABLE_COLUMNS
        if unknown:
            raise ValueError(f"not journal fields: {sorted(unknown)}")
        now = _now().isoformat()
        with self._transaction(durable=durable) as db:
            row = db.execute("SELECT state FROM packs WHERE pack_id = ?", (pack_id,)).fetchone()
            if row is None:
                raise PackNotFoundError(pack_id)
            current = PackState(row["state"])
            expected_states = frozenset({expected}) if isinstance(expected, PackState) else expected
            if expected_states is not None and current not in expected_states:
                raise IllegalTransitionError(pack_id, current, target)
            if not is_allowed(current, target):
                raise IllegalTransitionError(pack_id, current, target)
            if target is PackState.PARKED and current is not PackState.PARKED:
                fields.setdefault("parked_from", current)
            if target is not PackState.PARKED:
                fields.setdefault("parked_reason", None)
                fields.setdefault("parked_from", None)
            columns = ["state = ?", "updated_at = ?"]
            values: list[Any] = [target.value, now]
            for name, value in fields.items():
                column, stored = _encode_field(name, value)
                columns.append(f"{column} = ?")
                values.append(stored)
                if name == "allocation":
                    columns.append("consignment_reference = ?")
                    values.append(value.consignment_reference if value else None)
            values.append(pack_id)
            db.execute(f"UPDATE packs SET {', '.join(columns)} WHERE pack_id = ?", values)  # noqa: S608
            allocation = fields.get("allocation")
            if isinstance(allocation, Allocation):
                db.executemany(
                    "INSERT OR IGNORE INTO tracking_numbers (tracking_number, pack_id)"
                    " VALUES (?, ?)",
                    [(number, pack_id) for number in allocation.tracking_numbers],
                )
            self._insert_event(pack_id, current, target, note, now)
        return self.get(pack_id)

    def set_manifest_state(self, pack_id: str, manifest_state: str, message: str | None) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE packs SET manifest_state = ?, manifest_message = ?, updated_at = ?"
                " WHERE pack_id = ?",
                (manifest_state, message, _now().isoformat(), pack_id),
            )

    def get(self, pack_id: str) -> PackRecord:
        row = self._db.execute("SELECT * FROM packs WHERE pack_id = ?", (pack_id,)).fetchone()
        if row is None:
            raise PackNotFoundError(pack_id)
        return _pack_from_row(row)

    def find_open_pack_for_order(self, order_reference: str) -> PackRecord | None:
        return self._open_pack_for_order(order_reference)

    def _open_pack_for_order(self, order_reference: str) -> PackRecord | None:
        row = self._db.execute(
            "SELECT * FROM packs WHERE order_reference = ? AND state != 'cancelled'",
            (order_reference,),
        ).fetchone()
        return _pack_from_row(row) if row else None

    def find_by_client_reference(self, client_reference: str) -> PackRecord | None:
        row = self._db.execute(
            "SELECT * FROM packs WHERE client_reference = ?", (client_reference,)
        ).fetchone()
        return _pack_from_row(row) if row else None

    def find_by_consignment(self, consignment_reference: str) -> PackRecord | None:
        row = self._db.execute(
            "SELECT * FROM packs WHERE consignment_reference = ? ORDER BY created_at DESC",
            (consignment_reference,),
        ).fetchone()
        return _pack_from_row(row) if row else None

    def find_by_tracking_number(self, tracking_number: str) -> PackRecord | None:
        row = self._db.execute(
            "SELECT p.* FROM packs p JOIN tracking_numbers t ON t.pack_id = p.pack_id"
            " WHERE t.tracking_number = ? ORDER BY p.created_at DESC",
            (tracking_number,),
        ).fetchone()
        return _pack_from_row(row) if row else None

    def packs_in_states(self, states: frozenset[PackState]) -> list[PackRecord]:
        marks = ", ".join("?" for _ in states)
        rows = self._db.execute(
            f"SELECT * FROM packs WHERE state IN ({marks}) ORDER BY created_at",  # noqa: S608
            [s.value for s in states],
        ).fetchall()
        return [_pack_from_row(r) for r in rows]

    def packs_created_since(self, since: datetime, station: str | None = None) -> list[PackRecord]:
        query = "SELECT * FROM packs WHERE created_at >= ?"
        params: list[Any] = [since.astimezone(UTC).isoformat()]
        if station is not None:
            query += " AND station = ?"
            params.append(station)
        rows = self._db.execute(query + " ORDER BY created_at", params).fetchall()
        return [_pack_from_row(r) for r in rows]

    def states_since(
        self, since: datetime, station: str | None = None
    ) -> list[tuple[PackState, datetime]]:
        """(state, updated_at) of the packs `packs_created_since` returns, without decoding
        whole records: the status bar asks after every pack, over the whole day's packs."""
        query = "SELECT state, updated_at FROM packs WHERE created_at >= ?"
        params: list[Any] = [since.astimezone(UTC).isoformat()]
        if station is not None:
            query += " AND station = ?"
            params.append(station)
        return [
            (PackState(state), datetime.fromisoformat(updated_at))
            for state, updated_at in self._db.execute(query, params)
        ]

    def known_client_references(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT client_reference FROM packs")}

    def known_consignment_references(self) -> set[str]:
        return {
            r[0]
            for r in self._db.execute(
                "SELECT consignment_reference FROM packs WHERE consignment_reference IS NOT NULL"
            )
        }

    def events(self, pack_id: str) -> list[PackEvent]:
        rows = self._db.execute(
            "SELECT * FROM pack_events WHERE pack_id = ? ORDER BY event_id", (pack_id,)
        ).fetchall()
        return [
            PackEvent(
                pack_id=r["pack_id"],
                at=datetime.fromisoformat(r["at"]),
                from_state=PackState(r["from_state"]) if r["from_state"] else None,
                to_state=PackState(r["to_state"]),
                note=r["note"],
            )
            for r in rows
        ]

    def _insert_event(
        self, pack_id: str, source: PackState | None, target: PackState, note: str | None, at: str
    ) -> None:
        self._db.execute(
            "INSERT INTO pack_events (pack_id, at, from_state, to_state, note)"
            " VALUES (?, ?, ?, ?, ?)",
            (pack_id, at, source.value if source else None, target.value, note),
        )

    # ---- documents and print jobs ----------------------------------------------------

    def archive_document(
        self,
        pack_id: str,
        *,
        kind: str,
        format: str,
        dpi: int | None,
        name: str,
        data: bytes,
        durable: bool = True,
    ) -> int:
        with self._transaction(durable=durable) as db:
            cursor = db.execute(
                "INSERT INTO documents (pack_id, kind, format, dpi, name, data, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (pack_id, kind, format, dpi, name, data, _now().isoformat()),
            )
            return int(cursor.lastrowid or 0)

    def documents(self, pack_id: str, kind: str | None = None) -> list[ArchivedDocument]:
        query = "SELECT * FROM documents WHERE pack_id = ?"
        params: list[Any] = [pack_id]
        if kind is not None:
            query += " AND kind = ?"
            params.append(kind)
        rows = self._db.execute(query + " ORDER BY document_id", params).fetchall()
        return [
            ArchivedDocument(
                document_id=r["document_id"],
                pack_id=r["pack_id"],
                kind=r["kind"],
                format=r["format"],
                dpi=r["dpi"],
                name=r["name"],
                data=bytes(r["data"]) if r["data"] is not None else None,
                created_at=datetime.fromisoformat(r["created_at"]),
            )
            for r in rows
        ]

    def record_print(
        self,
        pack_id: str,
        *,
        document_id: int | None,
        target: str,
        reason: str,
        outcome: str,
        job_id: str | None,
        message: str | None,
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO print_jobs (pack_id, document_id, target, reason, outcome, job_id,"
                " message, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    pack_id,
                    document_id,
                    target,
                    reason,
                    outcome,
                    job_id,
                    message,
                    _now().isoformat(),
                ),
            )
            # Only label prints count: customs documents ride along with the first one.
            db.execute(
                "UPDATE packs SET print_count = print_count + (SELECT COUNT(*) FROM documents"
                " WHERE document_id = ? AND kind = 'label'), last_print_message = ?"
                " WHERE pack_id = ?",
                (document_id, message, pack_id),
            )

    def print_records(self, pack_id: str) -> list[PrintRecord]:
        rows = self._db.execute(
            "SELECT * FROM print_jobs WHERE pack_id = ? ORDER BY print_id", (pack_id,)
        ).fetchall()
        return [
            PrintRecord(
                print_id=r["print_id"],
                pack_id=r["pack_id"],
                document_id=r["document_id"],
                target=r["target"],
                reason=r["reason"],
                outcome=r["outcome"],
                job_id=r["job_id"],
                message=r["message"],
                at=datetime.fromisoformat(r["at"]),
            )
            for r in rows
        ]

    # ---- retention -------------------------------------------------------------------

    def purge(self, *, older_than_days: int = DEFAULT_RETENTION_DAYS) -> int:
        """Drop archived documents (they carry addresses) older than the retention period."""
        cutoff = (_now() - timedelta(days=older_than_days)).isoformat()
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE documents SET data = NULL WHERE created_at < ? AND data IS NOT NULL",
                (cutoff,),
            )
            return cursor.rowcount


def station_marker(station: str) -> str:
    """The part of every client reference that says which station made it: "-PS-BENCH1-"."""
    tag = "".join(ch for ch in station.upper() if ch.isascii() and ch.isalnum())[:12] or "STATION"
    return f"-PS-{tag}-"


def new_client_reference(order_reference: str, station: str) -> str:
    """A unique reference for one pack attempt, sent as ConsignmentReferenceProvidedByCustomer.

    It starts with the order reference, so a search finds every attempt at an order (another
    station's too), and carries the station's marker, so a station can find its own.
    """
    return f"{order_reference}{station_marker(station)}{uuid.uuid4().hex[:8].upper()}"


def _pack_from_row(row: sqlite3.Row) -> PackRecord:
    return PackRecord(
        pack_id=row["pack_id"],
        order_reference=row["order_reference"],
        client_reference=row["client_reference"],
        station=row["station"],
        state=PackState(row["state"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        parked_reason=row["parked_reason"],
        parked_from=PackState(row["parked_from"]) if row["parked_from"] else None,
        select_attempted=bool(row["select_attempted"]),
        packages=decode_packages(row["packages_json"]),
        option=decode_option(row["option_json"]),
        allocation=decode_allocation(row["allocation_json"]),
        label_format=row["label_format"],
        label_dpi=row["label_dpi"],
        destination_country=row["destination_country"],
        print_count=row["print_count"],
        last_print_message=row["last_print_message"],
        manifest_state=row["manifest_state"],
        manifest_message=row["manifest_message"],
    )
