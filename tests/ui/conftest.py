"""A qasync loop for sync pytest-qt tests: qtbot.waitUntil drives the asyncio tasks.

Teardown cancels what is left and pumps events; it never calls loop.stop(), which would quit
the QApplication for the rest of the run. The loop gets a default executor the fixture can shut
down, so no worker thread outlives the test (qasync's own one is only shut down by close()).
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import qasync

from tests.support.pyside_refcount import pin_singletons

TEARDOWN_SECONDS = 5.0

pin_singletons()


@pytest.fixture
def qasync_loop(qapp):
    loop = qasync.QEventLoop(qapp, already_running=True)
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="test-loop")
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    yield loop
    leftovers = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in leftovers:
        task.cancel()
    deadline = time.monotonic() + TEARDOWN_SECONDS
    while any(not task.done() for task in leftovers) and time.monotonic() < deadline:
        qapp.processEvents()
    executor.shutdown(wait=True, cancel_futures=True)
    asyncio.set_event_loop(None)
    # already_running=True registers the loop as the thread's running loop; left there, every
    # later pytest-asyncio test fails with "cannot be called from a running event loop".
    asyncio.events._set_running_loop(None)
