"""Packages, their items and the carrier legs they travel on."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from packstation.api.models.base import ApiList, ApiModel
from packstation.api.models.common import Barcode, Country, Dimensions, MetaData, Money, Weight


class ConsignmentLeg(ApiModel):
    leg: int | None = None
    tracking_references: ApiList[str] = ()
    carrier_reference: str | None = None
    carrier_service_reference: str | None = None
    carrier_name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_single_tracking_reference(cls, data: Any) -> Any:
        # The 2016 SDK had one `TrackingReference` string instead of the list.
        if (
            isinstance(data, dict)
            and data.get("TrackingReference")
            and not data.get("TrackingReferences")
        ):
            return {**data, "TrackingReferences": [data["TrackingReference"]]}
        return data


class Item(ApiModel):
    """An item in a package. Requests need an identifier (Sku, Reference or
    ItemReferenceProvidedByCustomer) and, for customs, Weight, Dimensions and Value."""

    reference: str | None = None
    sku: str | None = None
    model: str | None = None
    description: str | None = None
    country_of_origin: Country | str | None = None
    harmonisation_code: str | None = None
    harmonisation_key_words: tuple[str, ...] | None = None
    weight: Weight | None = None
    dimensions: Dimensions | None = None
    value: Money | None = None
    item_reference_provided_by_customer: str | None = None
    barcode: Barcode | None = None
    meta_data: tuple[MetaData, ...] | None = None
    quantity: int | None = None
    unit: str | None = None
    status: str | None = None
    content_classification: str | None = None
    content_classification_details: str | None = None


class _PackageFields(ApiModel):
    weight: Weight | None = None
    dimensions: Dimensions | None = None
    description: str | None = None
    value: Money | None = None
    package_reference_provided_by_customer: str | None = None
    package_size_reference: str | None = None
    barcode: Barcode | None = None
    meta_data: tuple[MetaData, ...] | None = None
    items: tuple[Item, ...] | None = None


class Package(_PackageFields):
    """A package in a request: Description and Value, plus Weight and Dimensions unless
    PackageSizeReference names a configured size."""

    description: str
    value: Money

    @model_validator(mode="after")
    def _has_size(self) -> Package:
        if self.package_size_reference is None and (self.weight is None or self.dimensions is None):
            raise ValueError("a package needs Weight and Dimensions, or a PackageSizeReference")
        return self


class PackageDetail(_PackageFields):
    """A package as the API returns it, with its EP reference and carrier legs."""

    reference: str | None = None
    legs: ApiList[ConsignmentLeg] = Field(default=(), alias="ConsignmentLegs")
    items: ApiList[Item] = ()
    meta_data: ApiList[MetaData] = ()
