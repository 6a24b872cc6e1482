"""Fuzzed HTTP exchanges for the client: statuses, headers, bodies and broken connections,
served in order by an `httpx.MockTransport` that counts what it served."""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from random import Random

import httpx
from hypothesis import strategies as st

from packstation.api import AsyncSortedPro, RetryPolicy
from tests.fuzz.json_mutation import Template, dumps, json_text
from tests.fuzz.nasty import HTML_PROBE

SUCCESS_STATUSES = (200, 200, 200, 200, 201, 202, 203, 204, 206, 299)
ERROR_STATUSES = (
    100, 101, 199, 300, 301, 302, 304, 307, 400, 401, 403, 404, 405, 406, 408, 409, 410, 413,
    415, 418, 422, 429, 451, 499, 500, 501, 502, 503, 504, 507, 520, 599,
)  # fmt: skip
CONTENT_TYPES = (
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=utf-16",
    "application/problem+json",
    "text/json",
    "text/html; charset=iso-8859-1",
    "text/plain",
    "application/xml",
    "application/pdf",
    "application/zpl",
    "image/png",
    "application/octet-stream",
    "multipart/form-data; boundary=x",
    "",
    ";;;",
    "application/json; charset=no-such-charset",
)
RETRY_AFTERS = (
    "0", "1", "2.5", "30", "31", "999999999999999999999", "-1", "1e400", "nan", "soon",
    "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
    "Mon, 01 Jan 0001 00:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 +9999", "",
)  # fmt: skip
TRANSPORT_FAILURES: tuple[type[httpx.HTTPError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.PoolTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
    httpx.LocalProtocolError,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
    httpx.DecodingError,
)
NON_JSON_BODIES = (
    b"",
    b" ",
    b"null",
    b"[]",
    b"{}",
    b'""',
    b"0",
    b"true",
    b"<html><body><h1>502 Bad Gateway</h1>" + HTML_PROBE.encode() + b"</body></html>",
    b"<?xml version='1.0'?><Error><Code>x</Code></Error>",
    b"%PDF-1.4\n%%EOF",
    b"\x89PNG\r\n\x1a\n",
    b"\x00\x01\x02\xff\xfe\xfd",
    b"\xff\xfe{\x00}\x00",
    b"[" * 100_000,
    b'{"a":' * 50_000,
    b"[" * 5_000 + b"]" * 5_000,
    b"{" + b'"a":1,' * 20_000 + b'"a":2}',
    b"9" * 10_000,
)


BodyMaker = Callable[[Random], bytes]
Route = tuple["re.Pattern[str]", Template, BodyMaker | None]


@dataclass(frozen=True)
class Exchange:
    """One answer to one request: a response, or a failure instead of one."""

    status: int = 200
    headers: tuple[tuple[str, bytes], ...] = ()
    body: bytes = field(default=b"", repr=False)
    failure: type[httpx.HTTPError] | None = None
    cut_after: int | None = None
    """Send this many body bytes, then fail as a connection closed mid-body."""

    def response(self, request: httpx.Request) -> httpx.Response:
        if self.failure is not None:
            raise self.failure(f"fuzzed {self.failure.__name__} {HTML_PROBE}", request=request)
        if self.cut_after is not None:
            return httpx.Response(
                self.status,
                headers=list(self.headers),
                stream=_CutStream(self.body[: self.cut_after]),
            )
        return httpx.Response(self.status, headers=list(self.headers), content=self.body)


class _CutStream(httpx.AsyncByteStream):
    def __init__(self, head: bytes) -> None:
        self._head = head

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._head:
            yield self._head
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


class ScriptedTransport(httpx.MockTransport):
    """Answers each request with the next exchange; the last one repeats once they run out."""

    def __init__(self, exchanges: list[Exchange]) -> None:
        super().__init__(self._answer)
        self._exchanges = list(exchanges) or [Exchange()]
        self.served = 0
        self.requests: list[httpx.Request] = []

    def _answer(self, request: httpx.Request) -> httpx.Response:
        exchange = self._exchanges[min(self.served, len(self._exchanges) - 1)]
        self.served += 1
        self.requests.append(request)
        return exchange.response(request)


def _encoded(body: bytes, encoding: str, honest: bool) -> bytes:
    if not honest:
        return body
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=1)
    if encoding == "deflate":
        return zlib.compress(body, 1)
    return body


