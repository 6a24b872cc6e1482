"""Manifesting: by references, from a query (POST and PUT), async settling, failures, files."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from packstation.sandbox.faults import FaultSettings
from tests.unit.sandbox.conftest import AppFactory, api_client
from tests.unit.sandbox.emulator_helpers import (
    UK_HEAVY_25KG,
    UK_SINGLE,
    allocated,
    consignment,
    state_of,
)

# The reference's §5.9 example body.
DOCUMENTED_QUERY = {
    "ShippingLocationReferences": ["Location1"],
    "States": ["Allocated"],
    "Carriers": ["CARRIER_X"],
    "LabelsPrinted": True,
}


def queued_message(count: int) -> str:
    return (
        f"Query found {count} consignment(s). {count} successfully queued to manifest. "
        "0 failed to be added to the queue"
    )


@pytest.mark.parametrize("method", ["POST", "PUT"])
async def test_manifest_from_query_accepts_post_and_put(
    client: httpx.AsyncClient, method: str
) -> None:
    reference = await allocated(client)
    response = await client.request(
        method, "/consignments/manifestFromQuery", json={"States": ["Allocated"]}
    )
    assert response.status_code == 200
    assert response.json() == {"Message": queued_message(1), "FailedConsignments": []}
    assert await state_of(client, reference) == "Manifested"


async def test_documented_example_body_is_accepted(client: httpx.AsyncClient) -> None:
    await allocated(client)
    response = await client.post("/consignments/manifestFromQuery", json=DOCUMENTED_QUERY)
    assert response.status_code == 200
    assert response.json()["Message"] == queued_message(0)  # no carrier CARRIER_X here


@pytest.mark.parametrize("body", [{}, {"States": []}, {"States": ["Manifested"]}, None])
async def test_states_are_required_and_must_be_manifestable(
    client: httpx.AsyncClient, body: Any
) -> None:
    response = await client.post("/consignments/manifestFromQuery", json=body)
    assert response.status_code == 400
    error = response.json()
    assert error["Code"] == "ValidationFailed"
    assert error["Details"][0]["Target"].startswith(("States", ""))


async def test_query_filters(client: httpx.AsyncClient) -> None:
    evri = await allocated(client, UK_SINGLE, option=2)  # Evri Next Day
    dpd = await allocated(client, UK_HEAVY_25KG)  # DPD
    await client.get(f"/labels/{dpd}/zpl")
    by_carrier = await client.post(
        "/consignments/manifestFromQuery",
        json={
            "States": ["Allocated"],
            "Carriers": ["evri"],
            "ShippingLocationReferences": ["SL-DEMO-1"],
        },
    )
    assert by_carrier.json()["Message"] == queued_message(1)
    assert await state_of(client, evri) == "Manifested"
    assert await state_of(client, dpd) == "Allocated"
    unprinted = await client.put(
        "/consignments/manifestFromQuery", json={"States": ["Allocated"], "LabelsPrinted": False}
    )
    assert unprinted.json()["Message"] == queued_message(0)
    tomorrow = await client.post(
        "/consignments/manifestFromQuery",
        json={"States": ["Allocated"], "ShippingDateRanges": {"StartDate": "2025-01-15"}},
    )
    assert tomorrow.json()["Message"] == queued_message(0)
    today = await client.post(
        "/consignments/manifestFromQuery",
        json={"States": ["Allocated"], "ShippingDate": "2025-01-14T00:00:00+00:00"},
    )
    assert today.json()["Message"] == queued_message(1)


async def test_ready_to_ship_end_of_day_workflow(client: httpx.AsyncClient) -> None:
    packed, not_packed = await allocated(client, option=0), await allocated(client, option=1)
    await client.put("/consignments/setreadytoship", json=[packed])
    response = await client.post(
        "/consignments/manifestFromQuery", json={"States": ["ReadyToShip"]}
    )
    assert response.json()["Message"] == queued_message(1)
    assert await state_of(client, packed) == "Manifested"
    assert await state_of(client, not_packed) == "Allocated"


async def test_manifesting_settles_after_the_delay(make_app: AppFactory, clock: Any) -> None:
    async with api_client(make_app(manifest_delay_seconds=30.0)) as client:
        reference = await allocated(client)
        await client.post("/consignments/manifestFromQuery", json={"States": ["Allocated"]})
        assert await state_of(client, reference) == "Manifesting"
        clock.set_offset(29)
        assert await state_of(client, reference) == "Manifesting"
        clock.set_offset(30)
        assert await state_of(client, reference) == "Manifested"


async def test_failure_rate_fails_manifests_with_a_message(make_app: AppFactory) -> None:
    async with api_client(make_app(manifest_failure_rate=1.0)) as client:
        reference = await allocated(client)
        await client.post("/consignments/manifestFromQuery", json={"States": ["Allocated"]})
        body = await consignment(client, reference)
        assert body["ConsignmentState"] == "ManifestFailed"
        assert "rejected the manifest" in body["FailedManifestMessage"]
        assert body["FailedManifestTimeStamp"] == "2025-01-14T10:00:00+00:00"
        summaries = (await client.get("/consignments/10/0?state=ManifestFailed")).json()
        assert summaries["ConsignmentSummaries"][0]["FailedManifestMessage"]
        # ManifestFailed can be cancelled, deallocated or manifested again.
        retry = await client.put(
            "/consignments/manifest", json={"ConsignmentReferences": [reference]}
        )
        assert retry.json()[0]["IsSuccess"] is True


async def test_partial_failure_rate_is_deterministic(make_app: AppFactory) -> None:
    outcomes = []
    for _ in range(2):
        async with api_client(make_app(manifest_failure_rate=0.5)) as client:
            references = [await allocated(client, option=index) for index in range(8)]
            await client.post("/consignments/manifestFromQuery", json={"States": ["Allocated"]})
            outcomes.append([await state_of(client, ref) for ref in references])
    assert outcomes[0] == outcomes[1]
    assert set(outcomes[0]) == {"Manifested", "ManifestFailed"}


async def test_listed_references_fail(make_app: AppFactory) -> None:
    async with api_client(make_app()) as client:
        reference = await allocated(client)
    app = make_app(faults=FaultSettings(manifest_fail_references=(reference,)))
    async with api_client(app) as client:
        same_reference = await allocated(client)
        other = await allocated(client, option=1)
        await client.post("/consignments/manifestFromQuery", json={"States": ["Allocated"]})
        assert await state_of(client, same_reference) == "ManifestFailed"
        assert await state_of(client, other) == "Manifested"


async def test_manifest_by_references_answers_per_item(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    unallocated = await allocated(client, option=1)
    await client.put(f"/consignments/{unallocated}/deallocate")
    response = await client.put(
        "/consignments/manifest", json={"ConsignmentReferences": [reference, unallocated]}
    )
    assert response.status_code == 200
    first, second = response.json()
    assert first["IsSuccess"] is True
    assert first["Message"] == f"Consignment {reference} has been manifested successfully."
    assert first["ApiLinks"][0]["Href"].endswith(f"/consignments/{reference}")
    assert second["IsSuccess"] is False
    assert "Unallocated" in second["Message"]
    empty = await client.put("/consignments/manifest", json={"ConsignmentReferences": []})
    assert empty.status_code == 400


async def test_manifest_list_and_file(client: httpx.AsyncClient) -> None:
    await allocated(client, option=0)
    await allocated(client, option=2)
    await client.post("/consignments/manifestFromQuery", json={"States": ["Allocated"]})
    manifests = (await client.get("/consignments/customer/manifests")).json()
    assert sorted(m["CarrierName"] for m in manifests) == ["DPD", "Evri"]
    first = manifests[0]
    assert len(first["ManifestReference"]) == 32
    assert first["BookingsCount"] == 1
    assert first["ShippingLocationName"] == "Demo Warehouse"
    filtered = await client.get("/consignments/customer/manifests?shippingLocationReference=OTHER")
    assert filtered.json() == []
    pdf = await client.get(f"/consignments/customer/manifest/{first['ManifestReference']}")
    assert base64.b64decode(pdf.json()).startswith(b"%PDF")
    missing = await client.get(f"/consignments/customer/manifest/{'0' * 32}")
    assert missing.status_code == 404
