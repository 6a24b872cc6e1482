"""A torn journal: the power went while the last transaction was being written to the WAL.

The journal (SQLite, WAL, synchronous=FULL) is copied byte for byte right after the pack's
ALLOCATED transaction was committed, as a power cut would leave it on disk with the WAL not yet
checkpointed. Then the last transaction is torn: the WAL is cut in the middle of its frames, cut
by a single byte, or its last frame is garbled. SQLite must recover to the last transaction that
was whole (the pack in SELECTING: the select was journaled before it was sent), and the app
must start, reconcile (adopting the consignment the select made) and carry on: one
consignment, one label.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from packstation.workflow import journal as journal_module
from packstation.workflow.states import PackState
from packstation.workflow.workflow_errors import PackedElsewhereError

from .sandbox_process import SandboxProcess
from .station import open_station

pytestmark = pytest.mark.e2e

DONE_ORDER = "EO-000-02A-000"
TORN_ORDER = "EO-000-02A-002"
WAL_FRAME_HEADER = 24


@pytest.fixture
def sandbox(reliability_sandboxes: dict[str, SandboxProcess]) -> SandboxProcess:
    server = reliability_sandboxes["error"]
    server.reset()
    return server


def _page_size(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return int(db.execute("PRAGMA page_size").fetchone()[0])


async def _power_cut_after_allocated(
    sandbox: SandboxProcess, station_dir: Path, snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, int]:
    """Pack one order fully and book a second; copy the journal as it is on disk right after
    the second's ALLOCATED commit. Returns the WAL's size before and after that commit."""
    wal = station_dir / "journal.sqlite3-wal"
    sizes: list[int] = []
    original = journal_module.Journal.transition

    def transition(self: Any, pack_id: str, target: PackState, **kwargs: Any) -> Any:
        before = wal.stat().st_size
        record = original(self, pack_id, target, **kwargs)
        if target is PackState.ALLOCATED and record.order_reference == TORN_ORDER and not sizes:
            sizes.extend([before, wal.stat().st_size])
            snapshot.mkdir()
            for name in ("journal.sqlite3", "journal.sqlite3-wal"):
                shutil.copyfile(station_dir / name, snapshot / name)
        return record

    monkeypatch.setattr(journal_module.Journal, "transition", transition)
    async with open_station(sandbox, station_dir) as station:
        await station.packing.scan_to_print(DONE_ORDER)
        await station.packing.scan_to_print(TORN_ORDER)
    monkeypatch.undo()
    assert len(sizes) == 2 and sizes[1] > sizes[0], "the WAL was checkpointed meanwhile"
    return sizes[0], sizes[1]


def _cut_inside(before: int, after: int, page: int) -> Callable[[bytearray], bytearray]:
    frame = WAL_FRAME_HEADER + page
    middle = before + frame * ((after - before) // frame // 2) + frame // 2
    return lambda data: data[:middle]


def _cut_last_byte(before: int, after: int, page: int) -> Callable[[bytearray], bytearray]:
    return lambda data: data[: after - 1]


def _garble_last_frame(before: int, after: int, page: int) -> Callable[[bytearray], bytearray]:
    def garble(data: bytearray) -> bytearray:
        last = after - page  # the last frame's page content
        data[last : last + 64] = bytes(64)
        data[last + 100 : last + 164] = b"\xff" * 64
        return data

    return garble


@pytest.mark.parametrize(
    "tear", [_cut_inside, _cut_last_byte, _garble_last_frame], ids=lambda t: t.__name__[1:]
)
async def test_a_torn_last_transaction_is_dropped_and_the_pack_carries_on(
    sandbox: SandboxProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tear: Callable[[int, int, int], Callable[[bytearray], bytearray]],
) -> None:
    before, after = await _power_cut_after_allocated(
        sandbox, tmp_path / "station", tmp_path / "on-disk", monkeypatch
    )
    restarted = tmp_path / "restarted"
    shutil.copytree(tmp_path / "on-disk", restarted)
    wal = restarted / "journal.sqlite3-wal"
    data = bytearray(wal.read_bytes())
    assert len(data) == after
    wal.write_bytes(bytes(tear(before, after, _page_size(restarted / "journal.sqlite3"))(data)))

    async with open_station(sandbox, restarted) as station:
        torn = await station.journal.find_open_pack_for_order(TORN_ORDER)
        assert torn is not None
        assert torn.state is PackState.SELECTING  # back to the last whole transaction
        assert torn.select_attempted and torn.allocation is None
        done = await station.journal.find_open_pack_for_order(DONE_ORDER)
        assert done is not None and done.state is PackState.PRINT_SUBMITTED  # untouched
        await station.packing.reconcile_unfinished()
        view = await station.packing.scan_to_print(TORN_ORDER)
        assert view.record.state is PackState.PRINT_SUBMITTED
        assert view.pack_id == torn.pack_id
        live = [
            c.reference
            for c in sandbox.consignments()
            if c.live and c.client_reference.startswith(TORN_ORDER)
        ]
        assert live == [view.record.consignment_reference]  # adopted, not booked again
        assert len(station.printer.labels_for(view.pack_id)) == 1
    with contextlib.closing(sqlite3.connect(restarted / "journal.sqlite3")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_a_wal_cut_to_nothing_leaves_the_last_checkpoint(
    sandbox: SandboxProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole WAL lost (cut before its first frame): the journal is as it was at the last
    checkpoint (here: empty), it opens, and the station reports the consignments it made but
    no longer knows, instead of ignoring them."""
    await _power_cut_after_allocated(
        sandbox, tmp_path / "station", tmp_path / "on-disk", monkeypatch
    )
    restarted = tmp_path / "restarted"
    shutil.copytree(tmp_path / "on-disk", restarted)
    wal = restarted / "journal.sqlite3-wal"
    wal.write_bytes(wal.read_bytes()[:10])
    async with open_station(sandbox, restarted) as station:
        assert await station.journal.find_open_pack_for_order(DONE_ORDER) is None
        since = sandbox.now().date() - timedelta(days=1)
        unknown = await station.packing.unknown_consignments(since)
        assert len(unknown) == 2  # both orders' consignments, each named for the packer
        with pytest.raises(PackedElsewhereError):  # scanned again: refused, not booked twice
            await station.packing.scan_to_print(DONE_ORDER)
    made = [c for c in sandbox.consignments() if c.client_reference.startswith(DONE_ORDER)]
    assert len(made) == 1
