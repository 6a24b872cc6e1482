"""A full disk: a clear message, nothing half-written, and packing works again once there is
room. Simulated two ways: SQLite's max_page_count (the journal cannot grow), and a real tiny
tmpfs filled to the brim (when the test may mount one: root on Linux)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.journal import JournalUnavailableError
from packstation.workflow.states import PackState

from .sandbox_process import SandboxProcess
from .station import Station, open_station

pytestmark = pytest.mark.e2e

ORDERS = ("EO-000-02A-002", "EO-000-02A-003", "EO-000-02A-005", "EO-000-02A-007")
ORDERS += ("EO-000-02A-008", "EO-000-02A-009", "EO-000-02A-00A", "EO-000-02A-00B")
AFTER = "EO-000-02A-016"


@pytest.fixture
def sandbox(reliability_sandboxes: dict[str, SandboxProcess]) -> SandboxProcess:
    server = reliability_sandboxes["error"]
    server.reset()
    return server


def _connection(journal: AsyncJournal) -> sqlite3.Connection:
    connection: sqlite3.Connection = journal._journal._db
    return connection


async def _fill_journal(journal: AsyncJournal) -> None:
    """Let the journal grow by a few pages only, then fill it: the next write that needs a
    page finds the "disk" full."""

    def fill() -> None:
        db = _connection(journal)
        pages = int(db.execute("PRAGMA page_count").fetchone()[0])
        db.execute(f"PRAGMA max_page_count = {pages + 2}")
        db.execute("CREATE TABLE IF NOT EXISTS filler (data BLOB)")
        with contextlib.suppress(sqlite3.OperationalError):  # "database or disk is full"
            while True:
                db.execute("INSERT INTO filler VALUES (zeroblob(1000))")

    await journal._run(fill)


async def _unlimit_journal(journal: AsyncJournal) -> None:
    await journal._run(lambda: _connection(journal).execute("PRAGMA max_page_count = 1073741823"))


def _integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


async def _full_then_room(station: Station, sandbox: SandboxProcess, make_room) -> None:  # type: ignore[no-untyped-def]
    """Pack until the journal cannot be written; the failure must say so in plain words and
    leave nothing half-written; with room again the same order finishes, once."""
    for order in ORDERS:
        try:
            await station.packing.scan_to_print(order)
        except JournalUnavailableError as full:
            message = str(full)
            break
    else:
        pytest.fail("the journal never filled up")
    assert "disk" in message.lower(), message
    record = await station.journal.find_open_pack_for_order(order)
    await make_room()
    view = await station.packing.scan_to_print(order)
    assert view.record.state is PackState.PRINT_SUBMITTED
    if record is not None:
        assert view.pack_id == record.pack_id  # the same pack carried on
    live = [c for c in sandbox.consignments() if c.live and c.client_reference.startswith(order)]
    assert [c.reference for c in live] == [view.record.consignment_reference]
    assert len(station.printer.labels_for(view.pack_id)) == 1
    again = await station.packing.scan_to_print(AFTER)
    assert again.record.state is PackState.PRINT_SUBMITTED


async def test_the_journal_cannot_grow(sandbox: SandboxProcess, tmp_path: Path) -> None:
    async with open_station(sandbox, tmp_path) as station:
        await _fill_journal(station.journal)

        async def make_room() -> None:
            await _unlimit_journal(station.journal)

        await _full_then_room(station, sandbox, make_room)
    assert _integrity(tmp_path / "journal.sqlite3") == "ok"


@contextlib.contextmanager
def tiny_disk(where: Path, size: str = "4m") -> Iterator[Path]:
    where.mkdir()
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot mount a tmpfs here ({error})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    """Fill the disk to all but `leave` bytes."""
    filler = disk / "filler"
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with filler.open("wb") as stream:
        stream.truncate(0)
        chunk = b"\0" * (1 << 20)
        remaining = max(0, free - leave)
        while remaining > 0:
            written = stream.write(chunk[: min(len(chunk), remaining)])
            remaining -= written
        stream.flush()
        os.fsync(stream.fileno())
    return filler


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
async def test_a_real_full_disk(sandbox: SandboxProcess, tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        async with open_station(sandbox, disk) as station:
            filler = _fill(disk, leave=16 * 1024)

            async def make_room() -> None:
                filler.unlink()

            await _full_then_room(station, sandbox, make_room)
        assert _integrity(disk / "journal.sqlite3") == "ok"
