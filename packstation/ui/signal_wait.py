"""Await a condition on the UI's state, checked whenever a signal says it may have changed.

For scripted runs of the real window (the smoke check, the screenshot script): no polling.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import SignalInstance


async def wait_until(
    signal: SignalInstance, condition: Callable[[], bool], what: str, seconds: float = 20.0
) -> None:
    reached = asyncio.Event()

    def check(*_: object) -> None:
        if condition():
            reached.set()

    signal.connect(check)
    try:
        check()
        async with asyncio.timeout(seconds):
            await reached.wait()
    except TimeoutError:
        raise TimeoutError(f"{what} did not happen within {seconds:.0f} s") from None
    finally:
        signal.disconnect(check)
