"""The optional state file: the whole store as one JSON document, replaced atomically.

Serialising a large store takes long (23 MB for 1,000 packed orders with all their options),
so the renderer keeps every record's JSON and re-serialises only the records the store
marked as changed; a background writer writes the file after each change (temp file, fsync,
os.replace), folding changes that arrive while it writes into its next write. `close()`
flushes synchronously.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import tempfile
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from packstation.sandbox.model import (
    ConsignmentRecord,
    DeliveryOptionRecord,
    ManifestRecord,
    OrderRecord,
    PotentialConsignment,
)
from packstation.sandbox.store import SNAPSHOT_VERSION, Collection, Store, StoreSnapshot

_log = logging.getLogger(__name__)
_SNAPSHOT = TypeAdapter(StoreSnapshot)
_RECORDS: dict[Collection, TypeAdapter[Any]] = {
    Collection.ORDERS: TypeAdapter(OrderRecord),
    Collection.POTENTIALS: TypeAdapter(PotentialConsignment),
    Collection.OPTIONS: TypeAdapter(DeliveryOptionRecord),
    Collection.CONSIGNMENTS: TypeAdapter(ConsignmentRecord),
    Collection.MANIFESTS: TypeAdapter(ManifestRecord),
}
_JOIN_TIMEOUT_SECONDS = 5.0


class StateFileError(RuntimeError):
    pass


class SnapshotRenderer:
    """The store as StoreSnapshot JSON, re-serialising only what changed since last time."""

    def __init__(self) -> None:
        self._json: dict[Collection, dict[str, bytes]] = {c: {} for c in Collection}

    def render(self, store: Store) -> list[bytes]:
        """The document in pieces: cheap to take under the lock, joined after it is released."""
        for collection, key in store.take_changes():
            record = store.records(collection).get(key)
            if record is None:
                self._json[collection].pop(key, None)
            else:
                self._json[collection][key] = _RECORDS[collection].dump_json(record)
        parts = [b'{"version":', str(SNAPSHOT_VERSION).encode(), b',"counters":']
        parts.append(json.dumps(store.counters.to_json()).encode())
        for collection in Collection:
            parts += [b',"', collection.value.encode(), b'":[']
            records = list(self._json[collection].values())
            parts += [
                part
                for index, record in enumerate(records)
                for part in (b"," * (index > 0), record)
            ]
            parts.append(b"]")
        parts.append(b"}")
        return parts


class StateFileWriter:
    """Writes `render()` to the state file from a daemon thread whenever `schedule()` asks.

    `render` must take the state's lock itself; never call `flush` or `close` while holding
    that lock, or the writer thread and the caller would wait for each other.
    """

    def __init__(self, path: Path, render: Callable[[], list[bytes]]) -> None:
        self._path = path
        self._render = render
        self._wake = threading.Event()
        self._write_lock = threading.Lock()  # one write at a time, each rendering the latest
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="sandbox-state-file", daemon=True)
        self._thread.start()
        # A daemon thread killed mid-write at interpreter exit can abort the process.
        atexit.register(_close_at_exit, weakref.ref(self))

    def schedule(self) -> None:
        self._wake.set()

    def flush(self) -> None:
        with self._write_lock:
            save_bytes(self._path, b"".join(self._render()))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._wake.set()
        self._thread.join(_JOIN_TIMEOUT_SECONDS)
        self.flush()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            if self._closed:
                return
            self._wake.clear()
            try:
                self.flush()
            except OSError:
                _log.exception("could not write the sandbox state file")


def _close_at_exit(writer: weakref.ref[StateFileWriter]) -> None:
    alive = writer()
    if alive is not None:
        alive.close()


def save_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_snapshot(path: Path) -> StoreSnapshot | None:
    """The saved store, or None when there is no file yet."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        snapshot = _SNAPSHOT.validate_json(data)
    except ValueError as error:
        raise StateFileError(f"{path} is not a sandbox state file: {error}") from error
    if snapshot.version != SNAPSHOT_VERSION:
        raise StateFileError(f"{path} has state version {snapshot.version}, not {SNAPSHOT_VERSION}")
    return snapshot
