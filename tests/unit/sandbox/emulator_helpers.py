"""Helpers for the emulator tests: seeded order references and the common API round trips."""

from __future__ import annotations

import re
from typing import Any

import httpx

from packstation.sandbox.references import FIRST_NUMBER, Prefix, format_reference
from tests.unit.sandbox.conftest import V11

EC_PATTERN = re.compile(r"EC-[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$")

# Seeded orders by position (see packstation/sandbox/demo_data.py TEMPLATES).
UK_SINGLE = 0
UK_CHOICE_VALID = 1
UK_CHOICE_EXPIRED = 6
UK_MULTI_4 = 14
UK_HEAVY_25KG = 20
UK_13KG = 23  # Evri Standard 48 hands it to Royal Mail Tracked 48
UK_OVERSIZED = 25
DE_OVERSIZED = 27
FR_CHOICE_VALID = 29
DE_THREE_PACKAGES_HIGH_VALUE = 30
NL_LOW_VALUE = 31
US_SINGLE = 37

# The reference's §5.4 minimal example, exactly as documented.
MINIMAL_OPTIONS_EXAMPLE: dict[str, Any] = {
    "Packages": [
        {
            "Weight": {"Value": 0.5, "Unit": "Kg"},
            "Dimensions": {"Unit": "Cm", "Width": 10.0, "Length": 10.0, "Height": 10.0},
            "Description": "Socks",
            "Value": {"Amount": 5.99, "Currency": {"IsoCode": "GBP"}},
        }
    ],
    "Addresses": [
        {"AddressType": "Origin", "ShippingLocationReference": "Sorted1", "IsCached": False},
        {
            "AddressType": "Destination",
            "Contact": {
                "Title": "Mr",
                "FirstName": "Peter",
                "LastName": "McPetersson",
                "Telephone": "07702123456",
                "Email": "peter.mcpetersson@test.com",
            },
            "AddressLine1": "13 Porter Street",
            "Region": "Greater Manchester",
            "Postcode": "M1 5WG",
            "Country": {"Name": "Great Britain", "IsoCode": {"TwoLetterCode": "GB"}},
            "IsCached": False,
        },
    ],
}


def order_reference(index: int) -> str:
    return format_reference(Prefix.ORDER, FIRST_NUMBER[Prefix.ORDER] + index)


def options_body(order: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A delivery-options request packing the order as it is."""
    packages = [
        {key: package[key] for key in ("Weight", "Dimensions", "Description", "Value", "Items")}
        for package in order["Packages"]
    ]
    return {
        "Packages": packages,
        "Addresses": order["Addresses"],
        "ConsignmentReferenceProvidedByCustomer": order["OrderReferenceProvidedByCustomer"],
        "CustomsDocumentation": order["CustomsDocumentation"],
        "MetaData": order["MetaData"],
        **extra,
    }


async def get_order(client: httpx.AsyncClient, index: int) -> dict[str, Any]:
    response = await client.get(f"/orders/{order_reference(index)}")
    assert response.status_code == 200, response.text
    order: dict[str, Any] = response.json()
    return order


async def options_for(client: httpx.AsyncClient, index: int, **extra: Any) -> list[dict[str, Any]]:
    order = await get_order(client, index)
    response = await client.post("/deliveryoptions", json=options_body(order, **extra))
    assert response.status_code == 201, response.text
    options: list[dict[str, Any]] = response.json()["DeliveryOptions"]
    return options


async def select(client: httpx.AsyncClient, option_reference: str) -> dict[str, Any]:
    response = await client.post(f"/deliveryoptions/select/{option_reference}", headers=V11)
    assert response.status_code == 200, response.text
    summary: dict[str, Any] = response.json()
    return summary


def consignment_reference(summary: dict[str, Any]) -> str:
    detail = next(link for link in summary["ApiLinks"] if link["Rel"] == "detail")
    reference = str(detail["Href"]).rsplit("/", 1)[1]
    assert EC_PATTERN.match(reference)
    return reference


async def allocated(client: httpx.AsyncClient, index: int = UK_SINGLE, option: int = 0) -> str:
    """Select an option for a seeded order; the new consignment's EC reference."""
    options = await options_for(client, index)
    return consignment_reference(await select(client, options[option]["Reference"]))


async def consignment(client: httpx.AsyncClient, reference: str) -> dict[str, Any]:
    response = await client.get(f"/consignments/{reference}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def state_of(client: httpx.AsyncClient, reference: str) -> str:
    return str((await consignment(client, reference))["ConsignmentState"])
