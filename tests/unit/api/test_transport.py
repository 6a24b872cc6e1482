"""Per-operation timeouts, bodies cut off mid-read, and oversized bodies."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from packstation.api import (
    AsyncSortedPro,
    MalformedResponseError,
    OperationTimeouts,
    ResponseLostError,
    ServerError,
)
from tests.unit.api import examples


class BrokenStream(httpx.AsyncByteStream):
    """Sends the start of a body, then the connection drops."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"StatusCode": 200, "ApiLi'
        raise httpx.ReadError("connection reset by peer")


async def test_each_operation_gets_its_own_timeouts(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    select = api_mock.post("/deliveryoptions/select/EDO-1").respond(
        json=examples.ALLOCATION_SUMMARY
    )
    lookup = api_mock.get("/orders/EO-1").respond(json=examples.ORDER)
    await client.select_delivery_option("EDO-1")
    await client.get_order("EO-1")
    assert select.calls.last.request.extensions["timeout"] == {
        "connect": 5.0,
        "read": 90.0,
        "write": 90.0,
        "pool": 5.0,
    }
    assert lookup.calls.last.request.extensions["timeout"]["read"] == 15.0


async def test_custom_timeouts(api_mock: respx.MockRouter) -> None:
    route = api_mock.put("/consignments/manifest").respond(json=[])
    timeouts = OperationTimeouts(connect=2.0, manifest=300.0)
    async with AsyncSortedPro(
        base_url="https://sortedpro.test", api_key="k", timeouts=timeouts
    ) as api:
        await api.manifest_consignments(["EC-1"])
    assert route.calls.last.request.extensions["timeout"]["read"] == 300.0
    assert route.calls.last.request.extensions["timeout"]["connect"] == 2.0


async def test_a_body_cut_off_mid_read_on_select_is_a_lost_response(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    route = api_mock.post("/deliveryoptions/select/EDO-1").mock(
        return_value=httpx.Response(200, stream=BrokenStream())
    )
    with pytest.raises(ResponseLostError) as raised:
        await client.select_delivery_option("EDO-1")
    assert route.call_count == 1
    assert raised.value.outcome_unknown


async def test_a_body_cut_off_mid_read_on_a_get_is_retried(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    route = api_mock.get("/orders/EO-1").mock(
        side_effect=[
            httpx.Response(200, stream=BrokenStream()),
            httpx.Response(200, json=examples.ORDER),
        ]
    )
    assert (await client.get_order("EO-1")).order_reference == "EO-000-002-0TT"
    assert route.call_count == 2


async def test_an_oversized_success_body_is_refused(
    client: AsyncSortedPro, api_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("packstation.api.session.MAX_RESPONSE_BYTES", 1000)
    api_mock.get("/orders/EO-1").respond(json={"OrderReference": "EO-1", "Tags": ["x" * 2000]})
    with pytest.raises(MalformedResponseError, match="larger than"):
        await client.get_order("EO-1")


async def test_an_oversized_error_body_is_cut_short_not_refused(
    client: AsyncSortedPro, api_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("packstation.api.session.MAX_ERROR_BODY_BYTES", 10)
    api_mock.get("/orders/EO-1").respond(500, text="x" * 5000)
    with pytest.raises(ServerError) as raised:
        await client.get_order("EO-1")
    assert "(text/plain; charset=utf-8" not in raised.value.technical_message
    assert "10 bytes" in raised.value.technical_message
