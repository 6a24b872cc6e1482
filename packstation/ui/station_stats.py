"""The station's own figures for the status bar: packs today, packs in the last hour, parked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.states import DONE_STATES, PackState

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class StationStats:
    packed_today: int
    packed_last_hour: int
    parked: int


def start_of_local_day(now: datetime) -> datetime:
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


async def station_stats(
    journal: AsyncJournal, station: str, now: datetime | None = None
) -> StationStats:
    now = now or datetime.now(UTC)
    today = await journal.states_since(start_of_local_day(now), station)
    done = [updated_at for state, updated_at in today if state in DONE_STATES]
    parked = await journal.packs_in_states(frozenset({PackState.PARKED}))
    return StationStats(
        packed_today=len(done),
        packed_last_hour=sum(1 for updated_at in done if updated_at >= now - HOUR),
        parked=sum(1 for record in parked if record.station == station),
    )
