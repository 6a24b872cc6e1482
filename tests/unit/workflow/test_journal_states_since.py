"""`Journal.states_since`: the status bar's figures without decoding whole pack records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from packstation.workflow.domain import PackageSpec
from packstation.workflow.journal import Journal
from packstation.workflow.states import PackState

PACKAGE = PackageSpec(weight_kg=1.2, length_cm=30, width_cm=20, height_cm=10)


def test_states_since_matches_the_records_packs_created_since_returns(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        for order, station in (("EO-000-001-AAA", "bench-1"), ("EO-000-001-BBB", "bench-2")):
            journal.create_pack(
                order_reference=order, station=station, packages=[PACKAGE], destination_country="GB"
            )
        [first] = journal.packs_created_since(datetime.now(UTC) - timedelta(minutes=1), "bench-1")
        journal.transition(first.pack_id, PackState.PARKED, parked_reason="test")
        since = datetime.now(UTC) - timedelta(minutes=1)
        for station in ("bench-1", "bench-2", None):
            records = journal.packs_created_since(since, station)
            assert sorted(journal.states_since(since, station)) == sorted(
                (r.state, r.updated_at) for r in records
            )
        assert journal.states_since(datetime.now(UTC) + timedelta(minutes=1)) == []
    finally:
        journal.close()
