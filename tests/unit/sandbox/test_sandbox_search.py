"""Search Consignments: Count is the total, paging, every filter, references and count routes."""

from __future__ import annotations

from typing import Any

import httpx

from tests.unit.sandbox.emulator_helpers import (
    NL_LOW_VALUE,
    UK_MULTI_4,
    UK_SINGLE,
    allocated,
    consignment,
)


async def search(client: httpx.AsyncClient, path: str = "/consignments/50/0", **params: Any) -> Any:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def five_consignments(client: httpx.AsyncClient) -> list[str]:
    return [await allocated(client, UK_SINGLE, option=index) for index in range(5)]


async def test_count_is_the_total_and_pages_follow_take_and_skip(
    client: httpx.AsyncClient,
) -> None:
    references = await five_consignments(client)
    first = await search(client, "/consignments/2/0")
    assert first["Count"] == 5
    assert [s["Reference"] for s in first["ConsignmentSummaries"]] == references[::-1][:2]
    last = await search(client, "/consignments/2/4")
    assert [s["Reference"] for s in last["ConsignmentSummaries"]] == [references[0]]
    beyond = await search(client, "/consignments/2/10")
    assert beyond == {"Count": 5, "ConsignmentSummaries": []}


async def test_take_is_capped(client: httpx.AsyncClient) -> None:
    response = await client.get("/consignments/1001/0")
    assert response.status_code == 400
    assert response.json()["Details"][0]["Target"] == "take"
    assert (await client.get("/consignments/1000/0")).status_code == 200


async def test_summary_fields(client: httpx.AsyncClient) -> None:
    reference = await allocated(client, NL_LOW_VALUE)
    summary = (await search(client))["ConsignmentSummaries"][0]
    assert summary["Reference"] == reference
    assert summary["State"] == "Allocated"
    assert summary["DestinationAddressCountry"] == "Netherlands"
    assert summary["MpdCarrierServiceReference"]
    assert summary["ShippingTerms"] == "DDP"
    assert summary["ApiLink"]["Href"].endswith(reference)
    assert summary["Weight"]["Unit"] == "Kg"


async def test_state_filter_repeatable_or_comma_list(client: httpx.AsyncClient) -> None:
    references = await five_consignments(client)
    await client.put(f"/consignments/{references[0]}/cancel")
    await client.put("/consignments/setreadytoship", json=[references[1]])
    assert (await search(client, state="Cancelled"))["Count"] == 1
    assert (await search(client, State="cancelled,ReadyToShip"))["Count"] == 2
    repeated = await client.get("/consignments/50/0?state=Cancelled&state=Allocated")
    assert repeated.json()["Count"] == 4
    unknown = await client.get("/consignments/50/0?state=Lost-ish")
    assert unknown.status_code == 400


async def test_reference_filters(client: httpx.AsyncClient) -> None:
    mine = await allocated(client, UK_MULTI_4)
    await allocated(client, UK_SINGLE)
    tracking = (await consignment(client, mine))["Packages"][2]["ConsignmentLegs"][0]
    number = tracking["TrackingReferences"][0]
    for params in (
        {"reference": mine.lower()},
        {"referenceProvidedByCustomer": "web-100015"},
        {"REFERENCEPROVIDEDBYCUSTOMER": "WEB-100015"},
        {"trackingReference": number},
        {"searchTerm": number[-6:].lower()},
        {"searchTerm": "100015"},
    ):
        found = await search(client, **params)
        assert [s["Reference"] for s in found["ConsignmentSummaries"]] == [mine], params


async def test_other_filters(client: httpx.AsyncClient) -> None:
    domestic = await allocated(client, UK_SINGLE, option=2)
    abroad = await allocated(client, NL_LOW_VALUE)
    await client.get(f"/labels/{abroad}")
    cases: list[tuple[dict[str, str], list[str]]] = [
        ({"destinationCountryCode": "nl"}, [abroad]),
        ({"labelsPrinted": "true"}, [abroad]),
        ({"labelsPrinted": "false"}, [domestic]),
        ({"carrierService": "EVRI_NEXTDAY"}, [domestic]),
        ({"createdDateFrom": "2025-01-14", "createdDateTo": "2025-01-14"}, [abroad, domestic]),
        ({"createdDateFrom": "2025-01-15T00:00:00+00:00"}, []),
        ({"shippingDateFrom": "2025-01-14", "shippingDateTo": "2025-01-14"}, [abroad, domestic]),
        ({"shippingLocationReference": "sl-demo-1"}, [abroad, domestic]),
        ({"direction": "Inbound"}, []),
    ]
    for params, expected in cases:
        found = await search(client, **params)
        assert [s["Reference"] for s in found["ConsignmentSummaries"]] == expected, params
    postcode = (await consignment(client, domestic))["Addresses"][1]["Postcode"]
    by_postcode = await search(client, postCode=postcode.replace(" ", "").lower())
    assert by_postcode["Count"] == 1


async def test_bad_filter_values_are_validation_errors(client: httpx.AsyncClient) -> None:
    response = await client.get("/consignments/50/0?createdDateFrom=yesterday&labelsPrinted=maybe")
    assert response.status_code == 400
    targets = {detail["Target"] for detail in response.json()["Details"]}
    assert targets == {"createdDateFrom", "labelsPrinted"}


async def test_consignment_references_and_count(client: httpx.AsyncClient) -> None:
    references = await five_consignments(client)
    await client.put(f"/consignments/{references[2]}/cancel")
    listed = await client.get(
        "/consignments/getConsignmentReferences?State=Allocated&Direction=Outbound"
    )
    assert listed.json() == [r for r in references[::-1] if r != references[2]]
    count = await client.get("/consignments/count", params={"state": "Allocated"})
    assert count.json() == 4
    assert (await client.get("/consignments/getconsignmentreferences?state=Lost")).json() == []
