"""Gateway behaviour: API key, unknown routes, case-insensitive paths, media types."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from packstation.sandbox.errors import INVALID_KEY_MESSAGE, MISSING_KEY_MESSAGE
from tests.unit.sandbox.conftest import API_KEY, api_client
from tests.unit.sandbox.emulator_helpers import order_reference


async def test_missing_key_gets_the_gateway_401(app: Starlette) -> None:
    async with api_client(app, headers={}) as anonymous:
        response = await anonymous.get(f"/orders/{order_reference(0)}")
    assert response.status_code == 401
    assert response.json() == {"statusCode": 401, "message": MISSING_KEY_MESSAGE}


async def test_wrong_key_gets_the_invalid_key_401(app: Starlette) -> None:
    async with api_client(app, headers={"Ocp-Apim-Subscription-Key": "nope"}) as wrong:
        response = await wrong.get(f"/orders/{order_reference(0)}")
    assert response.status_code == 401
    assert response.json() == {"statusCode": 401, "message": INVALID_KEY_MESSAGE}


async def test_key_in_the_query_string_is_accepted(app: Starlette) -> None:
    async with api_client(app, headers={}) as anonymous:
        response = await anonymous.get(
            f"/orders/{order_reference(0)}", params={"subscription-key": API_KEY}
        )
    assert response.status_code == 200


async def test_admin_routes_need_no_key(app: Starlette) -> None:
    async with api_client(app, headers={}) as anonymous:
        response = await anonymous.get("/_sandbox/health")
    assert response.json() == {"status": "ok"}


async def test_unknown_route_is_a_v1_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/consignments/EC-000-000-000/nothing-here")
    assert response.status_code == 404
    body = response.json()
    assert body["Code"] == "ResourceNotFound"
    assert set(body) == {"Code", "Message", "CorrelationId", "Details"}


async def test_wrong_verb_is_a_v1_405(client: httpx.AsyncClient) -> None:
    response = await client.delete(f"/orders/{order_reference(0)}")
    assert response.status_code == 405
    assert response.json()["Code"] == "MethodNotAllowed"


async def test_paths_and_references_ignore_case_and_trailing_slash(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(f"/Orders/{order_reference(0).lower()}/")
    assert response.status_code == 200
    assert response.json()["OrderReference"] == order_reference(0)


async def test_xml_bodies_are_refused_as_unsupported(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/deliveryoptions", content=b"<Request/>", headers={"content-type": "application/xml"}
    )
    assert response.status_code == 415
    assert response.json()["Code"] == "UnsupportedMediaType"


async def test_malformed_json_is_a_validation_error(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/deliveryoptions", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["Code"] == "ValidationFailed"


async def test_large_responses_are_gzipped_when_asked(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/orders/{order_reference(30)}")
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["OrderReference"] == order_reference(30)


async def test_routes_the_sandbox_leaves_out_are_404(client: httpx.AsyncClient) -> None:
    """§9.9 and §9.10: options for an existing consignment, allocate-and-label, pickup."""
    for method, path in (
        ("GET", "/deliveryoptions/consignment/EC-000-5B0-000"),
        ("PUT", "/allocation/EC-000-5B0-000/labels/PDF"),
        ("POST", "/deliveryoptions/pickupoptions/"),
        ("POST", "/deliveryoptions/reserve/EDO-000-6D0-000"),
    ):
        response = await client.request(method, path, json={})
        assert response.status_code == 404, path
        assert response.json()["Code"] == "ResourceNotFound"
