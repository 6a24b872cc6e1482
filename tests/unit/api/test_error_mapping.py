"""Every error shape maps to the right exception, with its code, message and correlation id."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st

from packstation.api import (
    ApiStatusError,
    AsyncSortedPro,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DeliveryOptionAlreadySelectedError,
    DeliveryOptionExpiredError,
    ErrorDetail,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    SortedProError,
    ValidationFailedError,
)
from packstation.api import operations as ops
from packstation.api.errors import error_from_response
from tests.unit.api import examples

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def mapped(
    status: int,
    body: bytes | str = b"",
    headers: dict[str, str] | None = None,
    operation: ops.Operation = ops.GET_CONSIGNMENT,
) -> ApiStatusError:
    content = body.encode() if isinstance(body, str) else body
    return error_from_response(operation, status, content, httpx.Headers(headers or {}), now=NOW)


def v1_body(code: str = "Oops", message: str = "Went wrong", **extra: object) -> str:
    return json.dumps({"Code": code, "Message": message, "CorrelationId": "corr-1", **extra})


def test_v1_body_from_the_reference() -> None:
    error = mapped(404, json.dumps(examples.V1_ERROR))
    assert type(error) is NotFoundError
    assert (error.status_code, error.code, error.message, error.correlation_id) == (
        404,
        "SampleErrorCode",
        "Item {reference} not found",
        "f94c7dbc-c542-40b9-b6da-bd98aa110939",
    )
    assert error.details == (ErrorDetail("Missing", "Reference", "Not found"),)
    assert error.operation == "get_consignment"
    assert not error.retryable
    assert "f94c7dbc-c542-40b9-b6da-bd98aa110939" in error.technical_message
    assert "SampleErrorCode" in str(error)
    assert error.user_message.startswith("SortedPRO could not find")


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (405, ApiStatusError),
        (409, ConflictError),
        (410, NotFoundError),
        (422, ValidationFailedError),
        (429, RateLimitedError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (302, ApiStatusError),
    ],
)
def test_status_codes(status: int, error_class: type[ApiStatusError]) -> None:
    error = mapped(status, v1_body())
    assert type(error) is error_class
    assert (error.code, error.message, error.correlation_id) == ("Oops", "Went wrong", "corr-1")
    assert error.retryable is (status == 429 or status >= 500)


def test_empty_body() -> None:
    error = mapped(500)
    assert type(error) is ServerError
    assert (error.code, error.message, error.correlation_id, error.details) == (
        None,
        None,
        None,
        (),
    )
    assert "empty body" in error.technical_message


def test_html_from_a_proxy_is_not_quoted() -> None:
    html = "<html><body><h1>502 Bad Gateway</h1><p>nginx secret-host</p></body></html>"
    error = mapped(502, html, {"Content-Type": "text/html; charset=utf-8"})
    assert type(error) is ServerError
    assert error.message is None
    assert "non-JSON body (text/html" in error.technical_message
    assert "secret-host" not in error.technical_message + error.user_message


def test_gateway_401() -> None:
    body = (
        '{ "statusCode": 401, "message": "Access denied due to invalid subscription key. '
        'Make sure to provide a valid key for an active subscription." }'
    )
    error = mapped(401, body)
    assert type(error) is AuthenticationError
    assert error.code is None
    assert error.message is not None and error.message.startswith("Access denied")
    assert "API key" in error.user_message and "Settings" in error.user_message


@pytest.mark.parametrize(
    "details",
    [None, "oops", 42, [1, None, ["x"]], {"Code": "C", "Target": "T", "Message": "M"}, []],
)
def test_malformed_details_are_tolerated(details: object) -> None:
    error = mapped(400, v1_body(Details=details))
    assert isinstance(error, BadRequestError)
    assert error.code == "Oops"
    for detail in error.details:
        assert isinstance(detail, ErrorDetail)


def test_validation_is_recognised_from_details_with_targets() -> None:
    details = [{"Code": "Required", "Target": "Packages[0].Weight", "Message": "Required"}]
    error = mapped(400, v1_body(code="BadRequest", message="Invalid request", Details=details))
    assert type(error) is ValidationFailedError
    assert "Packages[0].Weight: Required" in error.user_message


def test_validation_is_recognised_from_the_code() -> None:
    assert type(mapped(400, v1_body(code="ValidationFailed"))) is ValidationFailedError


def test_asp_net_model_state_becomes_details() -> None:
    body = '{"Message": "The request is invalid.", "ModelState": {"request.Postcode": ["Bad"]}}'
    error = mapped(400, body)
    assert type(error) is ValidationFailedError
    assert error.details == (ErrorDetail(None, "request.Postcode", "Bad"),)


def test_correlation_id_from_the_header_when_the_body_has_none() -> None:
    assert mapped(500, b"", {"x-correlation-id": "hdr-9"}).correlation_id == "hdr-9"


def test_server_text_is_cleaned_and_shortened() -> None:
    error = mapped(400, v1_body(message="line one\r\n\x1b[31mline two " + "x" * 2000))
    assert error.message is not None
    assert "\n" not in error.message and "\x1b" not in error.message
    assert len(error.message) <= 500


class TestBusinessErrors:
    def test_expired_by_code_on_any_operation(self) -> None:
        error = mapped(400, v1_body(code="DeliveryOptionExpired"))
        assert type(error) is DeliveryOptionExpiredError
        assert "fresh delivery options" in error.user_message

    def test_already_selected_by_code(self) -> None:
        error = mapped(409, v1_body(code="DeliveryOptionAlreadySelected"))
        assert type(error) is DeliveryOptionAlreadySelectedError
        assert "before selecting again" in error.user_message

    @pytest.mark.parametrize("status", [400, 404, 410])
    @pytest.mark.parametrize(
        "message",
        ["Delivery option has expired", "The allocation cut-off has passed", "past cutoff"],
    )
    def test_expired_by_message_on_select(self, status: int, message: str) -> None:
        error = mapped(
            status, v1_body(code="X", message=message), operation=ops.SELECT_DELIVERY_OPTION
        )
        assert type(error) is DeliveryOptionExpiredError
        assert error.status_code == status

    def test_expired_words_elsewhere_are_not_guessed(self) -> None:
        assert type(mapped(404, v1_body(message="Option expired"))) is NotFoundError

    def test_already_selected_by_message_on_select(self) -> None:
        error = mapped(
            400,
            v1_body(code="X", message="This option has already been selected"),
            operation=ops.SELECT_DELIVERY_OPTION,
        )
        assert type(error) is DeliveryOptionAlreadySelectedError


class TestOutcome:
    def test_5xx_on_an_unsafe_call_has_an_unknown_outcome(self) -> None:
        error = mapped(504, operation=ops.SELECT_DELIVERY_OPTION)
        assert error.outcome_unknown
        assert "check before trying again" in error.user_message

    def test_5xx_on_a_safe_call_does_not(self) -> None:
        assert not mapped(504).outcome_unknown


class TestMalformedSuccessBodies:
    async def test_not_json(self, client: AsyncSortedPro, api_mock: respx.MockRouter) -> None:
        api_mock.get("/orders/EO-1").respond(200, text="<html>hello</html>")
        with pytest.raises(MalformedResponseError, match="not JSON"):
            await client.get_order("EO-1")

    async def test_empty(self, client: AsyncSortedPro, api_mock: respx.MockRouter) -> None:
        api_mock.get("/orders/EO-1").respond(200)
        with pytest.raises(MalformedResponseError, match="empty"):
            await client.get_order("EO-1")

    async def test_names_the_field_without_quoting_the_value(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter
    ) -> None:
        body = {"OrderReference": "EO-1", "Addresses": [{"Postcode": ["M1 5WG"]}]}
        api_mock.get("/orders/EO-1").respond(json=body)
        with pytest.raises(MalformedResponseError) as raised:
            await client.get_order("EO-1")
        assert "Addresses.0.Postcode" in raised.value.technical_message
        assert "M1 5WG" not in raised.value.technical_message
        assert raised.value.__suppress_context__

    async def test_select_without_a_reference(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter
    ) -> None:
        api_mock.post("/deliveryoptions/select/EDO-1").respond(json={"StatusCode": 200})
        with pytest.raises(MalformedResponseError, match="consignment reference") as raised:
            await client.select_delivery_option("EDO-1")
        assert raised.value.outcome_unknown
        assert "may have gone through" in raised.value.user_message


@given(
    status=st.integers(min_value=100, max_value=599),
    body=st.one_of(
        st.binary(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
            lambda children: (
                st.lists(children, max_size=4)
                | st.dictionaries(
                    st.sampled_from(["Code", "Message", "CorrelationId", "Details", "x", "Target"]),
                    children,
                    max_size=5,
                )
            ),
            max_leaves=20,
        ).map(lambda value: json.dumps(value).encode()),
    ),
    retry_after=st.one_of(
        st.none(), st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
    ),
)
def test_the_mapper_never_fails_with_anything_else(
    status: int, body: bytes, retry_after: str | None
) -> None:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    error = mapped(status, body, headers)
    assert isinstance(error, SortedProError)
    assert error.user_message and error.technical_message
    assert error.retry_after is None or error.retry_after >= 0
