"""Asking for delivery options, and the options PRO offers."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, model_validator

from packstation.api.models.base import ApiList, ApiModel, OptionalDateTime
from packstation.api.models.common import (
    Address,
    MetaData,
    Money,
    Price,
    TimeWindow,
    Weight,
    first_address,
)
from packstation.api.models.customs import CustomsDocumentation
from packstation.api.models.enums import AddressType, DirectionField
from packstation.api.models.packages import Package


class DeliveryOptionsRequest(ApiModel):
    """The body of `POST /deliveryoptions` (and `/deliveryoptions/summary`).

    There is no RequiredDeliveryDate here: `delivery_date` is the horizon (default 14 days).
    Give every request a unique `consignment_reference_provided_by_customer`: it is how a lost
    select is found again."""

    packages: tuple[Package, ...]
    addresses: tuple[Address, ...] = Field(repr=False)
    consignment_reference_provided_by_customer: str | None = None
    shipping_date: datetime | None = None
    delivery_date: datetime | None = None
    guaranteed_only: bool | None = None
    source: str | None = None
    customs_documentation: CustomsDocumentation | None = None
    direction: DirectionField | None = None
    meta_data: tuple[MetaData, ...] | None = None
    tags: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _is_complete(self) -> DeliveryOptionsRequest:
        if not self.packages:
            raise ValueError("at least one package is needed")
        origin = first_address(self.addresses, AddressType.ORIGIN)
        destination = first_address(self.addresses, AddressType.DESTINATION)
        if origin is None or destination is None:
            raise ValueError("an Origin and a Destination address are needed")
        if not (origin.shipping_location_reference or destination.shipping_location_reference):
            raise ValueError("the Origin or the Destination needs a ShippingLocationReference")
        return self


class EstimatedDeliveryDate(ApiModel):
    date: OptionalDateTime = None
    guaranteed: bool | None = None
    day_of_week: str | None = None


class DeliveryOption(ApiModel):
    reference: str
    """EDO-xxx-xxx-xxx."""
    estimated_delivery_date: EstimatedDeliveryDate | None = None
    delivery_window: TimeWindow | None = None
    carrier: str | None = None
    carrier_service: str | None = None
    carrier_service_reference: str | None = None
    carrier_service_types: ApiList[str] = ()
    price: Price | None = None
    allocation_cut_off: OptionalDateTime = None
    """The option's expiry: selecting after it fails."""
    operational_cut_off: OptionalDateTime = None
    service_direction: str | None = None

    def is_expired(self, now: datetime) -> bool:
        """True once `now` (offset-aware) is past AllocationCutOff; False when there is none."""
        cut_off = self.allocation_cut_off
        if cut_off is None:
            return False
        if cut_off.tzinfo is None:
            cut_off = cut_off.replace(tzinfo=now.tzinfo)
        return now >= cut_off


class DeliveryOptionsResponse(ApiModel):
    delivery_options: ApiList[DeliveryOption] = ()
    non_guaranteed_delivery_option: DeliveryOption | None = None


class DeliveryOptionsSummary(ApiModel):
    """`POST /deliveryoptions/summary`: the dates options exist for, under an EPC reference."""

    reference: str | None = None
    delivery_options: ApiList[datetime] = ()


class PotentialConsignment(ApiModel):
    """The consignment a delivery option would create (`ConsignmentDetail`, reference EPC-...)."""

    reference: str | None = None
    customer_reference: str | None = None
    weight: Weight | None = None
    value: Money | None = None
    customs_documentation: CustomsDocumentation | None = None
    date_created: OptionalDateTime = None
    shipping_date: OptionalDateTime = None
    requested_delivery_date: OptionalDateTime = None
    earliest_delivery_date: OptionalDateTime = None
    latest_delivery_date: OptionalDateTime = None
    consignment_reference_provided_by_customer: str | None = None
    addresses: ApiList[Address] = Field(default=(), repr=False)


class DeliveryOptionDetails(ApiModel):
    """`GET /deliveryoptions/details/{EDO}`: re-check an option shortly before selecting it."""

    reference: str | None = None
    consignment_detail: PotentialConsignment | None = None
    delivery_option: DeliveryOption | None = None
