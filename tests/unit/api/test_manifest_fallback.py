"""manifestFromQuery: POST first; PUT once, only when POST is not routed (404/405)."""

from __future__ import annotations

import httpx
import pytest
import respx

from packstation.api import (
    ApiStatusError,
    AsyncSortedPro,
    ConsignmentState,
    ManifestFromQueryRequest,
    NotFoundError,
    ResponseLostError,
    ServerError,
)
from tests.unit.api import examples
from tests.unit.api.helpers import sent_json

PATH = "/consignments/manifestFromQuery"
REQUEST = ManifestFromQueryRequest(states=[ConsignmentState.READY_TO_SHIP])


@pytest.mark.parametrize("status", [404, 405])
async def test_falls_back_to_put(
    client: AsyncSortedPro, api_mock: respx.MockRouter, status: int
) -> None:
    post = api_mock.post(PATH).respond(status)
    put = api_mock.put(PATH).respond(json=examples.MANIFEST_FROM_QUERY_RESPONSE)
    result = await client.manifest_from_query(REQUEST)
    assert result.failed_consignments == ("EC-000-05A-Z6S",)
    assert (post.call_count, put.call_count) == (1, 1)
    assert sent_json(put.calls.last.request) == {"States": ["ReadyToShip"]}


@pytest.mark.parametrize(
    ("failure", "error_class"),
    [
        (httpx.Response(400, json={"Code": "Bad"}), ApiStatusError),
        (httpx.Response(500), ServerError),
        (httpx.ReadTimeout("t"), ResponseLostError),
    ],
)
async def test_no_fallback_on_other_failures(
    client: AsyncSortedPro,
    api_mock: respx.MockRouter,
    failure: object,
    error_class: type[Exception],
) -> None:
    post = api_mock.post(PATH).mock(side_effect=[failure])
    put = api_mock.put(PATH).respond(json=examples.MANIFEST_FROM_QUERY_RESPONSE)
    with pytest.raises(error_class):
        await client.manifest_from_query(REQUEST)
    assert (post.call_count, put.call_count) == (1, 0)


async def test_falls_back_only_once_and_reports_the_post_error(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    post = api_mock.post(PATH).respond(404, json={"Code": "NoConsignments", "Message": "none"})
    put = api_mock.put(PATH).respond(405)
    with pytest.raises(NotFoundError) as raised:
        await client.manifest_from_query(REQUEST)
    assert raised.value.code == "NoConsignments"
    assert (post.call_count, put.call_count) == (1, 1)


async def test_a_put_failure_of_another_kind_is_raised(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    api_mock.post(PATH).respond(405)
    api_mock.put(PATH).respond(400, json={"Code": "StatesRequired"})
    with pytest.raises(ApiStatusError) as raised:
        await client.manifest_from_query(REQUEST)
    assert raised.value.code == "StatesRequired"
