from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from packstation.workflow.domain import Allocation, PackageSpec
from packstation.workflow.journal import (
    IllegalTransitionError,
    Journal,
    OrderAlreadyOpenError,
)
from packstation.workflow.states import PackState

PACKAGE = PackageSpec(weight_kg=1.2, length_cm=30, width_cm=20, height_cm=10)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path / "journal.sqlite3")
    yield j
    j.close()


def new_pack(journal: Journal, order: str = "EO-000-001-AAA"):
    return journal.create_pack(
        order_reference=order, station="bench-1", packages=[PACKAGE], destination_country="GB"
    )


def test_uses_wal_and_full_sync(journal: Journal) -> None:
    db = sqlite3.connect(journal.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # synchronous is per connection; check the journal's own connection
    assert journal._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_new_pack_has_unique_client_reference_starting_with_order(journal: Journal) -> None:
    pack = new_pack(journal)
    other = new_pack(journal, "EO-000-001-BBB")
    assert pack.state is PackState.LOOKED_UP
    assert pack.client_reference.startswith("EO-000-001-AAA-PS-BENCH1-")
    assert pack.client_reference != other.client_reference
    assert pack.packages == (PACKAGE,)


def test_one_open_pack_per_order(journal: Journal) -> None:
    first = new_pack(journal)
    with pytest.raises(OrderAlreadyOpenError) as caught:
        new_pack(journal)
    assert caught.value.existing.pack_id == first.pack_id
    journal.transition(first.pack_id, PackState.CANCELLED)
    assert new_pack(journal).pack_id != first.pack_id


def test_illegal_transition_is_refused_and_nothing_changes(journal: Journal) -> None:
    pack = new_pack(journal)
    with pytest.raises(IllegalTransitionError):
        journal.transition(pack.pack_id, PackState.PRINTED)
    assert journal.get(pack.pack_id).state is PackState.LOOKED_UP
    assert [e.to_state for e in journal.events(pack.pack_id)] == [PackState.LOOKED_UP]


def test_expected_state_guards_against_a_concurrent_move(journal: Journal) -> None:
    pack = new_pack(journal)
    journal.transition(pack.pack_id, PackState.OPTIONS_READY)
    with pytest.raises(IllegalTransitionError):
        journal.transition(pack.pack_id, PackState.SELECTING, expected=PackState.LOOKED_UP)


def test_allocation_is_stored_and_findable_by_consignment_and_tracking(journal: Journal) -> None:
    pack = new_pack(journal)
    journal.transition(pack.pack_id, PackState.OPTIONS_READY)
    journal.transition(pack.pack_id, PackState.SELECTING, select_attempted=True)
    allocation = Allocation(
        consignment_reference="EC-000-05B-MMQ",
        carrier_name="DPD",
        carrier_reference="DPD",
        service_name="Next Day",
        service_reference="DPD_ND",
        tracking_numbers=("TRK1", "TRK2"),
    )
    journal.transition(pack.pack_id, PackState.ALLOCATED, allocation=allocation)
    assert journal.find_by_consignment("EC-000-05B-MMQ").pack_id == pack.pack_id  # type: ignore[union-attr]
    assert journal.find_by_tracking_number("TRK2").pack_id == pack.pack_id  # type: ignore[union-attr]
    assert journal.get(pack.pack_id).allocation == allocation


def test_parking_remembers_where_it_came_from_and_resume_clears_it(journal: Journal) -> None:
    pack = new_pack(journal)
    journal.transition(pack.pack_id, PackState.OPTIONS_READY)
    parked = journal.transition(pack.pack_id, PackState.PARKED, parked_reason="took too long")
    assert parked.parked_from is PackState.OPTIONS_READY
    assert parked.parked_reason == "took too long"
    resumed = journal.transition(pack.pack_id, PackState.OPTIONS_READY)
    assert resumed.parked_from is None and resumed.parked_reason is None


def test_documents_survive_reopen_and_purge_drops_old_bytes(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    pack = new_pack(journal)
    doc_id = journal.archive_document(
        pack.pack_id, kind="label", format="pdf", dpi=203, name="EC label", data=b"%PDF-1.4 x"
    )
    journal.record_print(
        pack.pack_id,
        document_id=doc_id,
        target="file:/tmp",
        reason="first print",
        outcome="submitted",
        job_id=None,
        message="ok",
    )
    journal.close()
    reopened = Journal(path)
    [doc] = reopened.documents(pack.pack_id)
    assert doc.data == b"%PDF-1.4 x"
    assert reopened.get(pack.pack_id).print_count == 1
    assert reopened.purge(older_than_days=30) == 0
    old = (datetime.now(UTC) - timedelta(days=31)).isoformat()
    reopened._db.execute("UPDATE documents SET created_at = ?", (old,))
    assert reopened.purge(older_than_days=30) == 1
    assert reopened.documents(pack.pack_id)[0].data is None
    reopened.close()


def test_a_second_process_sees_committed_transitions(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    writer = Journal(path)
    reader = Journal(path)
    pack = new_pack(writer)
    writer.transition(pack.pack_id, PackState.OPTIONS_READY)
    assert reader.get(pack.pack_id).state is PackState.OPTIONS_READY
    writer.close()
    reader.close()


def test_a_commit_that_need_not_wait_for_the_disk_is_committed_and_counted(
    journal: Journal,
) -> None:
    pack = journal.create_pack(
        order_reference="EO-000-001-AAA",
        station="bench-1",
        packages=[PACKAGE],
        destination_country="GB",
        durable=False,
    )
    journal.transition(pack.pack_id, PackState.OPTIONS_READY, durable=False)
    assert journal.unsynced_commits == 2
    # Committed (another connection sees it) and the connection is back to FULL.
    other = sqlite3.connect(journal.path)
    state = other.execute("SELECT state FROM packs WHERE pack_id = ?", (pack.pack_id,))
    assert state.fetchone()[0] == PackState.OPTIONS_READY.value
    assert journal._db.execute("PRAGMA synchronous").fetchone()[0] == 2
    # The next durable commit fsyncs the log, and every commit before it with it.
    journal.transition(pack.pack_id, PackState.SELECTING, select_attempted=True)
    assert journal.unsynced_commits == 0


def test_a_failed_quick_commit_leaves_full_sync_and_the_count_alone(journal: Journal) -> None:
    pack = new_pack(journal)
    with pytest.raises(IllegalTransitionError):
        journal.transition(pack.pack_id, PackState.PRINTED, durable=False)
    assert journal.unsynced_commits == 0
    assert journal._db.execute("PRAGMA synchronous").fetchone()[0] == 2
