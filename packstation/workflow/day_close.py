"""The supervisor's end of day: list what is waiting, manifest it in batches, report every failure.

Sorted advise against manifesting one consignment at a time (every manifest call sends data to
the carrier), so the day close makes one manifestFromQuery per carrier, then follows the queued
consignments until they settle as Manifested or ManifestFailed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from datetime import time as clock_time

from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.shipping_api import (
    MANIFESTABLE_STATES,
    ConsignmentInfo,
    ConsignmentQuery,
    OutcomeUnknownError,
    ShippingApi,
    ShippingError,
)
from packstation.workflow.states import DONE_STATES

log = logging.getLogger(__name__)

SETTLE_TIMEOUT_SECONDS = 120.0
SETTLE_POLL_SECONDS = 1.0
MANIFESTING_STATE = "Manifesting"
MANIFESTED_STATE = "Manifested"
MANIFEST_FAILED_STATE = "ManifestFailed"


@dataclass(frozen=True)
class CarrierGroup:
    carrier_reference: str
    carrier_name: str
    consignments: tuple[ConsignmentInfo, ...]
    not_printed: tuple[str, ...]  # EC references whose label this station has not printed
    previously_failed: tuple[str, ...]
    collection_cutoff: clock_time | None = None  # today's latest collection, local time

    @property
    def count(self) -> int:
        return len(self.consignments)


@dataclass(frozen=True)
class DayCloseSummary:
    day: date
    groups: tuple[CarrierGroup, ...]

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def not_printed(self) -> tuple[str, ...]:
        return tuple(ref for g in self.groups for ref in g.not_printed)


@dataclass(frozen=True)
class ManifestFailure:
    consignment_reference: str
    carrier_name: str
    message: str


@dataclass(frozen=True)
class DayCloseProgress:
    carriers_done: int
    carriers_total: int
    current: str  # plain words: "Manifesting DPD (120 consignments)"


@dataclass(frozen=True)
class DayCloseResult:
    manifested: tuple[str, ...]
    failures: tuple[ManifestFailure, ...]
    still_pending: tuple[str, ...]  # queued but not settled before the timeout
    messages: tuple[str, ...] = field(default_factory=tuple)


ProgressCallback = Callable[[DayCloseProgress], None]


def _ignore(progress: DayCloseProgress) -> None:
    """Default: nobody is watching."""


class DayClose:
    def __init__(
        self,
        *,
        api: ShippingApi,
        journal: AsyncJournal,
        shipping_location_reference: str | None,
        settle_timeout: float = SETTLE_TIMEOUT_SECONDS,
        poll_interval: float = SETTLE_POLL_SECONDS,
    ) -> None:
        self._api = api
        self._journal = journal
        self._location = shipping_location_reference
        self._settle_timeout = settle_timeout
        self._poll_interval = poll_interval

    async def summarize(self, day: date) -> DayCloseSummary:
        """Everything waiting for a manifest at this location, grouped by carrier."""
        waiting: list[ConsignmentInfo] = [
            c
            async for c in self._api.find_consignments(
                ConsignmentQuery(
                    states=MANIFESTABLE_STATES, shipping_location_reference=self._location
                )
            )
            if c.state in MANIFESTABLE_STATES
        ]
        printed = await self._printed_consignments(day)
        carriers = {c.reference: c for c in await self._api.carriers()}
        by_carrier: dict[str, list[ConsignmentInfo]] = {}
        for consignment in waiting:
            by_carrier.setdefault(consignment.carrier_reference or "UNKNOWN", []).append(
                consignment
            )
        groups = []
        for carrier_reference, consignments in sorted(by_carrier.items()):
            consignments.sort(key=lambda c: c.reference)
            groups.append(
                CarrierGroup(
                    carrier_reference=carrier_reference,
                    carrier_name=consignments[0].carrier_name or carrier_reference,
                    consignments=tuple(consignments),
                    not_printed=tuple(
                        c.reference
                        for c in consignments
                        if c.reference not in printed and not c.labels_printed
                    ),
                    previously_failed=tuple(
                        c.reference for c in consignments if c.state == MANIFEST_FAILED_STATE
                    ),
                    collection_cutoff=carriers[carrier_reference].collection_cutoff
                    if carrier_reference in carriers
                    else None,
                )
            )
        return DayCloseSummary(day=day, groups=tuple(groups))

    async def _printed_consignments(self, day: date) -> set[str]:
        return {
            record.consignment_reference
            for record in await self._journal.packs_in_states(DONE_STATES)
            if record.consignment_reference
        }

    async def close(
        self,
        summary: DayCloseSummary,
        *,
        carriers: Sequence[str] | None = None,
        progress: ProgressCallback = _ignore,
    ) -> DayCloseResult:
        """Manifest each carrier's batch, then wait for SortedPRO to settle every one."""
        groups = [g for g in summary.groups if carriers is None or g.carrier_reference in carriers]
        queued: dict[str, CarrierGroup] = {}
        failures: list[ManifestFailure] = []
        messages: list[str] = []
        for index, group in enumerate(groups):
            progress(
                DayCloseProgress(
                    index, len(groups), f"Manifesting {group.carrier_name} ({group.count})"
                )
            )
            try:
                outcome = await self._api.manifest(
                    states=MANIFESTABLE_STATES,
                    shipping_location_reference=self._location,
                    carrier_references=[group.carrier_reference],
                )
            except OutcomeUnknownError as error:
                # The answer was lost, not the manifest: see what SortedPRO did before calling
                # anything failed (a manifested consignment reported failed gets manifested
                # again, or worse, cancelled).
                taken = await self._taken_for_manifest(group)
                for consignment in group.consignments:
                    if consignment.reference in taken:
                        queued[consignment.reference] = group
                    else:
                        failures.append(
                            ManifestFailure(
                                consignment.reference, group.carrier_name, error.user_message
                            )
                        )
                continue
            except ShippingError as error:
                failures.extend(
                    ManifestFailure(c.reference, group.carrier_name, error.user_message)
                    for c in group.consignments
                )
                continue
            messages.append(outcome.message)
            refused = set(outcome.failed_references)
            for consignment in group.consignments:
                if consignment.reference in refused:
                    failures.append(
                        ManifestFailure(
                            consignment.reference,
                            group.carrier_name,
                            "SortedPRO did not queue it for the manifest.",
                        )
                    )
                else:
                    queued[consignment.reference] = group
        progress(DayCloseProgress(len(groups), len(groups), "Waiting for the carriers' answers"))
        settled = await self._follow(set(queued))
        manifested: list[str] = []
        pending: list[str] = []
        for reference, group in sorted(queued.items()):
            state, message = settled.get(reference, (MANIFESTING_STATE, None))
            if state == MANIFESTED_STATE:
                manifested.append(reference)
            elif state == MANIFEST_FAILED_STATE:
                failures.append(
                    ManifestFailure(reference, group.carrier_name, message or "Manifest failed.")
                )
            else:
                pending.append(reference)
        await self._journal_outcomes(manifested, failures)
        return DayCloseResult(
            manifested=tuple(manifested),
            failures=tuple(failures),
            still_pending=tuple(pending),
            messages=tuple(messages),
        )

    async def _taken_for_manifest(self, group: CarrierGroup) -> set[str]:
        """The group's consignments SortedPRO took for a manifest whose answer was lost."""
        wanted = {c.reference for c in group.consignments}
        previously_failed = set(group.previously_failed)
        taken: set[str] = set()
        try:
            async for consignment in self._api.find_consignments(
                ConsignmentQuery(
                    states=(MANIFESTING_STATE, MANIFESTED_STATE, MANIFEST_FAILED_STATE),
                    shipping_location_reference=self._location,
                )
            ):
                if consignment.reference not in wanted:
                    continue
                # One that had failed before and still has cannot be told apart: not taken.
                if (
                    consignment.state == MANIFEST_FAILED_STATE
                    and consignment.reference in previously_failed
                ):
                    continue
                taken.add(consignment.reference)
        except ShippingError:
            log.warning("could not check which consignments a lost manifest call queued")
            return set()
        return taken

    async def _follow(self, references: set[str]) -> dict[str, tuple[str, str | None]]:
        """Poll until none of the queued consignments is still Manifesting, or time runs out."""
        settled: dict[str, tuple[str, str | None]] = {}
        deadline = time.monotonic() + self._settle_timeout
        while references - settled.keys():
            for state in (MANIFESTED_STATE, MANIFEST_FAILED_STATE):
                async for consignment in self._api.find_consignments(
                    ConsignmentQuery(states=(state,), shipping_location_reference=self._location)
                ):
                    if consignment.reference in references:
                        settled[consignment.reference] = (
                            consignment.state,
                            consignment.failed_manifest_message,
                        )
            if not references - settled.keys() or time.monotonic() >= deadline:
                break
            await asyncio.sleep(self._poll_interval)
        return settled

    async def _journal_outcomes(
        self, manifested: Sequence[str], failures: Sequence[ManifestFailure]
    ) -> None:
        for reference in manifested:
            record = await self._journal.find_by_consignment(reference)
            if record is not None:
                await self._journal.set_manifest_state(record.pack_id, MANIFESTED_STATE, None)
        for failure in failures:
            record = await self._journal.find_by_consignment(failure.consignment_reference)
            if record is not None:
                await self._journal.set_manifest_state(
                    record.pack_id, MANIFEST_FAILED_STATE, failure.message
                )
