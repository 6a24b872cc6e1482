"""The records the store keeps. Mutable on purpose: the store changes them under its lock.

Addresses, MetaData and CustomsDocumentation are kept as the JSON the client sent (after
normalising), because the API echoes them back as they came.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from packstation.sandbox.lifecycle import ConsignmentState

JsonDict = dict[str, Any]


@dataclass(slots=True)
class Money:
    amount: float
    currency: str = "GBP"


@dataclass(slots=True)
class ItemSpec:
    reference: str  # 32 hex characters
    description: str
    quantity: int
    sku: str | None = None
    unit_weight_kg: float | None = None
    unit_value: Money | None = None
    hs_code: str | None = None
    country_of_origin: str | None = None
    customer_reference: str | None = None


@dataclass(slots=True)
class PackageSpec:
    weight_kg: float
    length_cm: float
    width_cm: float
    height_cm: float
    description: str
    value: Money
    size_reference: str | None = None
    customer_reference: str | None = None
    items: list[ItemSpec] = field(default_factory=list)
    metadata: list[JsonDict] = field(default_factory=list)
    barcode: JsonDict | None = None

    @property
    def longest_side_cm(self) -> float:
        return max(self.length_cm, self.width_cm, self.height_cm)

    @property
    def girth_cm(self) -> float:
        """Length plus twice width and height, the longest side taken as the length."""
        sides = sorted((self.length_cm, self.width_cm, self.height_cm))
        return sides[2] + 2 * (sides[0] + sides[1])


@dataclass(slots=True)
class ShipmentRequest:
    """A validated delivery-options request: what select turns into a consignment."""

    packages: list[PackageSpec]
    addresses: list[JsonDict]  # normalised: AddressType names, Origin filled from the location
    shipping_location_reference: str
    remote_country: str  # ISO code of the side that is not the shipping location
    customer_reference: str | None = None  # ConsignmentReferenceProvidedByCustomer
    shipping_date: date | None = None
    delivery_date: date | None = None
    guaranteed_only: bool = False
    source: str = "Api"
    direction: str = "Outbound"
    customs_documentation: JsonDict | None = None
    metadata: list[JsonDict] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def total_weight_kg(self) -> float:
        return round(sum(package.weight_kg for package in self.packages), 3)

    @property
    def total_value(self) -> Money:
        currency = self.packages[0].value.currency if self.packages else "GBP"
        return Money(round(sum(p.value.amount for p in self.packages), 2), currency)

    def address(self, address_type: str) -> JsonDict | None:
        return next((a for a in self.addresses if a.get("AddressType") == address_type), None)


@dataclass(slots=True)
class PotentialConsignment:
    reference: str  # EPC-
    request: ShipmentRequest
    created: datetime


@dataclass(slots=True)
class DeliveryOptionRecord:
    reference: str  # EDO-
    potential_reference: str
    service_reference: str
    shipping_date: date
    delivery_date: date
    allocation_cutoff: datetime
    operational_cutoff: datetime
    net: float
    created: datetime
    selected_consignments: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PackageRecord:
    reference: str  # EP-
    spec: PackageSpec
    tracking_number: str | None = None


@dataclass(slots=True)
class Allocation:
    service_reference: str
    allocated_at: datetime
    net: float
    delivery_date: date
    option_reference: str | None = None
    offered_service_reference: str | None = None  # set when select substituted the service


@dataclass(slots=True)
class StateChange:
    at: datetime
    state: ConsignmentState


@dataclass(slots=True)
class PendingManifest:
    due_at: datetime
    batch: str
    failure_message: str | None  # decided when queued, applied when due


@dataclass(slots=True)
class ConsignmentRecord:
    reference: str  # EC-
    state: ConsignmentState
    request: ShipmentRequest
    packages: list[PackageRecord]
    created: datetime
    shipping_date: date | None
    allocation: Allocation | None = None
    labels_printed: bool = False
    labels_first_printed: datetime | None = None
    failed_manifest_message: str | None = None
    failed_manifest_at: datetime | None = None
    manifest_reference: str | None = None
    pending_manifest: PendingManifest | None = None
    history: list[StateChange] = field(default_factory=list)

    def move_to(self, state: ConsignmentState, at: datetime) -> None:
        self.state = state
        self.history.append(StateChange(at, state))


@dataclass(slots=True)
class ManifestRecord:
    reference: str  # 32 hex
    shipping_location_reference: str
    carrier_reference: str
    created: datetime
    consignments: list[str]


@dataclass(slots=True)
class OrderRecord:
    reference: str  # EO-
    customer_reference: str  # OrderReferenceProvidedByCustomer
    created: datetime
    request: ShipmentRequest  # the order's packages, addresses, customs data
    delivery_option_reference: str | None = None
    categories: list[str] = field(default_factory=list)  # for /_sandbox/orders
