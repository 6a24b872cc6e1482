"""One HTTP exchange with SortedPRO, retried by the policy: headers, timeouts, body size caps,
and every failure turned into a SortedProError."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import httpx

from packstation.api.constants import (
    API_VERSION,
    API_VERSION_HEADER,
    JSON_MEDIA_TYPE,
    MAX_ERROR_BODY_BYTES,
    MAX_RESPONSE_BYTES,
    SUBSCRIPTION_KEY_HEADER,
)
from packstation.api.errors import (
    SortedProError,
    error_from_response,
    error_from_transport,
    malformed_response,
)
from packstation.api.operations import Operation
from packstation.api.retry import RetryPolicy
from packstation.api.timeouts import OperationTimeouts

_log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
QueryParams = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class RawResponse:
    status_code: int
    headers: httpx.Headers
    body: bytes = field(repr=False)


class ResponseTooLargeError(Exception):
    pass


class ApiSession:
    """Owns the one httpx.AsyncClient (keep-alive, gzip, certificate checks) for its lifetime."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        user_agent: str,
        timeouts: OperationTimeouts,
        retry_policy: RetryPolicy,
        sleep: Sleep,
        transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        self._secrets = (api_key,)
        self._timeouts = timeouts
        self._retry = retry_policy
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            base_url=base_url,
            transport=transport,
            verify=True,
            follow_redirects=False,
            headers={
                SUBSCRIPTION_KEY_HEADER: api_key,
                API_VERSION_HEADER: API_VERSION,
                "Accept": JSON_MEDIA_TYPE,
                "User-Agent": user_agent,
            },
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        operation: Operation,
        method: str,
        path: str,
        *,
        json_body: bytes | None = None,
        params: QueryParams | None = None,
    ) -> RawResponse:
        """The 2xx response; anything else raises, after the retries the policy allows."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._attempt(operation, method, path, json_body, params)
            except SortedProError as error:
                delay = self._retry.delay_before_retry(error, operation.safety, attempt)
                if delay is None:
                    raise
                _log.warning(
                    "Retrying %s in %.2f s (attempt %d of %d failed: %s)",
                    operation.key,
                    delay,
                    attempt,
                    self._retry.max_attempts,
                    error.technical_message,
                )
                await self._sleep(delay)

    async def _attempt(
        self,
        operation: Operation,
        method: str,
        path: str,
        json_body: bytes | None,
        params: QueryParams | None,
    ) -> RawResponse:
        request = self._http.build_request(
            method,
            path,
            content=json_body,
            params=list(params) if params else None,
            headers={"Content-Type": JSON_MEDIA_TYPE} if json_body is not None else None,
            timeout=self._timeouts.for_kind(operation.timeout),
        )
        _log.debug("%s %s (%s)", method, request.url.path, operation.key)
        try:
            response = await self._http.send(request, stream=True)
        except httpx.RequestError as error:
            raise error_from_transport(operation, error, redact=self._secrets) from None
        try:
            body = await self._read_body(operation, response)
        except httpx.RequestError as error:
            raise error_from_transport(operation, error, redact=self._secrets) from None
        finally:
            await _close_quietly(response)
        if not response.is_success:
            raise error_from_response(
                operation, response.status_code, body, response.headers, redact=self._secrets
            )
        return RawResponse(response.status_code, response.headers, body)

    async def _read_body(self, operation: Operation, response: httpx.Response) -> bytes:
        if not response.is_success:
            return await _read_at_most(response, MAX_ERROR_BODY_BYTES, truncate=True)
        try:
            return await _read_at_most(response, MAX_RESPONSE_BYTES, truncate=False)
        except ResponseTooLargeError:
            raise malformed_response(
                operation,
                f"the body is larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MiB",
                status_code=response.status_code,
            ) from None


async def _read_at_most(response: httpx.Response, limit: int, *, truncate: bool) -> bytes:
    """The decompressed body, never holding more than `limit` bytes of it."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            if truncate:
                chunks.append(chunk[: len(chunk) - (size - limit)])
                break
            raise ResponseTooLargeError
        chunks.append(chunk)
    return b"".join(chunks)


async def _close_quietly(response: httpx.Response) -> None:
    # The body is complete by now (or abandoned on purpose); a failure to close changes nothing.
    try:
        await response.aclose()
    except httpx.HTTPError:
        _log.debug("Closing a response failed", exc_info=True)
