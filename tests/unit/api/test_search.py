"""search_consignments pages until a short page, one search per state, each row once."""

from __future__ import annotations

import httpx
import respx

from packstation.api import AsyncSortedPro, ConsignmentSearch, ConsignmentState
from tests.unit.api.examples import consignment_summary


def page(*numbers: int, count: int = 999) -> httpx.Response:
    rows = [consignment_summary(f"EC-000-000-{n:03d}") for n in numbers]
    return httpx.Response(200, json={"Count": count, "ConsignmentSummaries": rows})


async def test_pages_until_a_short_page_whatever_count_says(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    first = api_mock.get("/consignments/3/0").mock(return_value=page(1, 2, 3, count=3))
    second = api_mock.get("/consignments/3/3").mock(return_value=page(4, 5, 6, count=3))
    third = api_mock.get("/consignments/3/6").mock(return_value=page(7, count=7))
    search = ConsignmentSearch(shipping_location_reference="Sorted1")
    found = [row.reference async for row in client.search_consignments(search, page_size=3)]
    assert found == [f"EC-000-000-{n:03d}" for n in range(1, 8)]
    assert (first.call_count, second.call_count, third.call_count) == (1, 1, 1)
    assert third.calls.last.request.url.params["shippingLocationReference"] == "Sorted1"


async def test_an_exactly_full_last_page_costs_one_empty_page(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    api_mock.get("/consignments/2/0").mock(return_value=page(1, 2))
    last = api_mock.get("/consignments/2/2").mock(return_value=page())
    found = [row async for row in client.search_consignments(ConsignmentSearch(), page_size=2)]
    assert len(found) == 2
    assert last.called


async def test_one_search_per_state_and_no_duplicates(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    route = api_mock.get("/consignments/100/0").mock(side_effect=[page(1, 2), page(2, 3)])
    search = ConsignmentSearch(states=(ConsignmentState.ALLOCATED, ConsignmentState.READY_TO_SHIP))
    found = [row.reference async for row in client.search_consignments(search)]
    assert found == ["EC-000-000-001", "EC-000-000-002", "EC-000-000-003"]
    assert [call.request.url.params["state"] for call in route.calls] == [
        "Allocated",
        "ReadyToShip",
    ]


async def test_a_server_ignoring_skip_does_not_loop_forever(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    route = api_mock.get(url__regex=r".*/consignments/2/\d+").mock(return_value=page(1, 2))
    found = [row async for row in client.search_consignments(ConsignmentSearch(), page_size=2)]
    assert len(found) == 2
    assert route.call_count == 2