def _headers(rng: Random) -> list[tuple[str, bytes]]:
    """Header values as the wire carries them: bytes, any of them Latin-1."""
    found: list[tuple[str, bytes]] = []
    if rng.randrange(10):
        found.append(("content-type", rng.choice(CONTENT_TYPES).encode()))
    if not rng.randrange(5):
        found.append(("retry-after", rng.choice(RETRY_AFTERS).encode()))
    if not rng.randrange(5):
        value = bytes(rng.randrange(256) for _ in range(rng.randrange(80)))
        found.append(("x-correlation-id", value.replace(b"\r", b"").replace(b"\n", b"")))
    return found


def _body(template: Template, rng: Random, body: BodyMaker | None) -> bytes:
    source = rng.choice(["body", "json", "json", "non_json", "binary"])
    if source == "body" and body is not None:
        return body(rng)
    if source == "non_json":
        return rng.choice(NON_JSON_BODIES)
    if source == "binary":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
    return json_text(template, rng)


def fuzzed_exchange(template: Template, rng: Random, body: BodyMaker | None = None) -> Exchange:
    """A fuzzed answer for a route whose good answer looks like `template`; `body` makes the
    route's own kind of body (a label file) when given."""
    kind = rng.choice(["success"] * 6 + ["error"] * 2 + ["failure", "cut"])
    if kind == "failure":
        return Exchange(failure=rng.choice(TRANSPORT_FAILURES))
    payload = _body(template, rng, body)
    status = rng.choice(SUCCESS_STATUSES if kind != "error" else ERROR_STATUSES)
    found = _headers(rng)
    if not rng.randrange(8):
        encoding = rng.choice(["gzip", "deflate", "br", "zstd", "identity", "x-what"])
        payload = _encoded(payload, encoding, honest=rng.random() < 0.5)
        found.append(("content-encoding", encoding.encode()))
    cut = rng.randint(0, max(0, len(payload) - 1)) if kind == "cut" else None
    return Exchange(status=status, headers=tuple(found), body=payload, cut_after=cut)


def clean_exchange(template: Template, rng: Random, body: BodyMaker | None = None) -> Exchange:
    """The route's good answer: so a call of several requests gets past its first steps."""
    good = dumps(template.document).encode() if body is None else body(rng)
    return Exchange(status=200, headers=(("content-type", b"application/json"),), body=good)


class RoutedTransport(httpx.MockTransport):
    """Answers each request with a fuzzed (or, at `clean_rate`, a good) answer for its route."""

    def __init__(self, rng: Random, routes: list[Route], clean_rate: float = 0.5) -> None:
        super().__init__(self._answer)
        self._rng = rng
        self._routes = routes
        self._clean_rate = clean_rate
        self.served = 0

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.served += 1
        found = [route for route in self._routes if route[0].search(request.url.path)]
        assert found, f"no route for {request.method} {request.url.path}"
        _, template, body = found[0]
        if self._rng.random() < self._clean_rate:
            return clean_exchange(template, self._rng, body).response(request)
        return fuzzed_exchange(template, self._rng, body).response(request)


def exchanges(
    template: Template, body: BodyMaker | None = None
) -> st.SearchStrategy[list[Exchange]]:
    """One to four answers (enough for the client's retries to meet more than one), built from
    a seed Hypothesis draws."""

    def build(seed: int) -> list[Exchange]:
        rng = Random(seed)
        return [fuzzed_exchange(template, rng, body) for _ in range(rng.randint(1, 4))]

    return st.integers(min_value=0, max_value=2**64 - 1).map(build)


async def no_sleep(seconds: float) -> None:
    """The client's retry back-off, without the waiting."""


FUZZ_BASE_URL = "https://sortedpro.fuzz"
FUZZ_KEY = "FUZZ-api-key-3b9d0c"


def fuzz_client(transport: httpx.AsyncBaseTransport, *, attempts: int = 4) -> AsyncSortedPro:
    """The real client on `transport`: its retries wait for nothing and jitter is fixed."""
    return AsyncSortedPro(
        base_url=FUZZ_BASE_URL,
        api_key=FUZZ_KEY,
        transport=transport,
        sleep=no_sleep,
        retry_policy=RetryPolicy(max_attempts=attempts, random=lambda: 0.5),
    )
