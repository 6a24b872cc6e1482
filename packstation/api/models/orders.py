"""Orders, as `GET /orders/{EO}` returns them."""

from __future__ import annotations

from pydantic import Field

from packstation.api.models.base import ApiList, ApiModel, OptionalDateTime
from packstation.api.models.common import (
    Address,
    MetaData,
    Money,
    TimeWindow,
    Weight,
    first_address,
)
from packstation.api.models.customs import CustomsDocumentation
from packstation.api.models.enums import AddressType, DirectionField
from packstation.api.models.packages import PackageDetail


class RequiredDeliveryDate(ApiModel):
    date: OptionalDateTime = None
    is_to_be_exactly_on_the_date_specified: bool | None = None
    delivery_window: TimeWindow | None = None


class Order(ApiModel):
    order_reference: str
    order_reference_provided_by_customer: str | None = None
    delivery_option_reference: str | None = None
    packages: ApiList[PackageDetail] = ()
    date_created: OptionalDateTime = None
    required_delivery_date: RequiredDeliveryDate | None = None
    shipping_date: OptionalDateTime = None
    meta_data: ApiList[MetaData] = ()
    earliest_delivery_date: OptionalDateTime = None
    latest_delivery_date: OptionalDateTime = None
    weight: Weight | None = None
    source: str | None = None
    value: Money | None = None
    addresses: ApiList[Address] = Field(default=(), repr=False)
    customs_documentation: CustomsDocumentation | None = None
    direction: DirectionField | None = None
    tags: ApiList[str] = ()

    @property
    def origin(self) -> Address | None:
        return first_address(self.addresses, AddressType.ORIGIN)

    @property
    def destination(self) -> Address | None:
        return first_address(self.addresses, AddressType.DESTINATION)
