"""Sandboxes in their own processes, shared by the reliability tests of one session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from .leaks import SENTINEL_KEY
from .sandbox_process import SandboxProcess

# A Monday morning: every carrier collects today, cut-offs are hours away.
CAMPAIGN_START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def reliability_sandboxes() -> Iterator[dict[str, SandboxProcess]]:
    """One sandbox that refuses a second select of an option, one that duplicates it."""
    sandboxes = {
        mode: SandboxProcess(reselect_mode=mode, start_time=CAMPAIGN_START, api_key=SENTINEL_KEY)
        for mode in ("error", "duplicate")
    }
    try:
        for sandbox in sandboxes.values():
            sandbox.start()
        yield sandboxes
    finally:
        for sandbox in sandboxes.values():
            sandbox.stop()
