"""Consignment states (reference §7) and the sandbox's rules for which action each allows."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from packstation.sandbox.errors import ApiError


class ConsignmentState(StrEnum):
    UNALLOCATED = "Unallocated"
    ALLOCATING = "Allocating"
    ALLOCATION_FAILED = "AllocationFailed"
    ALLOCATED = "Allocated"
    MANIFESTING = "Manifesting"
    MANIFESTED = "Manifested"
    MANIFEST_FAILED = "ManifestFailed"
    DISPATCHED = "Dispatched"
    AT_DROP_OFF_POINT = "AtDropOffPoint"
    COLLECTED = "Collected"
    COLLECTION_FAILED = "CollectionFailed"
    IN_TRANSIT = "InTransit"
    DELAYED = "Delayed"
    OUT_FOR_DELIVERY = "OutForDelivery"
    DELIVERY_FAILED = "DeliveryFailed"
    DELIVERY_FAILED_CARD_LEFT = "DeliveryFailedCardLeft"
    DELIVERED = "Delivered"
    PARTIALLY_DELIVERED = "PartiallyDelivered"
    AT_COLLECTION_POINT = "AtCollectionPoint"
    RETURN_TO_SENDER = "ReturnToSender"
    ACTION_REQUIRED = "ActionRequired"
    MISSING = "Missing"
    LOST = "Lost"
    DAMAGED = "Damaged"
    CANCELLING = "Cancelling"
    CANCELLED = "Cancelled"
    IN_TRANSIT_WAITING = "InTransitWaiting"
    HELD_BY_CARRIER = "HeldByCarrier"
    EXCHANGE_FAILED = "ExchangeFailed"
    AT_CUSTOMS = "AtCustoms"
    CARRIER_UNABLE_TO_COLLECT = "CarrierUnableToCollect"
    DELIVERED_DAMAGED = "DeliveredDamaged"
    READY_TO_SHIP = "ReadyToShip"


S = ConsignmentState

_NOT_YET_LABELLED = frozenset(
    {S.UNALLOCATED, S.ALLOCATING, S.ALLOCATION_FAILED, S.CANCELLING, S.CANCELLED}
)
LABELLED = frozenset(state for state in S if state not in _NOT_YET_LABELLED)
CANCELLABLE = frozenset(
    {S.UNALLOCATED, S.ALLOCATION_FAILED, S.ALLOCATED, S.READY_TO_SHIP, S.MANIFEST_FAILED}
)
DEALLOCATABLE = frozenset({S.ALLOCATED, S.MANIFESTED, S.MANIFEST_FAILED})
MANIFESTABLE = frozenset({S.ALLOCATED, S.MANIFEST_FAILED, S.READY_TO_SHIP})


def parse_state(text: str) -> ConsignmentState | None:
    """Accept the enum name in any case, the UI label with spaces, or the enum number."""
    wanted = text.replace(" ", "").strip().lower()
    for state in S:
        if state.value.lower() == wanted:
            return state
    return _BY_NUMBER.get(wanted)


_NUMBERS = (
    (S.UNALLOCATED, 0), (S.ALLOCATING, 1), (S.ALLOCATION_FAILED, 2), (S.ALLOCATED, 3),
    (S.MANIFESTING, 4), (S.MANIFESTED, 5), (S.MANIFEST_FAILED, 6), (S.DISPATCHED, 7),
    (S.AT_DROP_OFF_POINT, 9), (S.COLLECTED, 10), (S.COLLECTION_FAILED, 11),
    (S.IN_TRANSIT, 12), (S.DELAYED, 13), (S.OUT_FOR_DELIVERY, 14), (S.DELIVERY_FAILED, 15),
    (S.DELIVERY_FAILED_CARD_LEFT, 16), (S.DELIVERED, 17), (S.PARTIALLY_DELIVERED, 18),
    (S.AT_COLLECTION_POINT, 19), (S.RETURN_TO_SENDER, 20), (S.ACTION_REQUIRED, 21),
    (S.MISSING, 22), (S.LOST, 23), (S.DAMAGED, 24), (S.CANCELLING, 25), (S.CANCELLED, 26),
    (S.IN_TRANSIT_WAITING, 27), (S.HELD_BY_CARRIER, 28), (S.EXCHANGE_FAILED, 29),
    (S.AT_CUSTOMS, 30), (S.CARRIER_UNABLE_TO_COLLECT, 31), (S.DELIVERED_DAMAGED, 32),
    (S.READY_TO_SHIP, 40),
)  # fmt: skip
_BY_NUMBER = {str(number): state for state, number in _NUMBERS}


def require_state(
    reference: str,
    state: ConsignmentState,
    allowed: Collection[ConsignmentState],
    action: str,
    code: str,
    hint: str = "",
) -> None:
    """Raise the v1 400 that names the current state when `action` is not allowed in it."""
    if state in allowed:
        return
    names = ", ".join(sorted(s.value for s in allowed))
    message = (
        f"Consignment {reference} cannot be {action} because it is in state {state.value}. "
        f"Allowed states: {names}.{(' ' + hint) if hint else ''}"
    )
    raise ApiError(400, code, message)
