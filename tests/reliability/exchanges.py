"""Every HTTP exchange the client makes, seen from the wire side, and the retry rules they obey.

`RecordingTransport` wraps the real httpx transport (real HTTP on loopback): it records each
request, its status, its Retry-After and whether its body arrived whole, and it can refuse the
next N connections for real (by sending them to a closed port). `RecordingSleep` is the
client's injected sleep: it records the delay asked for, and waits only a sliver of it, so
Retry-After values are checked exactly without the campaign waiting for them.

A retry is an exchange that follows an injected sleep in the same asyncio task: the client's
session sleeps only between two attempts of one call. That is what `retry_violations` checks
against the API reference (section 8 and the design's retry rules):
- a retry repeats the same request;
- it follows only a 429, a 502/503/504 or a lost response on a safe call, or a connection that
  was never made (the server never saw it);
- never a business error or another 4xx, never a 5xx or a lost answer on a call that creates or
  changes something (select, cancel, manifest);
- a Retry-After within the cap is waited out exactly; one above the cap is never waited out.
`select_violations` adds the workflow's rule: an option whose select may have gone through is
not selected again before SortedPRO has been searched for the pack's reference.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import socket
import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

SEARCH_PATH = re.compile(r"^/consignments/\d+/\d+$")
SELECT_PATH = re.compile(r"^/deliveryoptions/select/(?P<option>[^/]+)$", re.IGNORECASE)
RETRYABLE_5XX = frozenset({502, 503, 504})
# Calls that change nothing on the server (the API reference, section 8: only GETs are safe to
# repeat blindly; an options request only quotes).
SAFE_POSTS = frozenset({"/deliveryoptions", "/deliveryoptions/summary"})
SLEEP_SLIVER_SECONDS = 0.002


def is_safe(method: str, path: str) -> bool:
    return method == "GET" or (method == "POST" and path.lower() in SAFE_POSTS)


def closed_port() -> int:
    """A loopback port nothing listens on: a connection there is refused by the kernel."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class Exchange:
    seq: int
    method: str
    path: str
    query: str
    body_digest: str
    retry_of: int | None  # seq of the attempt this one repeats (it followed a client sleep)
    slept: float | None  # the delay the client asked for before this attempt
    status: int | None = None
    retry_after: str | None = None
    failure: str | None = None  # "not_sent" | "lost" | "body_lost" | "cancelled"
    received_at: datetime | None = None  # when the error response arrived (for HTTP dates)
    json_body: bool = True  # the response said it was JSON (an HTML page is not an answer)

    @property
    def outcome(self) -> str:
        if self.failure is not None:
            return self.failure
        if self.status is None:
            return "cancelled"
        if self.status == 429:
            return "rate_limited"
        if self.status >= 500:
            return "server_error"
        if self.status >= 400:
            return "refused"
        if not self.json_body:
            return "unreadable"  # a 200 page from a proxy: the request may not have been served
        return "ok"

    @property
    def safe(self) -> bool:
        return is_safe(self.method, self.path)

    def same_request(self, other: Exchange) -> bool:
        return (self.method, self.path, self.query, self.body_digest) == (
            other.method,
            other.path,
            other.query,
            other.body_digest,
        )


@dataclass
class _TaskMark:
    last_seq: int | None = None
    slept: float | None = None


