"""Report how many payloads the fuzz tests sent; give full mode the time it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fuzz.budget import QUOTAS, SCALE, SENT

CI_TIMEOUT_SECONDS = 120


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """More examples need more time: scale the suite's per-test timeout with them."""
    if SCALE <= 1:
        return
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(pytest.mark.timeout(int(CI_TIMEOUT_SECONDS * SCALE)))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not SENT:
        return
    label_pipeline = sum(count for name, count in SENT.items() if name in QUOTAS)
    scans = sum(count for name, count in SENT.items() if name not in QUOTAS)
    mode = "full" if SCALE > 1 else "CI"
    terminalreporter.section(f"fuzzing ({mode} mode)")
    for name, count in sorted(SENT.items()):
        terminalreporter.write_line(f"{count:>9,}  {name}")
    terminalreporter.write_line(
        f"{label_pipeline:>9,}  payloads through the client and the label pipeline; {scans:,} scans"
    )
