"""What each consignment action changes, once the state machine allows it (reference §7)."""

from __future__ import annotations

from datetime import datetime

from packstation.sandbox.lifecycle import (
    CANCELLABLE,
    DEALLOCATABLE,
    ConsignmentState,
    require_state,
)
from packstation.sandbox.model import ConsignmentRecord
from packstation.sandbox.store import Collection, Store

S = ConsignmentState


def cancel(store: Store, consignment: ConsignmentRecord, now: datetime) -> None:
    require_state(
        consignment.reference,
        consignment.state,
        CANCELLABLE,
        "cancelled",
        "ConsignmentCannotBeCancelled",
        hint="A consignment can only be cancelled before it is manifested; "
        f"deallocate it instead (PUT /consignments/{consignment.reference}/deallocate).",
    )
    consignment.move_to(S.CANCELLING, now)  # transient: recorded, never observable
    consignment.move_to(S.CANCELLED, now)
    store.touch(Collection.CONSIGNMENTS, consignment.reference)


def deallocate(store: Store, consignment: ConsignmentRecord, now: datetime) -> None:
    """Back to Unallocated; the allocation, its tracking numbers and labels are gone."""
    require_state(
        consignment.reference,
        consignment.state,
        DEALLOCATABLE,
        "deallocated",
        "ConsignmentCannotBeDeallocated",
    )
    store.unindex_tracking(consignment)
    for package in consignment.packages:
        package.tracking_number = None
    consignment.allocation = None
    consignment.labels_printed = False
    consignment.labels_first_printed = None
    consignment.manifest_reference = None
    consignment.failed_manifest_message = None
    consignment.failed_manifest_at = None
    consignment.move_to(S.UNALLOCATED, now)
    store.touch(Collection.CONSIGNMENTS, consignment.reference)


def set_ready_to_ship(store: Store, consignment: ConsignmentRecord, now: datetime) -> None:
    require_state(
        consignment.reference,
        consignment.state,
        {S.ALLOCATED},
        "set ready to ship",
        "ConsignmentCannotBeSetReadyToShip",
    )
    consignment.move_to(S.READY_TO_SHIP, now)
    store.touch(Collection.CONSIGNMENTS, consignment.reference)


def set_not_ready_to_ship(store: Store, consignment: ConsignmentRecord, now: datetime) -> None:
    require_state(
        consignment.reference,
        consignment.state,
        {S.READY_TO_SHIP},
        "set not ready to ship",
        "ConsignmentCannotBeSetNotReadyToShip",
    )
    consignment.move_to(S.ALLOCATED, now)
    store.touch(Collection.CONSIGNMENTS, consignment.reference)


def mark_labels_printed(store: Store, consignment: ConsignmentRecord, now: datetime) -> None:
    if not consignment.labels_printed:
        consignment.labels_printed = True
        consignment.labels_first_printed = now
        store.touch(Collection.CONSIGNMENTS, consignment.reference)
