"""Select Option: response shapes by API version, expiry, reselect modes, substitution."""

from __future__ import annotations

import re
from typing import Any

import httpx

from packstation.sandbox.config import ReselectMode
from tests.unit.sandbox.conftest import V11, AppFactory, api_client
from tests.unit.sandbox.emulator_helpers import (
    UK_13KG,
    UK_CHOICE_EXPIRED,
    UK_CHOICE_VALID,
    UK_MULTI_4,
    UK_SINGLE,
    US_SINGLE,
    consignment,
    consignment_reference,
    get_order,
    options_for,
    select,
)


async def test_version_1_1_gets_an_allocation_summary(client: httpx.AsyncClient) -> None:
    options = await options_for(client, UK_SINGLE)
    summary = await select(client, options[2]["Reference"])
    assert summary["StatusCode"] == 200
    assert [link["Rel"] for link in summary["ApiLinks"]] == ["detail", "label"]
    assert summary["CarrierServiceReference"] == options[2]["CarrierServiceReference"]
    assert summary["Description"].startswith(
        f"Consignment {consignment_reference(summary)} has been successfully allocated with Evri"
    )
    tracking = summary["ConsignmentLegs"][0]["TrackingReferences"]
    assert len(tracking) == 1
    assert re.fullmatch(r"H01[A-Z]{3}\d{10}", tracking[0])


async def test_no_version_or_version_1_gets_the_bare_link_array(
    client: httpx.AsyncClient,
) -> None:
    options = await options_for(client, UK_SINGLE)
    for option, headers in zip(options[:2], ({}, {"electio-api-version": "1"}), strict=True):
        response = await client.post(
            f"/deliveryoptions/select/{option['Reference']}", headers=headers
        )
        assert response.status_code == 200
        links = response.json()
        assert isinstance(links, list)
        assert links[0]["Rel"] == "detail"
        assert links[0]["Href"].startswith("http://sandbox/consignments/EC-")


async def test_selected_consignment_is_allocated_with_one_package_per_request_package(
    client: httpx.AsyncClient,
) -> None:
    options = await options_for(client, UK_MULTI_4)
    reference = consignment_reference(await select(client, options[0]["Reference"]))
    body = await consignment(client, reference)
    assert body["ConsignmentState"] == "Allocated"
    assert body["ConsignmentReferenceProvidedByCustomer"] == "WEB-100015"
    assert body["LabelCount"] == 4
    assert len({p["Reference"] for p in body["Packages"]}) == 4
    assert all(p["Reference"].startswith("EP-") for p in body["Packages"])
    assert len(body["ConsignmentLegs"][0]["TrackingReferences"]) == 4
    assert body["Allocation"]["Price"]["Net"] == options[0]["Price"]["Net"]
    assert body["ShippingDate"] == "2025-01-14T00:00:00+00:00"


async def test_unknown_option_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post("/deliveryoptions/select/EDO-ZZZ-ZZZ-ZZZ", headers=V11)
    assert response.status_code == 404
    assert response.json()["Code"] == "DeliveryOptionNotFound"


async def test_expired_option_is_refused(client: httpx.AsyncClient, clock: Any) -> None:
    options = await options_for(client, UK_SINGLE)
    first = options[0]  # cut-off today 18:00
    clock.set_offset(8.5 * 3600)  # 18:30
    response = await client.post(f"/deliveryoptions/select/{first['Reference']}", headers=V11)
    assert response.status_code == 400
    assert response.json()["Code"] == "DeliveryOptionExpired"
    later = options[-1]
    assert (await client.post(f"/deliveryoptions/select/{later['Reference']}")).status_code == 200


async def test_second_select_is_refused_by_default(client: httpx.AsyncClient) -> None:
    options = await options_for(client, UK_SINGLE)
    created = consignment_reference(await select(client, options[0]["Reference"]))
    again = await client.post(f"/deliveryoptions/select/{options[0]['Reference']}", headers=V11)
    assert again.status_code == 400
    error = again.json()
    assert error["Code"] == "DeliveryOptionAlreadySelected"
    assert created in error["Message"]


async def test_duplicate_mode_creates_a_second_consignment(make_app: AppFactory) -> None:
    async with api_client(make_app(reselect_mode=ReselectMode.DUPLICATE)) as client:
        options = await options_for(client, UK_SINGLE)
        first = consignment_reference(await select(client, options[0]["Reference"]))
        second = consignment_reference(await select(client, options[0]["Reference"]))
        assert first != second
        search = await client.get(
            "/consignments/10/0", params={"referenceProvidedByCustomer": "WEB-100001"}
        )
    assert search.json()["Count"] == 2


async def test_customer_choice_from_checkout_can_be_selected(client: httpx.AsyncClient) -> None:
    order = await get_order(client, UK_CHOICE_VALID)
    details = await client.get(f"/deliveryoptions/details/{order['DeliveryOptionReference']}")
    assert details.status_code == 200
    summary = await select(client, order["DeliveryOptionReference"])
    body = await consignment(client, consignment_reference(summary))
    assert (
        body["ConsignmentReferenceProvidedByCustomer"] == order["OrderReferenceProvidedByCustomer"]
    )


async def test_expired_customer_choice_is_refused(client: httpx.AsyncClient) -> None:
    order = await get_order(client, UK_CHOICE_EXPIRED)
    response = await client.post(
        f"/deliveryoptions/select/{order['DeliveryOptionReference']}", headers=V11
    )
    assert response.status_code == 400
    assert response.json()["Code"] == "DeliveryOptionExpired"


async def test_valid_customer_choice_expires_after_a_week(
    client: httpx.AsyncClient, clock: Any
) -> None:
    order = await get_order(client, UK_CHOICE_VALID)
    clock.set_offset(8 * 86400)
    response = await client.post(f"/deliveryoptions/select/{order['DeliveryOptionReference']}")
    assert response.json()["Code"] == "DeliveryOptionExpired"


async def test_evri_over_10_kg_is_allocated_to_royal_mail(client: httpx.AsyncClient) -> None:
    options = await options_for(client, UK_13KG)
    evri_48 = next(o for o in options if o["CarrierServiceReference"] == "EVRI_STD48")
    summary = await select(client, evri_48["Reference"])
    assert summary["CarrierServiceReference"] == "RM_TRACKED48"
    assert summary["CarrierName"] == "Royal Mail"
    assert re.fullmatch(r"TT\d{9}GB", summary["ConsignmentLegs"][0]["TrackingReferences"][0])
    body = await consignment(client, consignment_reference(summary))
    assert body["EarliestDeliveryDate"] == evri_48["EstimatedDeliveryDate"]["Date"]


async def test_international_tracking_numbers_look_like_the_carrier(
    client: httpx.AsyncClient,
) -> None:
    options = await options_for(client, US_SINGLE)
    summary = await select(client, options[0]["Reference"])
    assert summary["CarrierReference"] == "DHL_EXPRESS"
    assert re.fullmatch(r"\d{10}", summary["ConsignmentLegs"][0]["TrackingReferences"][0])
