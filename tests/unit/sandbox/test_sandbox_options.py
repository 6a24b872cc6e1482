"""Orders and delivery options: generation rules, validation, summary, details."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import datetime
from typing import Any

import httpx

from packstation.sandbox.catalog import SERVICES
from tests.unit.sandbox.emulator_helpers import (
    DE_OVERSIZED,
    MINIMAL_OPTIONS_EXAMPLE,
    UK_CHOICE_VALID,
    UK_HEAVY_25KG,
    UK_OVERSIZED,
    UK_SINGLE,
    US_SINGLE,
    get_order,
    options_body,
    options_for,
    order_reference,
)

CUTOFFS = {service.reference: service.cutoff for service in SERVICES}


def services_in(options: list[dict[str, Any]]) -> set[str]:
    return {option["CarrierServiceReference"] for option in options}


async def test_order_has_the_documented_fields(client: httpx.AsyncClient) -> None:
    order = await get_order(client, UK_CHOICE_VALID)
    assert order["OrderReference"] == order_reference(UK_CHOICE_VALID)
    assert order["DeliveryOptionReference"].startswith("EDO-")
    assert order["Packages"][0]["Items"][0]["Sku"] == "SKU-MUG-02"
    assert order["Weight"] == {"Value": 1.2, "Unit": "Kg"}
    destination = next(a for a in order["Addresses"] if a["AddressType"] == "Destination")
    assert destination["Contact"]["Email"].endswith("@example.com")
    assert destination["Contact"]["Telephone"].startswith("07700 900")


async def test_unknown_order_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/orders/EO-ZZZ-ZZZ-ZZZ")
    assert response.status_code == 404
    assert response.json()["Code"] == "OrderNotFound"


async def test_documented_minimal_example_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.post("/deliveryoptions", json=MINIMAL_OPTIONS_EXAMPLE)
    assert response.status_code == 201
    body = response.json()
    assert body["NonGuaranteedDeliveryOption"] is None
    first = body["DeliveryOptions"][0]
    assert first["Reference"].startswith("EDO-")
    assert set(first) >= {
        "EstimatedDeliveryDate",
        "DeliveryWindow",
        "Carrier",
        "CarrierService",
        "CarrierServiceReference",
        "CarrierServiceTypes",
        "Price",
        "AllocationCutOff",
        "OperationalCutOff",
    }
    assert set(first["Price"]) == {"Net", "Gross", "TaxRate", "VatAmount", "Currency"}
    assert first["Price"]["TaxRate"]["Rate"] == 0.2


async def test_one_option_per_date_and_window_the_cheapest(client: httpx.AsyncClient) -> None:
    options = await options_for(client, UK_SINGLE)
    slots = Counter(
        (
            o["EstimatedDeliveryDate"]["Date"],
            o["DeliveryWindow"]["Start"],
            o["DeliveryWindow"]["End"],
        )
        for o in options
    )
    assert max(slots.values()) == 1
    thursday_all_day = next(
        o
        for o in options
        if o["EstimatedDeliveryDate"]["Date"].startswith("2025-01-16")
        and o["DeliveryWindow"]["End"] == "23:59:00"
    )
    # Evri Standard 48 collected Tuesday beats every next-day service collected Wednesday.
    assert thursday_all_day["CarrierServiceReference"] == "EVRI_STD48"
    assert thursday_all_day["AllocationCutOff"] == "2025-01-14T16:00:00+00:00"


async def test_cut_offs_and_horizon(client: httpx.AsyncClient) -> None:
    options = await options_for(client, UK_SINGLE)
    for option in options:
        cutoff = datetime.fromisoformat(option["AllocationCutOff"])
        assert cutoff.time() == CUTOFFS[option["CarrierServiceReference"]]
        assert cutoff.weekday() < 5  # collections Monday to Friday
        assert option["OperationalCutOff"].endswith("T15:30:00+00:00")
    dates = sorted(option["EstimatedDeliveryDate"]["Date"][:10] for option in options)
    assert dates[0] == "2025-01-15"
    assert dates[-1] == "2025-01-28"  # 14 days ahead


async def test_delivery_date_caps_the_options(client: httpx.AsyncClient) -> None:
    options = await options_for(client, UK_SINGLE, DeliveryDate="2025-01-16T00:00:00+00:00")
    assert {o["EstimatedDeliveryDate"]["Date"][:10] for o in options} == {
        "2025-01-15",
        "2025-01-16",
    }


async def test_after_a_cut_off_the_first_collection_moves(
    client: httpx.AsyncClient, clock: Any
) -> None:
    clock.set_offset(6.5 * 3600)  # 16:30: Evri has gone, Royal Mail and DPD still collect
    options = await options_for(client, UK_SINGLE, DeliveryDate="2025-01-15T00:00:00+00:00")
    assert services_in(options) == {"DPD_NEXTDAY_12", "RM_SD1PM", "RM_TRACKED24"}


async def test_heavy_and_oversized_parcels_lose_the_small_carriers(
    client: httpx.AsyncClient,
) -> None:
    heavy = services_in(await options_for(client, UK_HEAVY_25KG))
    oversized = services_in(await options_for(client, UK_OVERSIZED))
    for offered in (heavy, oversized):
        assert offered
        assert not any(ref.startswith(("RM_", "EVRI_")) for ref in offered)


async def test_international_gets_international_services(client: httpx.AsyncClient) -> None:
    us = services_in(await options_for(client, US_SINGLE))
    assert us <= {"RM_INTL_TRACKED", "DHL_EXPRESS_WW"}
    de_long = services_in(await options_for(client, DE_OVERSIZED))
    assert de_long == {"DHL_EXPRESS_WW", "DPD_CLASSIC_EUROPE"}


async def test_no_eligible_service_is_an_empty_201(client: httpx.AsyncClient) -> None:
    body = copy.deepcopy(MINIMAL_OPTIONS_EXAMPLE)
    body["Addresses"][1]["Country"] = {"IsoCode": {"TwoLetterCode": "NZ"}}
    response = await client.post("/deliveryoptions", json=body)
    assert response.status_code == 201
    assert response.json()["DeliveryOptions"] == []


async def test_guaranteed_only_and_tags_filter_services(client: httpx.AsyncClient) -> None:
    guaranteed = services_in(await options_for(client, UK_SINGLE, GuaranteedOnly=True))
    assert guaranteed == {"DPD_NEXTDAY", "DPD_NEXTDAY_12", "DPD_SATURDAY", "RM_SD1PM"}
    signed = services_in(await options_for(client, UK_SINGLE, Tags=["Signed"]))
    assert "EVRI_STD48" not in signed


async def test_package_size_reference_replaces_weight_and_dimensions(
    client: httpx.AsyncClient,
) -> None:
    body = copy.deepcopy(MINIMAL_OPTIONS_EXAMPLE)
    package = body["Packages"][0]
    del package["Weight"], package["Dimensions"]
    package["PackageSizeReference"] = "small_box"
    response = await client.post("/deliveryoptions", json=body)
    assert response.status_code == 201
    assert response.json()["DeliveryOptions"]


async def test_legacy_weight_shape_is_accepted(client: httpx.AsyncClient) -> None:
    body = copy.deepcopy(MINIMAL_OPTIONS_EXAMPLE)
    body["Packages"][0]["Weight"] = {"Kg": 0.5}
    assert (await client.post("/deliveryoptions", json=body)).status_code == 201


async def test_validation_errors_name_every_property(client: httpx.AsyncClient) -> None:
    body = copy.deepcopy(MINIMAL_OPTIONS_EXAMPLE)
    package = body["Packages"][0]
    del package["Weight"]
    package["Dimensions"]["Height"] = -1
    package["Value"] = {"Amount": 5}
    body["Addresses"][0]["ShippingLocationReference"] = "NOWHERE"
    del body["Addresses"][1]["Postcode"]
    response = await client.post("/deliveryoptions", json=body)
    assert response.status_code == 400
    error = response.json()
    assert error["Code"] == "ValidationFailed"
    details = {(d["Target"], d["Code"]) for d in error["Details"]}
    assert details >= {
        ("Packages[0].Weight", "Required"),
        ("Packages[0].Dimensions", "Invalid"),
        ("Packages[0].Value.Currency.IsoCode", "Required"),
        ("Addresses[0].ShippingLocationReference", "Invalid"),
        ("Addresses[1].Postcode", "Required"),
    }
    assert all(detail["Message"] for detail in error["Details"])


async def test_missing_packages_and_addresses(client: httpx.AsyncClient) -> None:
    response = await client.post("/deliveryoptions", json={"Packages": []})
    details = {(d["Target"], d["Code"]) for d in response.json()["Details"]}
    assert details == {("Packages", "Required"), ("Addresses", "Required")}


async def test_a_shipping_location_is_required_on_one_side(client: httpx.AsyncClient) -> None:
    body = copy.deepcopy(MINIMAL_OPTIONS_EXAMPLE)
    body["Addresses"][0] = {**body["Addresses"][1], "AddressType": "Origin"}
    response = await client.post("/deliveryoptions", json=body)
    assert response.status_code == 400
    assert response.json()["Details"][0]["Target"] == "Addresses"


async def test_summary_lists_dates_under_a_potential_consignment(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/deliveryoptions/summary", json=MINIMAL_OPTIONS_EXAMPLE)
    assert response.status_code == 201
    body = response.json()
    assert body["Reference"].startswith("EPC-")
    assert body["DeliveryOptions"][0] == "2025-01-15T00:00:00"
    assert body["TimeSlots"] is None


async def test_details_use_the_2020_example_shapes(client: httpx.AsyncClient) -> None:
    order = await get_order(client, UK_SINGLE)
    options = (await client.post("/deliveryoptions", json=options_body(order))).json()
    reference = options["DeliveryOptions"][0]["Reference"]
    response = await client.get(f"/deliveryoptions/details/{reference}")
    assert response.status_code == 200
    details = response.json()
    assert details["Reference"] is None
    assert details["ConsignmentDetail"]["Reference"].startswith("EPC-")
    assert details["ConsignmentDetail"]["Weight"] == {"Kg": 0.3}
    assert "VatRate" in details["DeliveryOption"]["Price"]
    assert details["ConsignmentDetail"]["ConsignmentReferenceProvidedByCustomer"] == "WEB-100001"
    missing = await client.get("/deliveryoptions/details/EDO-ZZZ-ZZZ-ZZZ")
    assert missing.status_code == 404


async def test_legacy_shapes_switch(make_app: Any) -> None:
    from tests.unit.sandbox.conftest import api_client

    async with api_client(make_app(legacy_shapes=True)) as client:
        order = await get_order(client, UK_SINGLE)
        assert order["Weight"] == {"Kg": 0.3}
        options = await options_for(client, UK_SINGLE)
    assert "VatRate" in options[0]["Price"]
    assert "TaxRate" not in options[0]["Price"]
