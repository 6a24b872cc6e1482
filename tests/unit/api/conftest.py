"""A client wired to a respx-mocked transport, with a recording sleep and fixed jitter."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import respx

from packstation.api import AsyncSortedPro, RetryPolicy
from tests.unit.api.helpers import BASE_URL, SENTINEL_KEY, RecordedSleeps


@pytest.fixture
def sleeps() -> RecordedSleeps:
    return RecordedSleeps()


@pytest.fixture
def api_mock() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False, assert_all_mocked=True) as router:
        yield router


@pytest.fixture
async def client(sleeps: RecordedSleeps) -> AsyncIterator[AsyncSortedPro]:
    async with AsyncSortedPro(
        base_url=BASE_URL,
        api_key=SENTINEL_KEY,
        retry_policy=RetryPolicy(random=lambda: 0.5),
        sleep=sleeps,
    ) as api:
        yield api
