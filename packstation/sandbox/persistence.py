"""The optional state file: the whole store as JSON, replaced atomically after each change."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import TypeAdapter

from packstation.sandbox.store import SNAPSHOT_VERSION, StoreSnapshot

_SNAPSHOT = TypeAdapter(StoreSnapshot)


class StateFileError(RuntimeError):
    pass


def save_snapshot(path: Path, snapshot: StoreSnapshot) -> None:
    data = _SNAPSHOT.dump_json(snapshot)
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
