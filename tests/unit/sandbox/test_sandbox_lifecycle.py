"""The state machine: cancel, deallocate, ready to ship, their bulk forms, status, tracking."""

from __future__ import annotations

import httpx
import pytest

from tests.unit.sandbox.emulator_helpers import allocated, consignment, state_of


async def manifested(client: httpx.AsyncClient) -> str:
    reference = await allocated(client)
    response = await client.put(
        "/consignments/manifest", json={"ConsignmentReferences": [reference]}
    )
    assert response.json()[0]["IsSuccess"]
    assert await state_of(client, reference) == "Manifested"
    return reference


async def test_cancel_an_allocated_consignment(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    response = await client.put(f"/consignments/{reference}/cancel")
    assert response.status_code == 200
    assert response.content == b""
    body = await consignment(client, reference)
    assert body["ConsignmentState"] == "Cancelled"


async def test_cancel_a_ready_to_ship_consignment(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    await client.put("/consignments/setreadytoship", json=[reference])
    assert (await client.put(f"/consignments/{reference}/cancel")).status_code == 200


async def test_cancel_after_manifest_is_refused_naming_the_state(
    client: httpx.AsyncClient,
) -> None:
    reference = await manifested(client)
    response = await client.put(f"/consignments/{reference}/cancel")
    assert response.status_code == 400
    error = response.json()
    assert error["Code"] == "ConsignmentCannotBeCancelled"
    assert "Manifested" in error["Message"]
    assert "deallocate" in error["Message"]


async def test_cancelled_is_terminal(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    await client.put(f"/consignments/{reference}/cancel")
    for action in ("cancel", "deallocate"):
        response = await client.put(f"/consignments/{reference}/{action}")
        assert response.status_code == 400
        assert "Cancelled" in response.json()["Message"]


@pytest.mark.parametrize("manifest_first", [False, True])
async def test_deallocate_clears_the_allocation(
    client: httpx.AsyncClient, manifest_first: bool
) -> None:
    reference = await (manifested(client) if manifest_first else allocated(client))
    response = await client.put(f"/consignments/{reference}/deallocate")
    assert response.status_code == 200
    body = await consignment(client, reference)
    assert body["ConsignmentState"] == "Unallocated"
    assert body["Allocation"] is None
    assert body["ConsignmentLegs"] == []
    assert body["LabelCount"] == 0
    labels = await client.get(f"/labels/{reference}")
    assert labels.status_code == 404
    assert labels.json()["Code"] == "LabelsNotAvailable"
    assert (await client.get(f"/tracking/{reference}")).status_code == 404
    # An unallocated consignment can still be cancelled.
    assert (await client.put(f"/consignments/{reference}/cancel")).status_code == 200


async def test_deallocate_unallocated_is_refused(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    await client.put(f"/consignments/{reference}/deallocate")
    response = await client.put(f"/consignments/{reference}/deallocate")
    assert response.status_code == 400
    assert response.json()["Code"] == "ConsignmentCannotBeDeallocated"
    assert "Unallocated" in response.json()["Message"]


async def test_ready_to_ship_round_trip(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    ready = await client.put("/consignments/setreadytoship", json=[reference])
    assert ready.json() == [
        {
            "IsSuccess": True,
            "Message": f"Consignment {reference} is ready to ship",
            "Data": reference,
            "ApiLinks": None,
        }
    ]
    assert await state_of(client, reference) == "ReadyToShip"
    again = await client.put("/consignments/setreadytoship", json=[reference])
    assert again.json()[0]["IsSuccess"] is False
    assert "ReadyToShip" in again.json()[0]["Message"]
    back = await client.put("/consignments/setnotreadytoship", json=[reference])
    assert back.json()[0]["IsSuccess"]
    assert await state_of(client, reference) == "Allocated"


async def test_bulk_lists_report_per_item(client: httpx.AsyncClient) -> None:
    first, second = await allocated(client, option=0), await allocated(client, option=1)
    response = await client.put("/consignments/cancellist", json=[first, "EC-ZZZ-ZZZ-ZZZ", second])
    results = response.json()
    assert [r["IsSuccess"] for r in results] == [True, False, True]
    assert results[0]["Message"] == "Consignment cancellation completed successfully"
    assert "not found" in results[1]["Message"]
    third = await allocated(client, option=2)
    deallocated = await client.put("/consignments/deallocatelist", json=[third, first])
    assert [r["IsSuccess"] for r in deallocated.json()] == [True, False]


async def test_bulk_body_must_be_a_reference_array(client: httpx.AsyncClient) -> None:
    response = await client.put("/consignments/cancellist", json={"ConsignmentReferences": []})
    assert response.status_code == 400
    assert response.json()["Code"] == "ValidationFailed"


async def test_unknown_consignment_is_404(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/consignments/EC-ZZZ-ZZZ-ZZZ"),
        await client.put("/consignments/EC-ZZZ-ZZZ-ZZZ/cancel"),
        await client.get("/consignments/EC-ZZZ-ZZZ-ZZZ/status"),
    ):
        assert response.status_code == 404
        assert response.json()["Code"] == "ConsignmentNotFound"


async def test_status_and_tracking(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    status = (await client.get(f"/consignments/{reference}/status")).json()
    assert status["ConsignmentReferenceForAllLegsAssignedByMpd"] == reference
    assert status["Status"] == "Allocated"
    assert status["ApiLink"]["Href"].endswith(f"/consignments/{reference}")
    tracking = (await client.get(f"/tracking/{reference}")).json()
    package = tracking["TrackedPackages"][0]
    assert package["PackageReferenceForAllLegsAssignedByMpd"].startswith("EP-")
    assert package["Legs"][0]["Events"][0]["Code"] == "INFORMATION_RECEIVED"
