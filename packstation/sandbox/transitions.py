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
    _flip(store, consignment, now, S.ALLOCATED, S.READY_TO_SHIP, "set ready to ship")


def set_not_ready_to_ship(store: Store, consignment: ConsignmentRecord, now: datetime) -> None:
    _flip(store, consignment, now, S.READY_TO_SHIP, S.ALLOCATED, "set not ready to ship")


def _flip(
    store: Store,
    consignment: ConsignmentRecord,
    now: datetime,
    source: ConsignmentState,
    target: ConsignmentState,
    action: str,
) -> None:
    code = "ConsignmentCannotBe" + action.title().replace(" ", "")  # e.g. ...SetReadyToShip
    require_state(consignment.reference, consignment.state, {source}, action, code)
    consignment.move_to(target, now)
    store.touch(Collection.CONSIGNMENTS, consignment.reference)


def mark_labels_printed(store: Store, consignment: ConsignmentRecord, now: datetime) -> None:
    if not consignment.labels_printed:
        consignment.labels_printed = True
        consignment.labels_first_printed = now
        store.touch(Collection.CONSIGNMENTS, consignment.reference)
