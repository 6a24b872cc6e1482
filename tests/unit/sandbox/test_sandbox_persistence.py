"""The state file: incremental saving writes exactly the store, and bad files are refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from packstation.sandbox.app import services_of
from packstation.sandbox.persistence import StateFileError, load_snapshot
from packstation.sandbox.store import StoreSnapshot
from tests.unit.sandbox.conftest import AppFactory, api_client
from tests.unit.sandbox.emulator_helpers import NL_LOW_VALUE, UK_MULTI_4, allocated


def saved_json(path: Path) -> Any:
    return json.loads(path.read_bytes())


def store_json(app: Any) -> Any:
    with services_of(app).state.reading() as store:
        return json.loads(TypeAdapter(StoreSnapshot).dump_json(store.snapshot()))


async def test_incremental_saves_write_exactly_the_store(
    make_app: AppFactory, tmp_path: Path
) -> None:
    state_file = tmp_path / "state.json"
    app = make_app(state_file=state_file, manifest_delay_seconds=30.0)
    state = services_of(app).state
    async with api_client(app) as client:
        first = await allocated(client, UK_MULTI_4)
        second = await allocated(client, NL_LOW_VALUE)
        third = await allocated(client, option=3)
        await client.get(f"/labels/{first}/zpl")
        await client.put("/consignments/setreadytoship", json=[second])
        await client.put(f"/consignments/{third}/deallocate")
        await client.post("/consignments/manifestFromQuery", json={"States": ["ReadyToShip"]})
        await client.post("/_sandbox/clock", json={"offset_seconds": 60})  # settles the manifest
        await client.put(f"/consignments/{first}/cancel")
        await client.post("/_sandbox/orders/generate", json={"count": 3})
        state.close()
        assert saved_json(state_file) == store_json(app)
        snapshot = load_snapshot(state_file)
        assert snapshot is not None
        assert [c.state.value for c in snapshot.consignments] == [
            "Cancelled",
            "Manifested",
            "Unallocated",
        ]
        assert len(snapshot.manifests) == 1


async def test_reset_rewrites_the_seeded_state(make_app: AppFactory, tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    app = make_app(state_file=state_file)
    async with api_client(app) as client:
        await allocated(client)
        await client.post("/_sandbox/reset")
    services_of(app).state.close()
    assert saved_json(state_file)["consignments"] == []
    assert saved_json(state_file) == store_json(app)


def test_a_file_that_is_not_a_state_file_is_refused(make_app: AppFactory, tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    state_file.write_text('{"orders": "nope"}', encoding="utf-8")
    with pytest.raises(StateFileError):
        make_app(state_file=state_file)
    state_file.write_text('{"version": 99}', encoding="utf-8")
    with pytest.raises(StateFileError, match="version 99"):
        make_app(state_file=state_file)
