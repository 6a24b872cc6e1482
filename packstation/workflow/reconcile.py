"""Settle packs whose select may have happened, by asking SortedPRO, never by selecting again.

SortedPRO has no idempotency key. Each pack's options request carries its own client reference
(ConsignmentReferenceProvidedByCustomer), so the consignment a lost select made can be found by
searching for it. One live consignment is adopted; extra ones (a duplicate from a blind retry
elsewhere) are cancelled; none means the select never happened and the pack may book again.

"None" is only proof once the select can no longer land. A select the station stopped waiting
for (Esc, the action deadline, a crash) may still be running at SortedPRO, which carries on
after the connection is gone; searching a moment later finds nothing, and booking again would
make a second consignment when the first select finishes. So a pack whose select was
interrupted less than `select_settle_seconds` ago stays parked until that time has passed.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.domain import Allocation
from packstation.workflow.journal import PackRecord
from packstation.workflow.shipping_api import (
    ConsignmentInfo,
    ConsignmentQuery,
    ShippingApi,
    ShippingError,
)
from packstation.workflow.states import PackState

log = logging.getLogger(__name__)

_UNSETTLED_STATES = frozenset({PackState.SELECTING, PackState.PARKED})
# How long a select may still land after the station stopped waiting for it: the client's own
# select timeout (packstation.api.constants.SELECT_TIMEOUT_S), SortedPRO's answer time at worst.
DEFAULT_SELECT_SETTLE_SECONDS = 90.0


def reconcile_reference(record: PackRecord) -> str:
    """The client reference its consignment carries (the checkout's, for a customer option)."""
    if record.option is not None and record.option.client_reference:
        return record.option.client_reference
    return record.client_reference


class Reconciler:
    def __init__(
        self,
        *,
        api: ShippingApi,
        journal: AsyncJournal,
        select_settle_seconds: float = DEFAULT_SELECT_SETTLE_SECONDS,
    ) -> None:
        self._api = api
        self._journal = journal
        self._settle = timedelta(seconds=select_settle_seconds)

    @staticmethod
    def needs_reconciling(record: PackRecord) -> bool:
        return (
            record.select_attempted
            and record.allocation is None
            and record.state in _UNSETTLED_STATES
        )

    async def live_consignments(self, record: PackRecord) -> list[ConsignmentInfo]:
        reference = reconcile_reference(record)
        found = [
            consignment
            async for consignment in self._api.find_consignments(
                ConsignmentQuery(client_reference=reference)
            )
        ]
        wanted = reference.casefold()
        live = [c for c in found if c.is_live and (c.client_reference or "").casefold() == wanted]
        live.sort(key=lambda c: (c.created_at or datetime.max.replace(tzinfo=UTC), c.reference))
        return live

    async def reconcile(self, record: PackRecord, *, answered: bool = False) -> PackRecord:
        """Adopt the consignment the pack's select made, or prove it made none.

        `answered`: SortedPRO answered the select (an error status, a dropped or cut-short
        response), so it is not running any more and "not found" is proof at once."""
        if not self.needs_reconciling(record):
            return record
        live = await self.live_consignments(record)
        if not live and not answered:
            may_land_until = await self._select_may_land_until(record)
            if may_land_until is not None and datetime.now(UTC) < may_land_until:
                local = may_land_until.astimezone()
                return await self._journal.transition(
                    record.pack_id,
                    PackState.PARKED,
                    parked_reason=(
                        "The booking was interrupted and SortedPRO does not show it yet: it may "
                        f"still be on its way. Press Retry after {local:%H:%M:%S}; the station "
                        "checks with SortedPRO first, so nothing is booked twice."
                    ),
                )
        if not live:
            log.info("pack %s: no consignment found; the select did not happen", record.pack_id)
            return await self._journal.transition(
                record.pack_id,
                PackState.OPTIONS_READY,
                select_attempted=False,
                note="reconciled: SortedPRO has no consignment for this pack",
            )
        keep, extras = live[0], live[1:]
        notes = [f"reconciled: adopted {keep.reference}"]
        for extra in extras:
            try:
                await self._api.cancel(extra.reference)
                notes.append(f"cancelled duplicate {extra.reference}")
            except ShippingError as error:
                notes.append(f"could not cancel duplicate {extra.reference}: {error.user_message}")
                log.error("pack %s: duplicate %s not cancelled", record.pack_id, extra.reference)
        details = await self._api.get_consignment(keep.reference)
        allocation = Allocation(
            consignment_reference=keep.reference,
            carrier_name=details.carrier_name or keep.carrier_name,
            carrier_reference=details.carrier_reference or keep.carrier_reference,
            service_name=details.service_name or keep.service_name,
            service_reference=None,
            tracking_numbers=details.tracking_numbers or keep.tracking_numbers,
        )
        return await self._journal.transition(
            record.pack_id, PackState.ALLOCATED, allocation=allocation, note="; ".join(notes)
        )

    async def _select_may_land_until(self, record: PackRecord) -> datetime | None:
        """When the pack's last select (journaled as SELECTING just before it was sent) can no
        longer land at SortedPRO. Journal times are this machine's wall clock."""
        events = await self._journal.events(record.pack_id)
        sent = next((e.at for e in reversed(events) if e.to_state is PackState.SELECTING), None)
        return sent + self._settle if sent is not None else None

    async def reconcile_all(self) -> list[PackRecord]:
        """Every pack left unsettled by a crash or a lost answer. Failures park the pack."""
        settled: list[PackRecord] = []
        for record in await self._journal.packs_in_states(_UNSETTLED_STATES):
            if not self.needs_reconciling(record):
                continue
            try:
                settled.append(await self.reconcile(record))
            except ShippingError as error:
                reason = (
                    "Could not check with SortedPRO whether this parcel was booked "
                    f"({error.user_message}). Press Retry when SortedPRO is reachable."
                )
                if record.state is PackState.SELECTING:
                    record = await self._journal.transition(
                        record.pack_id, PackState.PARKED, parked_reason=reason
                    )
                settled.append(record)
        return settled

    async def unknown_consignments(
        self, *, client_reference_marker: str, since: date, shipping_location: str | None
    ) -> list[ConsignmentInfo]:
        """Consignments carrying this station's marker that the journal does not know."""
        known = await self._journal.known_consignment_references()
        known_clients = await self._journal.known_client_references()
        unknown: list[ConsignmentInfo] = []
        async for consignment in self._api.find_consignments(
            ConsignmentQuery(
                search_term=client_reference_marker,
                created_from=since,
                shipping_location_reference=shipping_location,
            )
        ):
            client = consignment.client_reference or ""
            if client_reference_marker not in client or not consignment.is_live:
                continue
            if consignment.reference not in known and client not in known_clients:
                unknown.append(consignment)
        return unknown
