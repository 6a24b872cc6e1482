"""The workflow's own vocabulary: small immutable values, independent of the API's JSON shapes.

The journal stores these, the UI shows them, and `api_mapping` builds them from the client's models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal


@dataclass(frozen=True)
class PackageSpec:
    weight_kg: float
    length_cm: float
    width_cm: float
    height_cm: float
    description: str = "Goods"
    value: Decimal = Decimal("0")
    currency: str = "GBP"


@dataclass(frozen=True)
class OrderItem:
    sku: str | None
    description: str
    quantity: int


@dataclass(frozen=True)
class Destination:
    """What the packer sees of the destination. Held in memory only, never journaled."""

    name: str
    town: str
    postcode: str
    country_code: str
    country_name: str


@dataclass(frozen=True)
class CustomerPromise:
    """The delivery the customer chose at checkout: a date and a window."""

    option_reference: str
    delivery_date: date | None
    window_start: time | None
    window_end: time | None


@dataclass(frozen=True)
class OrderView:
    order_reference: str
    customer_order_number: str | None
    destination: Destination
    items: tuple[OrderItem, ...]
    packages: tuple[PackageSpec, ...]
    customer_option_reference: str | None
    shipping_location_reference: str | None
    is_international: bool


@dataclass(frozen=True)
class OptionSummary:
    reference: str
    carrier: str
    service: str
    service_reference: str | None
    delivery_date: date | None
    window_start: time | None
    window_end: time | None
    price_gross: Decimal | None
    currency: str | None
    allocation_cutoff: datetime | None
    guaranteed: bool = False
    # The ConsignmentReferenceProvidedByCustomer the consignment will carry once selected:
    # the pack's own for options it quoted, the checkout's for the customer's option.
    client_reference: str | None = None

    def is_expired(self, now: datetime, margin_seconds: float = 0.0) -> bool:
        if self.allocation_cutoff is None:
            return False
        return (self.allocation_cutoff - now).total_seconds() <= margin_seconds

    def keeps_promise(self, promise: CustomerPromise) -> bool:
        return (
            self.delivery_date == promise.delivery_date
            and self.window_start == promise.window_start
            and self.window_end == promise.window_end
        )


@dataclass(frozen=True)
class Allocation:
    consignment_reference: str
    carrier_name: str | None
    carrier_reference: str | None
    service_name: str | None
    service_reference: str | None
    tracking_numbers: tuple[str, ...] = field(default_factory=tuple)
