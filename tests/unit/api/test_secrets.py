"""The API key never appears in an error, a repr or a log line; nor does request data."""

from __future__ import annotations

import logging
import traceback

import httpx
import pytest
import respx

from packstation.api import (
    AsyncSortedPro,
    DeliveryOptionsRequest,
    LabelFormat,
    SortedProError,
)
from tests.unit.api import examples
from tests.unit.api.helpers import SENTINEL_KEY, b64

STATUS_PATH = "/consignments/EC-1/status"
FAILURES: list[object] = [
    httpx.ConnectError(f"refused {SENTINEL_KEY}"),
    httpx.ReadTimeout("timed out"),
    httpx.RemoteProtocolError("peer closed"),
    httpx.Response(401, json={"statusCode": 401, "message": f"Bad key {SENTINEL_KEY}"}),
    httpx.Response(
        400,
        json={
            "Code": SENTINEL_KEY,
            "Message": SENTINEL_KEY,
            "Details": [{"Target": SENTINEL_KEY, "Message": SENTINEL_KEY}],
        },
    ),
    httpx.Response(429, headers={"Retry-After": "999"}),
    httpx.Response(503, text=f"<html>{SENTINEL_KEY}</html>"),
    httpx.Response(200, text="not json"),
    httpx.Response(200, json={"Status": ["not", "a", "state"]}),
]


def all_text(error: BaseException) -> str:
    formatted = "".join(traceback.format_exception(error))
    parts = [str(error), repr(error), formatted]
    if isinstance(error, SortedProError):
        parts += [error.user_message, error.technical_message, repr(vars(error))]
    return "\n".join(parts)


@pytest.mark.parametrize("failure", FAILURES)
async def test_no_error_shows_the_key(
    client: AsyncSortedPro,
    api_mock: respx.MockRouter,
    caplog: pytest.LogCaptureFixture,
    failure: object,
) -> None:
    caplog.set_level(logging.DEBUG)
    api_mock.get(STATUS_PATH).mock(side_effect=[failure] * 4)
    with pytest.raises(SortedProError) as raised:
        await client.get_consignment_status("EC-1")
    assert SENTINEL_KEY not in all_text(raised.value)
    assert SENTINEL_KEY not in caplog.text


async def test_label_errors_quote_at_most_eight_bytes_of_the_file(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    api_mock.get("/labels/EC-1/pdf").respond(json={"File": b64(SENTINEL_KEY.encode())})
    with pytest.raises(SortedProError) as raised:
        await client.get_labels("EC-1", LabelFormat.PDF)
    assert '(it starts with "SENTINEL")' in raised.value.user_message
    assert SENTINEL_KEY[:9] not in all_text(raised.value)


def test_the_client_repr_does_not_show_the_key() -> None:
    api = AsyncSortedPro(base_url="https://sortedpro.test", api_key=SENTINEL_KEY)
    assert SENTINEL_KEY not in repr(api) + str(api)
    assert repr(api) == "AsyncSortedPro(base_url='https://sortedpro.test')"


async def test_request_data_stays_out_of_errors(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    api_mock.post("/deliveryoptions").mock(side_effect=httpx.ConnectError("refused"))
    request = DeliveryOptionsRequest.model_validate(examples.MINIMAL_DELIVERY_OPTIONS_REQUEST)
    with pytest.raises(SortedProError) as raised:
        await client.get_delivery_options(request)
    text = all_text(raised.value)
    for personal in ("McPetersson", "Porter Street", "M1 5WG", "07702123456"):
        assert personal not in text
