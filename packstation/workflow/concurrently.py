"""Read-only work started early, to run while something else is awaited."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import TypeVar

T = TypeVar("T")


@asynccontextmanager
async def alongside(work: Awaitable[T]) -> AsyncIterator[asyncio.Future[T]]:
    """Start `work` now; the block awaits the future when it needs the result. Leaving the
    block before that (an error, a cancel) cancels the work and drops its result or error."""
    future = asyncio.ensure_future(work)
    try:
        yield future
    finally:
        abandon(future)


def abandon(future: asyncio.Future[T]) -> None:
    """Cancel work whose result is no longer wanted, without an unretrieved-error warning."""
    if future.done():
        if not future.cancelled():
            future.exception()
        return
    future.cancel()
    future.add_done_callback(lambda done: done.cancelled() or done.exception())
