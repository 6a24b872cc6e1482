"""API enumerations. They read names in any case, the numbers .NET sends instead of names, and
(where the set may grow) fall back to an UNKNOWN member instead of failing."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator

E = TypeVar("E", bound=StrEnum)


def _folded(text: str) -> str:
    return "".join(text.split()).replace("_", "").casefold()


class ApiEnum(StrEnum):
    @classmethod
    def _missing_(cls, value: object) -> ApiEnum | None:
        if isinstance(value, str):
            wanted = _folded(value)
            for member in cls:
                if _folded(member.value) == wanted or _folded(member.name) == wanted:
                    return member
        return None


def lenient(enum_type: type[E], numbers: Mapping[int, E] | None = None) -> BeforeValidator:
    """A validator mapping numbers and odd spellings onto `enum_type`, unknowns onto UNKNOWN."""
    by_number = dict(numbers or {})
    unknown = enum_type.__members__.get("UNKNOWN")

    def parse(value: Any) -> Any:
        if isinstance(value, enum_type | bool):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if isinstance(value, int):
            return by_number.get(value, unknown if unknown is not None else value)
        if isinstance(value, str):
            try:
                return enum_type(value)
            except ValueError:
                return unknown if unknown is not None else value
        return value

    return BeforeValidator(parse)


class ConsignmentState(ApiEnum):
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
    UNKNOWN = "Unknown"
    """A state this client does not know; the model's `*_raw` field keeps what was sent."""


_S = ConsignmentState
CONSIGNMENT_STATE_NUMBERS: Mapping[int, ConsignmentState] = {
    0: _S.UNALLOCATED,
    1: _S.ALLOCATING,
    2: _S.ALLOCATION_FAILED,
    3: _S.ALLOCATED,
    4: _S.MANIFESTING,
    5: _S.MANIFESTED,
    6: _S.MANIFEST_FAILED,
    7: _S.DISPATCHED,
    9: _S.AT_DROP_OFF_POINT,
    10: _S.COLLECTED,
    11: _S.COLLECTION_FAILED,
    12: _S.IN_TRANSIT,
    13: _S.DELAYED,
    14: _S.OUT_FOR_DELIVERY,
    15: _S.DELIVERY_FAILED,
    16: _S.DELIVERY_FAILED_CARD_LEFT,
    17: _S.DELIVERED,
    18: _S.PARTIALLY_DELIVERED,
    19: _S.AT_COLLECTION_POINT,
    20: _S.RETURN_TO_SENDER,
    21: _S.ACTION_REQUIRED,
    22: _S.MISSING,
    23: _S.LOST,
    24: _S.DAMAGED,
    25: _S.CANCELLING,
    26: _S.CANCELLED,
    27: _S.IN_TRANSIT_WAITING,
    28: _S.HELD_BY_CARRIER,
    29: _S.EXCHANGE_FAILED,
    30: _S.AT_CUSTOMS,
    31: _S.CARRIER_UNABLE_TO_COLLECT,
    32: _S.DELIVERED_DAMAGED,
    40: _S.READY_TO_SHIP,
}
MANIFESTABLE_STATES = frozenset({_S.ALLOCATED, _S.MANIFEST_FAILED, _S.READY_TO_SHIP})
"""The only states Manifest From Query accepts."""


class AddressType(ApiEnum):
    ORIGIN = "Origin"
    DESTINATION = "Destination"
    RETURN = "Return"
    SENDER = "Sender"
    RECIPIENT = "Recipient"
    IMPORTER = "Importer"
    UNKNOWN = "Unknown"


ADDRESS_TYPE_NUMBERS: Mapping[int, AddressType] = {
    1: AddressType.ORIGIN,
    2: AddressType.DESTINATION,
    4: AddressType.RETURN,
    8: AddressType.SENDER,
    16: AddressType.RECIPIENT,
    32: AddressType.IMPORTER,
}


class Direction(ApiEnum):
    OUTBOUND = "Outbound"
    INBOUND = "Inbound"
    UNKNOWN = "Unknown"


class WeightUnit(ApiEnum):
    KG = "Kg"
    GRAMS = "Grams"
    LB = "Lb"
    OZ = "Oz"

    @classmethod
    def _missing_(cls, value: object) -> WeightUnit | None:
        if isinstance(value, str):
            synonym = _WEIGHT_UNIT_SYNONYMS.get(_folded(value))
            if synonym is not None:
                return cls(synonym)
        found = super()._missing_(value)
        return cls(found) if found is not None else None


_WEIGHT_UNIT_SYNONYMS = {
    "kilograms": "Kg",
    "kilogram": "Kg",
    "kgs": "Kg",
    "g": "Grams",
    "gram": "Grams",
    "lbs": "Lb",
    "pounds": "Lb",
    "pound": "Lb",
    "ounces": "Oz",
    "ounce": "Oz",
}


ConsignmentStateField = Annotated[
    ConsignmentState, lenient(ConsignmentState, CONSIGNMENT_STATE_NUMBERS)
]
AddressTypeField = Annotated[AddressType, lenient(AddressType, ADDRESS_TYPE_NUMBERS)]
DirectionField = Annotated[Direction, lenient(Direction)]
WeightUnitField = Annotated[WeightUnit, lenient(WeightUnit)]
