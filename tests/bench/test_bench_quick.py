"""The bench still runs: `python -m bench --quick --json` prints every figure the issue asks for.

Benchmarks are not timed tests: nothing here looks at a timing or a budget.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIGURES = (
    "Cold start, from source",
    "Cold start, frozen bundle",
    "Scan-to-print at 0 ms/call: ratio",
    "Scan-to-print at 0 ms/call: overhead",
    "Scan-to-print at 20 ms/call: ratio",
    "Scan-to-print at 100 ms/call: ratio",
    "session: longest stall",
    "session: 5 ms timer lag p99",
    "Throughput at 0 ms",
    "Memory: idle RSS",
    "Memory: growth",
    "Label: PDF 4x6",
    "Label: ZPL",
    "Day close: list",
    "Day close: manifest",
    "Day close: longest stall",
)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_quick_bench_prints_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(done.stdout)
    figures = [row["figure"] for row in report["rows"]]
    for wanted in FIGURES:
        assert any(wanted in figure for figure in figures), (wanted, figures)
    for row in report["rows"]:
        measured = row["median"] is not None
        assert measured or row["figure"].startswith("Cold start, frozen"), row
