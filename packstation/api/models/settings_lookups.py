"""Configured shipping locations and carrier services, for the settings dropdowns.

Neither body is in Sorted's guides. The 2016 SDK reads a bare array of shipping locations and
`{"MpdCarrierServices": [...]}` for carrier services; both forms are accepted for each."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, model_validator

from packstation.api.models.base import ApiList, ApiModel
from packstation.api.models.common import ClockTime, Country


def _wrap_bare_list(data: Any, key: str) -> Any:
    return {key: data} if isinstance(data, list) or data is None else data


class ShippingLocation(ApiModel):
    """A shipping location is an address with a reference and a name."""

    reference: str
    name: str | None = None
    shipping_location_type: str | None = None
    default_location_for_returns: bool | None = None
    notes: str | None = None
    customer_reference: str | None = None
    company_name: str | None = None
    address_line1: str | None = Field(default=None, repr=False)
    address_line2: str | None = Field(default=None, repr=False)
    address_line3: str | None = Field(default=None, repr=False)
    town: str | None = None
    region: str | None = None
    postcode: str | None = None
    country: Country | None = None


class ShippingLocationList(ApiModel):
    shipping_locations: ApiList[ShippingLocation] = ()

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_list(cls, data: Any) -> Any:
        return _wrap_bare_list(data, "ShippingLocations")


class CarrierService(ApiModel):
    reference: str
    """The MpdCarrierServiceReference, e.g. "MPD_T48CX"."""
    name: str | None = None
    description: str | None = None
    # Undocumented shape: accept both spellings seen for the carrier's reference.
    mpd_carrier_reference: str | None = Field(
        default=None, validation_alias=AliasChoices("MpdCarrierReference", "CarrierReference")
    )
    carrier_name: str | None = None
    collection_cut_off: ClockTime | None = None
    type: str | None = None
    is_configured: bool | None = None


class CarrierServiceList(ApiModel):
    carrier_services: ApiList[CarrierService] = Field(default=(), alias="MpdCarrierServices")

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_list(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and "CarrierServices" in data
            and "MpdCarrierServices" not in data
        ):
            return {**data, "MpdCarrierServices": data["CarrierServices"]}
        return _wrap_bare_list(data, "MpdCarrierServices")
