"""Seeded demo data, reference-data routes and the /_sandbox admin routes."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx

from tests.unit.sandbox.conftest import AppFactory, api_client
from tests.unit.sandbox.emulator_helpers import allocated, get_order, order_reference


async def all_orders(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    summaries = (await client.get("/_sandbox/orders")).json()
    return [(await client.get(f"/orders/{s['OrderReference']}")).json() for s in summaries]


async def test_same_seed_same_orders(make_app: AppFactory) -> None:
    async with api_client(make_app()) as first, api_client(make_app()) as second:
        assert await all_orders(first) == await all_orders(second)


async def test_another_seed_other_people(make_app: AppFactory) -> None:
    async with api_client(make_app(seed=1)) as first, api_client(make_app(seed=2)) as second:
        one, two = await get_order(first, 3), await get_order(second, 3)
    assert one["OrderReference"] == two["OrderReference"]
    assert one["Addresses"][1] != two["Addresses"][1]


async def test_seeded_orders_cover_every_category(client: httpx.AsyncClient) -> None:
    summaries = (await client.get("/_sandbox/orders")).json()
    assert len(summaries) >= 40
    categories = Counter(c for summary in summaries for c in summary["Categories"])
    for category in ("single", "multi", "international", "heavy", "oversized"):
        assert categories[category] >= 2, category
    assert categories["choice:valid"] >= 3
    assert categories["choice:expired"] >= 1
    assert max(s["Packages"] for s in summaries) == 4
    assert {"US", "AU", "DE", "FR"} <= {s["Country"] for s in summaries}
    expired = [s for s in summaries if s["CustomerChoiceExpired"]]
    assert expired
    assert all(s["HasCustomerChoice"] for s in expired)


async def test_international_orders_carry_customs_data(client: httpx.AsyncClient) -> None:
    summaries = (await client.get("/_sandbox/orders")).json()
    international = [s for s in summaries if "international" in s["Categories"]]
    for summary in international:
        order = (await client.get(f"/orders/{summary['OrderReference']}")).json()
        customs = order["CustomsDocumentation"]
        assert customs["ShippingTerms"] in {"DAP", "DDP"}
        assert customs["CategoryType"]
        assert {"KeyValue": "ShippersEORI", "StringValue": "GB123456789000"} in order["MetaData"]
        for item in (i for p in order["Packages"] for i in p["Items"]):
            assert item["HarmonisationCode"]
            assert item["CountryOfOrigin"]
            assert item["Value"]["Amount"] > 0


async def test_generate_more_orders_deterministically(make_app: AppFactory) -> None:
    generated = []
    for _ in range(2):
        async with api_client(make_app()) as client:
            response = await client.post("/_sandbox/orders/generate", json={"count": 25})
            assert response.status_code == 201
            generated.append(response.json())
            last = generated[-1][-1]["OrderReference"]
            assert (await client.get(f"/orders/{last}")).status_code == 200
    assert generated[0] == generated[1]
    assert len(generated[0]) == 25
    assert generated[0][0]["OrderReference"] == order_reference(44)


async def test_generate_validates_count(client: httpx.AsyncClient) -> None:
    for body in ({}, {"count": 0}, {"count": "5"}):
        assert (await client.post("/_sandbox/orders/generate", json=body)).status_code == 400


async def test_extra_orders_at_start(make_app: AppFactory) -> None:
    async with api_client(make_app(extra_orders=10)) as client:
        assert len((await client.get("/_sandbox/orders")).json()) == 54


async def test_admin_consignments_and_reset(client: httpx.AsyncClient) -> None:
    reference = await allocated(client)
    listed = (await client.get("/_sandbox/consignments")).json()
    assert [(c["Reference"], c["State"]) for c in listed] == [(reference, "Allocated")]
    await client.post("/_sandbox/faults", json={"rules": [{"path": "/x", "kind": "error"}]})
    await client.post("/_sandbox/clock", json={"offset_seconds": 60})
    assert (await client.post("/_sandbox/reset")).status_code == 200
    assert (await client.get("/_sandbox/consignments")).json() == []
    assert (await client.get("/_sandbox/faults")).json()["rules"] == []
    assert (await client.get("/_sandbox/clock")).json()["offset_seconds"] == 0


async def test_clock_endpoint(client: httpx.AsyncClient) -> None:
    response = await client.post("/_sandbox/clock", json={"offset_seconds": 3600})
    assert response.json() == {"now": "2025-01-14T11:00:00+00:00", "offset_seconds": 3600.0}
    assert (await client.post("/_sandbox/clock", json={})).status_code == 400


async def test_reference_data_routes(client: httpx.AsyncClient) -> None:
    locations = (await client.get("/shippinglocations")).json()
    assert locations[0]["Reference"] == "SL-DEMO-1"
    assert locations[0]["Address"]["Town"] == "Manchester"
    assert (await client.get("/shippinglocations/assigned")).json() == locations
    carriers = (await client.get("/carriers")).json()
    assert {c["Name"] for c in carriers} >= {"Royal Mail", "DPD", "Evri", "DHL Express"}
    services = (await client.get("/carrierservices")).json()
    assert len(services) >= 10
    assert {"Reference", "Name", "CarrierReference", "CollectionCutOff"} <= set(services[0])
    sizes = (await client.get("/packagesizes")).json()
    assert sizes[0]["Dimensions"]["Unit"] == "Cm"
    assert (await client.get("/packagesizes/default")).json()["Reference"] == "SMALL_BOX"
