"""A qasync loop for sync pytest-qt tests: qtbot.waitUntil drives the asyncio tasks.

Teardown cancels what is left and pumps events; it never calls loop.stop(), which would quit
the QApplication for the rest of the run.
"""

from __future__ import annotations

import asyncio
import time

import pytest
import qasync

from tests.support.pyside_refcount import pin_booleans

TEARDOWN_SECONDS = 5.0

pin_booleans()


@pytest.fixture
def qasync_loop(qapp):
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    leftovers = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in leftovers:
        task.cancel()
    deadline = time.monotonic() + TEARDOWN_SECONDS
    while any(not task.done() for task in leftovers) and time.monotonic() < deadline:
        qapp.processEvents()
    asyncio.set_event_loop(None)
