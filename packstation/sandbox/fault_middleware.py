"""Applies the fault engine's decisions to real HTTP exchanges (outermost ASGI layer).

Dropping a connection: uvicorn's `receive` is a bound method of its request cycle, which
holds the asyncio transport; closing that transport makes the client see the connection end
with no (or an incomplete) response: httpx raises RemoteProtocolError. Where no transport is
reachable (in-process ASGI tests) `ConnectionDroppedError` is raised instead, which httpx's
ASGITransport re-raises to the caller: either way the client gets no HTTP status.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from packstation.sandbox.faults import FaultEngine, FaultKind, FaultRule
from packstation.sandbox.middleware import ADMIN_PREFIX

_MALFORMED_BODY = (
    b"<html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>Bad Gateway</h1><p>The upstream server sent an invalid response.</p></body></html>"
)
_SLOW_BODY_TICK_SECONDS = 0.05


class ConnectionDroppedError(ConnectionError):
    """Raised where the sandbox cannot close a real connection (in-process transports)."""


class FaultInjection:
    def __init__(self, app: ASGIApp, engine: FaultEngine) -> None:
        self.app = app
        self._engine = engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        latency = self._engine.latency_seconds()
        if latency > 0:
            await asyncio.sleep(latency)
        rule = self._engine.take(scope["method"], scope["path"])
        if rule is None:
            await self.app(scope, receive, send)
            return
        await _APPLY[rule.kind](self.app, rule, scope, receive, send)


Apply = Callable[[ASGIApp, FaultRule, Scope, Receive, Send], Awaitable[None]]


async def _error(app: ASGIApp, rule: FaultRule, scope: Scope, receive: Receive, send: Send) -> None:
    body = b"" if rule.body is None else json.dumps(rule.body).encode()
    headers = [(b"content-length", str(len(body)).encode())]
    if body:
        headers.append((b"content-type", b"application/json; charset=utf-8"))
    if rule.retry_after is not None:
        headers.append((b"retry-after", rule.retry_after.encode("latin-1")))
    await send({"type": "http.response.start", "status": rule.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _drop_before(
    app: ASGIApp, rule: FaultRule, scope: Scope, receive: Receive, send: Send
) -> None:
    await drop_connection(receive)


async def _drop_after_commit(
    app: ASGIApp, rule: FaultRule, scope: Scope, receive: Receive, send: Send
) -> None:
    await _captured(app, scope, receive)  # the request runs and its change is committed
    await drop_connection(receive)


async def _slow_body(
    app: ASGIApp, rule: FaultRule, scope: Scope, receive: Receive, send: Send
) -> None:
    start, body = await _captured(app, scope, receive)
    await send(start)
    chunk = max(1, int(rule.bytes_per_second * _SLOW_BODY_TICK_SECONDS))
    for offset in range(0, len(body), chunk):
        piece = body[offset : offset + chunk]
        await send({"type": "http.response.body", "body": piece, "more_body": True})
        await asyncio.sleep(len(piece) / rule.bytes_per_second)
    await send({"type": "http.response.body", "body": b""})


async def _truncate_body(
    app: ASGIApp, rule: FaultRule, scope: Scope, receive: Receive, send: Send
) -> None:
    start, body = await _captured(app, scope, receive)
    await send(start)  # headers keep the full Content-Length
    cut = int(len(body) * rule.truncate_fraction)
    await send({"type": "http.response.body", "body": body[:cut], "more_body": True})
    await drop_connection(receive)


async def _malformed_json(
    app: ASGIApp, rule: FaultRule, scope: Scope, receive: Receive, send: Send
) -> None:
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(_MALFORMED_BODY)).encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": _MALFORMED_BODY})


async def _delay(app: ASGIApp, rule: FaultRule, scope: Scope, receive: Receive, send: Send) -> None:
    await asyncio.sleep(rule.delay_ms / 1000.0)
    await app(scope, receive, send)


_APPLY: dict[FaultKind, Apply] = {
    FaultKind.ERROR: _error,
    FaultKind.DROP_BEFORE: _drop_before,
    FaultKind.DROP_AFTER_COMMIT: _drop_after_commit,
    FaultKind.SLOW_BODY: _slow_body,
    FaultKind.TRUNCATE_BODY: _truncate_body,
    FaultKind.MALFORMED_JSON: _malformed_json,
    FaultKind.DELAY: _delay,
}


async def _captured(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[Message, bytes]:
    """Run the app to the end, keeping its response instead of sending it."""
    start: Message = {"type": "http.response.start", "status": 500, "headers": []}
    body = bytearray()

    async def keep(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app(scope, receive, keep)
    return start, bytes(body)


async def drop_connection(receive: Receive) -> None:
    cycle = getattr(receive, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise ConnectionDroppedError("the sandbox dropped the connection (fault injection)")
    transport.close()
    # Let the server notice the closed connection, so that it adds no 500 response of its own.
    for _ in range(20):
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0)
