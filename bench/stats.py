"""Medians, percentiles and the event-loop lag probe's arithmetic."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of a non-empty sample."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": float(len(values)),
        "median": median(values),
        "p95": percentile(values, 0.95),
        "min": min(values) if values else math.nan,
        "max": max(values) if values else math.nan,
    }
