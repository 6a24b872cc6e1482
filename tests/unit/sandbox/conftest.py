"""Fixtures for the SortedPRO emulator tests: an in-process app on a frozen clock.

Most tests drive the ASGI app through httpx.ASGITransport (fast, no sockets); server and
fault tests start the real SandboxServer over loopback and always stop it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from packstation.sandbox.app import create_app
from packstation.sandbox.clock import SandboxClock
from packstation.sandbox.config import SandboxConfig

# A Tuesday morning in winter (London = UTC), before every carrier's collection cut-off.
TUESDAY_10AM = datetime(2025, 1, 14, 10, 0, tzinfo=UTC)
API_KEY = "test-key"
KEY_HEADERS = {"ocp-apim-subscription-key": API_KEY}
V11 = {"electio-api-version": "1.1"}

AppFactory = Callable[..., Starlette]


@pytest.fixture
def clock() -> SandboxClock:
    return SandboxClock(TUESDAY_10AM, frozen=True)


@pytest.fixture
def config() -> SandboxConfig:
    return SandboxConfig(api_key=API_KEY, manifest_delay_seconds=0.0)


@pytest.fixture
def make_app(config: SandboxConfig, clock: SandboxClock) -> AppFactory:
    def make(**changes: Any) -> Starlette:
        return create_app(replace(config, **changes), clock=clock)

    return make


@pytest.fixture
def app(make_app: AppFactory) -> Starlette:
    return make_app()


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(app) as client:
        yield client


def api_client(app: Starlette, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(
        transport=transport,
        base_url="http://sandbox",
        headers=KEY_HEADERS if headers is None else headers,
    )
