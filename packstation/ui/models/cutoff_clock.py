"""How long until a carrier's daily cut-off, in whole minutes as the supervisor reads it."""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

URGENT_BEFORE_CUTOFF = timedelta(minutes=30)


def time_left(cutoff: time | None, now: datetime) -> timedelta | None:
    """Time until today's cut-off, negative once it has passed; None when it is unknown."""
    if cutoff is None:
        return None
    return datetime.combine(now.date(), cutoff, tzinfo=now.tzinfo) - now


def minutes_left(left: timedelta) -> int:
    """Rounded up, so "1 min" stays on screen until the cut-off itself."""
    return math.ceil(left.total_seconds() / 60)


def is_urgent(left: timedelta | None) -> bool:
    return left is not None and left < URGENT_BEFORE_CUTOFF
