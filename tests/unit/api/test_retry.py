"""Which failures are retried, how often, and after how long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx

from packstation.api import (
    ApiStatusError,
    AsyncSortedPro,
    BadRequestError,
    DeliveryOptionsRequest,
    RateLimitedError,
    RequestNotSentError,
    ResponseLostError,
    RetryPolicy,
    ServerError,
)
from packstation.api.operations import Safety
from packstation.api.retry import is_retryable
from packstation.api.retry_after import parse_retry_after
from tests.unit.api import examples
from tests.unit.api.helpers import RecordedSleeps

SELECT_PATH = "/deliveryoptions/select/EDO-000-6DX-6XP"
STATUS_PATH = "/consignments/EC-000-087-01A/status"
OK_SELECT = httpx.Response(200, json=examples.ALLOCATION_SUMMARY)
OK_STATUS = httpx.Response(200, json=examples.CONSIGNMENT_STATUS)


async def select(client: AsyncSortedPro) -> str:
    return (await client.select_delivery_option("EDO-000-6DX-6XP")).consignment_reference


async def status(client: AsyncSortedPro) -> object:
    return await client.get_consignment_status("EC-000-087-01A")


class TestUnsafeCalls:
    async def test_select_with_a_read_timeout_is_sent_once(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, sleeps: RecordedSleeps
    ) -> None:
        route = api_mock.post(SELECT_PATH).mock(side_effect=httpx.ReadTimeout("timed out"))
        with pytest.raises(ResponseLostError) as raised:
            await select(client)
        assert route.call_count == 1
        assert sleeps.delays == []
        assert raised.value.outcome_unknown
        assert "not known whether it went through" in raised.value.user_message

    @pytest.mark.parametrize(
        "lost",
        [
            httpx.RemoteProtocolError("Server disconnected without sending a response."),
            httpx.ReadError("connection reset"),
            httpx.WriteTimeout("write timed out"),
        ],
    )
    async def test_select_never_resends_after_a_lost_response(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, lost: Exception
    ) -> None:
        route = api_mock.post(SELECT_PATH).mock(side_effect=[lost, OK_SELECT])
        with pytest.raises(ResponseLostError):
            await select(client)
        assert route.call_count == 1

    @pytest.mark.parametrize(
        "not_sent",
        [
            httpx.ConnectError("connection refused"),
            httpx.ConnectTimeout("connect timed out"),
            httpx.PoolTimeout("no connection free"),
        ],
    )
    async def test_select_is_retried_when_it_never_left(
        self,
        client: AsyncSortedPro,
        api_mock: respx.MockRouter,
        sleeps: RecordedSleeps,
        not_sent: Exception,
    ) -> None:
        route = api_mock.post(SELECT_PATH).mock(side_effect=[not_sent, OK_SELECT])
        assert await select(client) == "EC-000-05B-MMQ"
        assert route.call_count == 2
        assert sleeps.delays == [0.125]  # full jitter at 0.5 of the first 0.25 s step

    async def test_select_is_retried_after_429(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, sleeps: RecordedSleeps
    ) -> None:
        busy = httpx.Response(429, headers={"Retry-After": "2"})
        route = api_mock.post(SELECT_PATH).mock(side_effect=[busy, OK_SELECT])
        assert await select(client) == "EC-000-05B-MMQ"
        assert route.call_count == 2
        assert sleeps.delays == [2.0]

    @pytest.mark.parametrize("code", [500, 502, 503, 504])
    async def test_select_is_not_retried_after_5xx(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, code: int
    ) -> None:
        route = api_mock.post(SELECT_PATH).mock(side_effect=[httpx.Response(code), OK_SELECT])
        with pytest.raises(ServerError) as raised:
            await select(client)
        assert route.call_count == 1
        assert raised.value.outcome_unknown

    @pytest.mark.parametrize(
        ("method", "path", "call"),
        [
            ("PUT", "/consignments/EC-1/cancel", lambda c: c.cancel_consignment("EC-1")),
            ("PUT", "/consignments/EC-1/deallocate", lambda c: c.deallocate_consignment("EC-1")),
            ("PUT", "/consignments/setreadytoship", lambda c: c.set_ready_to_ship(["EC-1"])),
            ("PUT", "/consignments/manifest", lambda c: c.manifest_consignments(["EC-1"])),
            ("PUT", "/consignments/cancellist", lambda c: c.cancel_consignments(["EC-1"])),
        ],
    )
    async def test_other_changes_are_not_resent_after_a_read_timeout(
        self,
        client: AsyncSortedPro,
        api_mock: respx.MockRouter,
        method: str,
        path: str,
        call: object,
    ) -> None:
        route = api_mock.route(method=method, path=path).mock(side_effect=httpx.ReadTimeout("t"))
        with pytest.raises(ResponseLostError):
            await call(client)  # type: ignore[operator]
        assert route.call_count == 1


class TestSafeCalls:
    async def test_get_is_retried_after_503(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, sleeps: RecordedSleeps
    ) -> None:
        route = api_mock.get(STATUS_PATH).mock(side_effect=[httpx.Response(503), OK_STATUS])
        await status(client)
        assert route.call_count == 2
        assert len(sleeps.delays) == 1

    @pytest.mark.parametrize(
        "transient",
        [httpx.ReadTimeout("t"), httpx.ConnectError("refused"), httpx.Response(502)],
    )
    async def test_get_is_retried_after_transient_failures(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, transient: object
    ) -> None:
        route = api_mock.get(STATUS_PATH).mock(side_effect=[transient, OK_STATUS])
        await status(client)
        assert route.call_count == 2

    async def test_delivery_options_post_is_retried_after_a_lost_response(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter
    ) -> None:
        ok = httpx.Response(201, json={"DeliveryOptions": []})
        route = api_mock.post("/deliveryoptions").mock(side_effect=[httpx.ReadTimeout("t"), ok])
        request = DeliveryOptionsRequest.model_validate(examples.MINIMAL_DELIVERY_OPTIONS_REQUEST)
        assert (await client.get_delivery_options(request)).delivery_options == ()
        assert route.call_count == 2

    async def test_gives_up_after_max_attempts_with_growing_capped_delays(
        self, api_mock: respx.MockRouter, sleeps: RecordedSleeps
    ) -> None:
        route = api_mock.get(STATUS_PATH).respond(503)
        policy = RetryPolicy(max_attempts=6, base_delay=1.0, max_delay=4.0, random=lambda: 1.0)
        async with AsyncSortedPro(
            base_url="https://sortedpro.test", api_key="k", retry_policy=policy, sleep=sleeps
        ) as api:
            with pytest.raises(ServerError):
                await api.get_consignment_status("EC-000-087-01A")
        assert route.call_count == 6
        assert sleeps.delays == [1.0, 2.0, 4.0, 4.0, 4.0]

    @pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 500])
    async def test_non_transient_statuses_are_never_retried(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, code: int
    ) -> None:
        route = api_mock.get(STATUS_PATH).respond(code)
        with pytest.raises(ApiStatusError):
            await status(client)
        assert route.call_count == 1

    async def test_400_is_not_retried_on_select_either(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter
    ) -> None:
        route = api_mock.post(SELECT_PATH).respond(400, json={"Message": "Bad"})
        with pytest.raises(BadRequestError):
            await select(client)
        assert route.call_count == 1


class TestRetryAfter:
    async def test_seconds(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, sleeps: RecordedSleeps
    ) -> None:
        busy = httpx.Response(429, headers={"Retry-After": "7"})
        api_mock.get(STATUS_PATH).mock(side_effect=[busy, OK_STATUS])
        await status(client)
        assert sleeps.delays == [7.0]

    async def test_http_date(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, sleeps: RecordedSleeps
    ) -> None:
        when = format_datetime(datetime.now(UTC) + timedelta(seconds=10), usegmt=True)
        busy = httpx.Response(503, headers={"Retry-After": when})
        api_mock.get(STATUS_PATH).mock(side_effect=[busy, OK_STATUS])
        await status(client)
        assert len(sleeps.delays) == 1
        assert 8.0 <= sleeps.delays[0] <= 10.0

    @pytest.mark.parametrize("garbage", ["soon", "-5", "1e9999", "", "Mon, 99 Foo 2024"])
    async def test_garbage_falls_back_to_backoff(
        self,
        client: AsyncSortedPro,
        api_mock: respx.MockRouter,
        sleeps: RecordedSleeps,
        garbage: str,
    ) -> None:
        busy = httpx.Response(429, headers={"Retry-After": garbage})
        api_mock.get(STATUS_PATH).mock(side_effect=[busy, OK_STATUS])
        await status(client)
        assert sleeps.delays == [0.125]

    async def test_over_the_cap_is_raised_at_once_for_the_ui(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter, sleeps: RecordedSleeps
    ) -> None:
        busy = httpx.Response(429, headers={"Retry-After": "120"})
        route = api_mock.get(STATUS_PATH).mock(side_effect=[busy, OK_STATUS])
        with pytest.raises(RateLimitedError) as raised:
            await status(client)
        assert route.call_count == 1
        assert sleeps.delays == []
        assert raised.value.retry_after == 120.0
        assert "Wait 120 seconds" in raised.value.user_message

    def test_parsing(self) -> None:
        now = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
        assert parse_retry_after("3", now) == 3.0
        assert parse_retry_after(" 1.5 ", now) == 1.5
        assert parse_retry_after("Mon, 01 Jan 2024 12:00:30 GMT", now) == 30.0
        assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now) == 0.0
        assert parse_retry_after(None, now) is None
        assert parse_retry_after("-1", now) is None


def test_retry_classification_table() -> None:
    def lost() -> ResponseLostError:
        return ResponseLostError(
            operation="x", user_message="u", technical_message="t", retryable=True
        )

    def not_sent(retryable: bool = True) -> RequestNotSentError:
        return RequestNotSentError(
            operation="x", user_message="u", technical_message="t", retryable=retryable
        )

    def server(code: int) -> ServerError:
        return ServerError(
            operation="x", user_message="u", technical_message="t", retryable=True, status_code=code
        )

    assert is_retryable(not_sent(), Safety.UNSAFE)
    assert not is_retryable(not_sent(retryable=False), Safety.SAFE)
    assert is_retryable(lost(), Safety.SAFE)
    assert not is_retryable(lost(), Safety.UNSAFE)
    assert is_retryable(server(503), Safety.SAFE)
    assert not is_retryable(server(500), Safety.SAFE)
    assert not is_retryable(server(503), Safety.UNSAFE)


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="negative"):
        RetryPolicy(base_delay=-1)
