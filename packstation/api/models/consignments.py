"""Consignments: the full record, its status, search summaries and search filters."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import Field

from packstation.api.models.base import ApiDecimal, ApiList, ApiModel, OptionalDateTime, Text
from packstation.api.models.common import (
    Address,
    ApiLink,
    Country,
    MetaData,
    Money,
    Price,
    Weight,
    first_address,
)
from packstation.api.models.customs import CustomsDocumentation
from packstation.api.models.enums import (
    AddressType,
    ConsignmentState,
    ConsignmentStateField,
    Direction,
    DirectionField,
)
from packstation.api.models.packages import ConsignmentLeg, PackageDetail


class Allocation(ApiModel):
    carrier_service_group_reference: str | None = None
    mpd_carrier_service_group_name: str | None = None
    mpd_carrier_service_reference: str | None = None
    mpd_carrier_service_name: str | None = None
    allocation_date: OptionalDateTime = None
    price: Price | None = None


class FailedAllocation(Allocation):
    attempted_allocation_date: OptionalDateTime = None
    message: str | None = None


class Consignment(ApiModel):
    """`GET /consignments/{EC}`. `state` is UNKNOWN for a state this client does not know;
    `state_raw` then holds what the server sent."""

    reference: str
    state: ConsignmentStateField = Field(default=ConsignmentState.UNKNOWN, alias="ConsignmentState")
    state_raw: Text | None = Field(default=None, validation_alias="ConsignmentState", exclude=True)
    consignment_reference_provided_by_customer: str | None = None
    customer_reference: str | None = None
    date_created: OptionalDateTime = None
    shipping_date: OptionalDateTime = None
    requested_delivery_date: OptionalDateTime = None
    earliest_delivery_date: OptionalDateTime = None
    latest_delivery_date: OptionalDateTime = None
    collection_date: OptionalDateTime = None
    date_delivered: OptionalDateTime = None
    first_attempted_delivery_date: OptionalDateTime = None
    attempted_delivery_date: OptionalDateTime = None
    date_returned: OptionalDateTime = None
    date_shipped: OptionalDateTime = None
    date_collected: OptionalDateTime = None
    legs: ApiList[ConsignmentLeg] = Field(default=(), alias="ConsignmentLegs")
    allocation: Allocation | None = None
    failed_allocation: FailedAllocation | None = None
    label_count: int | None = None
    labels_printed: bool | None = None
    date_labels_were_first_printed: OptionalDateTime = None
    meta_data: ApiList[MetaData] = ()
    source: str | None = None
    is_late: bool | None = None
    late_for_customer: bool | None = None
    weight: Weight | None = None
    value: Money | None = None
    customs_documentation: CustomsDocumentation | None = None
    direction: DirectionField | None = None
    tags: ApiList[str] = ()
    addresses: ApiList[Address] = Field(default=(), repr=False)
    packages: ApiList[PackageDetail] = ()

    @property
    def destination(self) -> Address | None:
        return first_address(self.addresses, AddressType.DESTINATION)

    @property
    def tracking_references(self) -> tuple[str, ...]:
        return tuple(reference for leg in self.legs for reference in leg.tracking_references)


class ConsignmentStatus(ApiModel):
    """`GET /consignments/{EC}/status`."""

    reference: str | None = Field(default=None, alias="ConsignmentReferenceForAllLegsAssignedByMpd")
    state: ConsignmentStateField = Field(default=ConsignmentState.UNKNOWN, alias="Status")
    state_raw: Text | None = Field(default=None, validation_alias="Status", exclude=True)
    expected_delivery_date: OptionalDateTime = None
    api_link: ApiLink | None = None


class ConsignmentSummary(ApiModel):
    """One row of Search Consignments. Weight and Value may be objects or plain numbers."""

    reference: str
    state: ConsignmentStateField = Field(default=ConsignmentState.UNKNOWN, alias="State")
    state_raw: Text | None = Field(default=None, validation_alias="State", exclude=True)
    consignment_reference_provided_by_customer: str | None = None
    date_created: OptionalDateTime = None
    shipping_date: OptionalDateTime = None
    mpd_carrier_reference: str | None = None
    mpd_carrier_service_reference: str | None = None
    mpd_carrier_service_name: str | None = None
    mpd_carrier_service_group_name: str | None = None
    mpd_carrier_service_group_reference: str | None = None
    allocation_date: OptionalDateTime = None
    shipped_date: OptionalDateTime = None
    source: str | None = None
    destination_address_line1: str | None = Field(default=None, repr=False)
    destination_address_town: str | None = Field(default=None, repr=False)
    destination_address_postcode: str | None = Field(default=None, repr=False)
    destination_address_country: Country | str | None = None
    destination_shipping_location_reference: str | None = None
    requested_delivery_date: OptionalDateTime = None
    requested_delivery_date_is_to_be_exactly_on_the_date_specified: bool | None = None
    labels_printed: bool | None = None
    date_labels_were_first_printed: OptionalDateTime = None
    estimated_delivery_date: OptionalDateTime = None
    shipping_terms: str | None = None
    is_late: bool | None = None
    delivery_date: OptionalDateTime = None
    collection_date: OptionalDateTime = None
    attempted_delivery_date: OptionalDateTime = None
    value: Money | ApiDecimal | None = None
    weight: Weight | ApiDecimal | None = None
    api_link: ApiLink | None = None
    failed_manifest_message: str | None = None
    failed_manifest_time_stamp: OptionalDateTime = None


class ConsignmentSearchPage(ApiModel):
    """One page of `GET /consignments/{take}/{skip}`. Whether `count` is the total or this page's
    count is undocumented: page until a short page instead of trusting it."""

    count: int | None = None
    summaries: ApiList[ConsignmentSummary] = Field(default=(), alias="ConsignmentSummaries")


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsignmentSearch:
    """Search Consignments filters, sent as query parameters. The API filters on one state per
    request; `AsyncSortedPro.search_consignments` runs one search per state in `states`."""

    reference: str | None = None
    reference_provided_by_customer: str | None = None
    tracking_reference: str | None = None
    states: tuple[ConsignmentState, ...] = ()
    created_date_from: date | None = None
    created_date_to: date | None = None
    shipping_date_from: date | None = None
    shipping_date_to: date | None = None
    carrier_service: str | None = None
    shipping_location_reference: str | None = None
    labels_printed: bool | None = None
    search_term: str | None = dataclasses.field(default=None, repr=False)
    postcode: str | None = dataclasses.field(default=None, repr=False)
    destination_country_code: str | None = None
    direction: Direction | None = None
    value_from: Decimal | None = None
    value_to: Decimal | None = None
    weight_in_grams_from: int | None = None
    weight_in_grams_to: int | None = None

    def for_state(self, state: ConsignmentState) -> ConsignmentSearch:
        return dataclasses.replace(self, states=(state,))

    def query_params(self) -> list[tuple[str, str]]:
        """Invariant formatting: dates `yyyy-MM-dd`, decimals with a point, booleans lower case."""
        if len(self.states) > 1:
            raise ValueError("one search request filters on at most one state")
        values: list[tuple[str, object]] = [
            ("reference", self.reference),
            ("referenceProvidedByCustomer", self.reference_provided_by_customer),
            ("trackingReference", self.tracking_reference),
            ("state", self.states[0].value if self.states else None),
            ("createdDateFrom", self.created_date_from),
            ("createdDateTo", self.created_date_to),
            ("shippingDateFrom", self.shipping_date_from),
            ("shippingDateTo", self.shipping_date_to),
            ("carrierService", self.carrier_service),
            ("shippingLocationReference", self.shipping_location_reference),
            ("labelsPrinted", self.labels_printed),
            ("searchTerm", self.search_term),
            ("postcode", self.postcode),
            ("destinationCountryCode", self.destination_country_code),
            ("direction", self.direction.value if self.direction else None),
            ("valueFrom", self.value_from),
            ("valueTo", self.value_to),
            ("weightInGramsFrom", self.weight_in_grams_from),
            ("weightInGramsTo", self.weight_in_grams_to),
        ]
        return [(name, _query_value(value)) for name, value in values if value is not None]


def _query_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
