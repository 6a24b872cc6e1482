"""Report how many payloads the fuzz tests sent."""

from __future__ import annotations

from typing import Any

from tests.fuzz.budget import QUOTAS, SCALE, SENT


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