@dataclass
class ExchangeLog:
    max_attempts: int
    max_retry_after: float
    max_backoff: float
    exchanges: list[Exchange] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)
    _marks: weakref.WeakKeyDictionary[asyncio.Task[object], _TaskMark] = field(
        default_factory=weakref.WeakKeyDictionary
    )

    def _mark(self) -> _TaskMark:
        task = asyncio.current_task()
        assert task is not None
        mark = self._marks.get(task)
        if mark is None:
            mark = self._marks[task] = _TaskMark()
        return mark

    def note_sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self._mark().slept = delay

    def open_exchange(self, request: httpx.Request) -> Exchange:
        mark = self._mark()
        retry_of = mark.last_seq if mark.slept is not None else None
        exchange = Exchange(
            seq=len(self.exchanges),
            method=request.method,
            path=request.url.path,
            query=request.url.query.decode(),
            body_digest=hashlib.sha256(request.content).hexdigest()[:16],
            retry_of=retry_of,
            slept=mark.slept,
        )
        mark.slept = None
        mark.last_seq = exchange.seq
        self.exchanges.append(exchange)
        return exchange

    def statuses(self) -> Counter[str]:
        return Counter(e.outcome for e in self.exchanges)

    # ---- the checks ------------------------------------------------------------------------

    def retry_violations(self, since: int = 0) -> list[str]:
        problems: list[str] = []
        for exchange in self.exchanges[since:]:
            if exchange.retry_of is None:
                continue
            previous = self.exchanges[exchange.retry_of]
            problems.extend(self._retry_problems(previous, exchange))
        problems.extend(self._attempt_count_problems(since))
        return problems

    def _retry_problems(self, previous: Exchange, retry: Exchange) -> list[str]:
        where = f"{retry.method} {retry.path} (exchange {retry.seq})"
        if not retry.same_request(previous):
            return [f"{where}: a retry that is not the same request as attempt {previous.seq}"]
        outcome = previous.outcome
        allowed = (
            outcome in ("rate_limited", "not_sent")
            or (outcome == "server_error" and previous.status in RETRYABLE_5XX and previous.safe)
            or (outcome in ("lost", "body_lost") and previous.safe)
        )
        if not allowed:
            return [
                f"{where}: retried after {outcome}"
                f"{f' (HTTP {previous.status})' if previous.status else ''}"
                f" on a{' safe' if previous.safe else 'n unsafe'} call"
            ]
        return self._wait_problems(previous, retry, where)

    def _wait_problems(self, previous: Exchange, retry: Exchange, where: str) -> list[str]:
        slept = retry.slept or 0.0
        wanted = _retry_after_seconds(previous.retry_after, previous.received_at)
        if wanted is None:
            if slept > self.max_backoff + 1e-6:
                return [f"{where}: backed off {slept:.2f} s, above the {self.max_backoff} s cap"]
            return []
        if wanted > self.max_retry_after:
            return [
                f"{where}: waited out Retry-After {previous.retry_after!r} ({wanted:.0f} s), "
                f"above the {self.max_retry_after:g} s the station will wait"
            ]
        tolerance = 0.01 if _is_number(previous.retry_after) else 1.5
        if abs(slept - wanted) > tolerance:
            return [
                f"{where}: Retry-After {previous.retry_after!r} asked for {wanted:.2f} s, "
                f"the client waited {slept:.2f} s"
            ]
        return []

    def _attempt_count_problems(self, since: int) -> list[str]:
        problems = []
        chain_length: dict[int, int] = {}
        for exchange in self.exchanges:
            first = exchange.seq
            if exchange.retry_of is not None:
                first = _first_of_chain(self.exchanges, exchange.seq)
            chain_length[first] = chain_length.get(first, 0) + 1
        for first, length in chain_length.items():
            if first >= since and length > self.max_attempts:
                e = self.exchanges[first]
                problems.append(f"{e.method} {e.path}: {length} attempts, above the policy's max")
        return problems

    def select_violations(self) -> list[str]:
        """An option is selected again only after a search settled its first select."""
        state: dict[str, str] = {}  # option -> "allocated" | "maybe" | "none"
        problems = []
        for exchange in self.exchanges:
            if (
                exchange.method == "GET"
                and SEARCH_PATH.match(exchange.path)
                and "referenceprovidedbycustomer=" in exchange.query.lower()
                and exchange.outcome == "ok"
            ):
                for option, seen in state.items():
                    if seen == "maybe":
                        state[option] = "checked"
                continue
            match = SELECT_PATH.match(exchange.path)
            if exchange.method != "POST" or match is None:
                continue
            option = match["option"].upper()
            before = state.get(option)
            if before == "allocated":
                problems.append(
                    f"select of {option} sent again (exchange {exchange.seq}) after an earlier "
                    "select of it made a consignment"
                )
            elif before == "maybe" and exchange.retry_of is None:
                problems.append(
                    f"select of {option} sent again (exchange {exchange.seq}) while the first "
                    "one's outcome was unknown and no search had settled it"
                )
            outcome = exchange.outcome
            if outcome == "ok":
                state[option] = "allocated"
            elif outcome in ("refused", "not_sent", "rate_limited"):
                state.setdefault(option, "none")
            else:
                state[option] = "maybe"
        return problems


def _first_of_chain(exchanges: list[Exchange], seq: int) -> int:
    while exchanges[seq].retry_of is not None:
        previous = exchanges[seq].retry_of
        assert previous is not None
        seq = previous
    return seq


def _is_number(value: str | None) -> bool:
    return value is not None and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value) is not None


def _retry_after_seconds(value: str | None, received_at: datetime | None) -> float | None:
    """RFC 9110 Retry-After, read independently of the client: seconds, or an HTTP-date."""
    if value is None:
        return None
    if _is_number(value):
        return float(value)
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = received_at or datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())


class _ObservedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, exchange: Exchange) -> None:
        self._inner = inner
        self._exchange = exchange

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        try:
            async for chunk in self._inner:
                yield chunk
        except asyncio.CancelledError:
            self._exchange.failure = self._exchange.failure or "cancelled"
            raise
        except Exception:
            self._exchange.failure = "body_lost"
            raise

    async def aclose(self) -> None:
        await self._inner.aclose()


class RecordingTransport(httpx.AsyncBaseTransport):
    """The real transport, watched; `refuse(n)` makes the next n connections be refused."""

    def __init__(self, log: ExchangeLog, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.log = log
        # The sandbox is plain http: skip building a TLS context (and loading the CA bundle)
        # for every station the campaign opens.
        self._inner = inner or httpx.AsyncHTTPTransport(verify=False)
        self._refuse = 0
        self._dead_port = closed_port()
        self.refused = 0

    def refuse(self, count: int) -> None:
        self._refuse = count

    def refusals_pending(self) -> int:
        return self._refuse

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        exchange = self.log.open_exchange(request)
        sent = request
        if self._refuse > 0:
            self._refuse -= 1
            self.refused += 1
            sent = httpx.Request(
                request.method,
                request.url.copy_with(port=self._dead_port),
                headers=request.headers,
                content=request.content,
                extensions=request.extensions,
            )
        try:
            response = await self._inner.handle_async_request(sent)
        except asyncio.CancelledError:
            exchange.failure = "cancelled"
            raise
        except httpx.ConnectError:
            exchange.failure = "not_sent"
            raise
        except httpx.TransportError:
            exchange.failure = "lost"
            raise
        exchange.status = response.status_code
        exchange.retry_after = response.headers.get("retry-after")
        exchange.received_at = datetime.now(UTC)
        content_type = response.headers.get("content-type", "")
        exchange.json_body = not content_type or "json" in content_type.lower()
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_ObservedStream(response.stream, exchange),
            request=request,
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


class RecordingSleep:
    """The client's sleep: records the delay, waits a sliver (never the whole Retry-After)."""

    def __init__(self, log: ExchangeLog) -> None:
        self._log = log

    async def __call__(self, delay: float) -> None:
        self._log.note_sleep(delay)
        await asyncio.sleep(min(delay, SLEEP_SLIVER_SECONDS))
