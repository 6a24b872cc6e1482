"""Crash cycles, CI sample: a few SIGKILL-restart-reconcile cycles through the campaign's
runner, so it keeps working. The full run (600+ cycles) is part of
`python -m tests.reliability.campaign --full`; tests/e2e/test_crash_recovery.py kills the real
`python -m packstation` at each point in CI."""

from __future__ import annotations

import pytest

from .crash_campaign import CANCEL_POINTS, KINDS, cases, pack_points, run_crash_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_every_kill_point_is_in_the_campaign() -> None:
    first = list(cases(0))
    for kind in KINDS:
        assert {c.points[0] for c in first if c.kind == kind} >= set(pack_points(kind))
    assert {c.points[0] for c in first if c.kind == "cancel"} >= set(CANCEL_POINTS) - {"time:120"}
    assert any(len(c.points) == 2 for c in first)  # kills during the recovery too


@pytest.mark.timeout(240)
def test_a_sample_of_crash_cycles_loses_and_duplicates_nothing() -> None:
    result = run_crash_campaign(12, progress=False)
    assert result.failures == []
    assert result.cycles >= 12
    assert result.lost == result.duplicated == result.labels_missing == result.labels_twice == 0
