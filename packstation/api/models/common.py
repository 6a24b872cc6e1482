"""Shapes shared by many resources: weights, sizes, money, addresses, links, metadata, prices."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AliasChoices, BeforeValidator, Field, JsonValue, RootModel, model_validator

from packstation.api.models.base import ApiDecimal, ApiList, ApiModel, Text
from packstation.api.models.enums import AddressType, AddressTypeField, WeightUnit, WeightUnitField
from packstation.api.references import find_consignment_reference

_KILOGRAMS_PER_UNIT = {
    WeightUnit.KG: Decimal(1),
    WeightUnit.GRAMS: Decimal("0.001"),
    WeightUnit.LB: Decimal("0.45359237"),
    WeightUnit.OZ: Decimal("0.028349523125"),
}


class Weight(ApiModel):
    """Sent as `{"Value", "Unit"}`; also read from the older `{"Kg": 1.5}`."""

    value: ApiDecimal
    unit: WeightUnitField = WeightUnit.KG

    @model_validator(mode="before")
    @classmethod
    def _accept_kg_form(cls, data: Any) -> Any:
        if isinstance(data, dict) and "Kg" in data and not {"Value", "value"} & data.keys():
            return {"Value": data["Kg"], "Unit": WeightUnit.KG}
        return data

    @property
    def kilograms(self) -> Decimal:
        return self.value * _KILOGRAMS_PER_UNIT[self.unit]

    @classmethod
    def from_kilograms(cls, kilograms: Decimal | float | str) -> Weight:
        return cls(value=Decimal(str(kilograms)), unit=WeightUnit.KG)


class Dimensions(ApiModel):
    width: ApiDecimal
    length: ApiDecimal
    height: ApiDecimal
    unit: str = "Cm"


class Currency(ApiModel):
    iso_code: str | None = None
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_code(cls, data: Any) -> Any:
        return {"IsoCode": data} if isinstance(data, str) else data


class Money(ApiModel):
    amount: ApiDecimal
    currency: Currency | None = None

    @classmethod
    def of(cls, amount: Decimal | float | str, iso_code: str) -> Money:
        return cls(amount=Decimal(str(amount)), currency=Currency(iso_code=iso_code))


class CountryIsoCode(ApiModel):
    two_letter_code: str | None = None
    three_letter_code: str | None = None
    numeric_code: Text | None = None


class Country(ApiModel):
    name: str | None = None
    iso_code: CountryIsoCode | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_code(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("IsoCode"), str):
            code = data["IsoCode"]
            key = "TwoLetterCode" if len(code) == 2 else "ThreeLetterCode"
            return {**data, "IsoCode": {key: code}}
        return data

    @classmethod
    def from_iso2(cls, code: str, name: str | None = None) -> Country:
        return cls(name=name, iso_code=CountryIsoCode(two_letter_code=code))

    @property
    def two_letter_code(self) -> str | None:
        return self.iso_code.two_letter_code if self.iso_code else None


class Contact(ApiModel):
    """Personal data: left out of repr so it never reaches a log line by accident."""

    reference: str | None = None
    title: str | None = Field(default=None, repr=False)
    first_name: str | None = Field(default=None, repr=False)
    last_name: str | None = Field(default=None, repr=False)
    position: str | None = Field(default=None, repr=False)
    telephone: str | None = Field(default=None, repr=False)
    mobile: str | None = Field(default=None, repr=False)
    land_line: str | None = Field(default=None, repr=False)
    email: str | None = Field(default=None, repr=False)


class LatLong(ApiModel):
    latitude: ApiDecimal | None = None
    longitude: ApiDecimal | None = None


class Address(ApiModel):
    """Consignment and order addresses. Lines, names and postcode are kept out of repr."""

    address_type: AddressTypeField | None = None
    shipping_location_reference: str | None = None
    shop_location_reference: str | None = None
    contact: Contact | None = None
    company_name: str | None = Field(default=None, repr=False)
    customer_name: str | None = Field(default=None, repr=False)
    address_line1: str | None = Field(default=None, repr=False)
    address_line2: str | None = Field(default=None, repr=False)
    address_line3: str | None = Field(default=None, repr=False)
    town: str | None = Field(default=None, repr=False)
    region: str | None = None
    region_code: str | None = None
    postcode: str | None = Field(default=None, repr=False)
    country: Country | None = None
    special_instructions: str | None = Field(default=None, repr=False)
    lat_long: LatLong | None = Field(default=None, repr=False)
    is_cached: bool | None = None

    @classmethod
    def shipping_location(cls, address_type: AddressType, reference: str) -> Address:
        """The short form the API accepts for a configured location: type and reference only."""
        return cls(address_type=address_type, shipping_location_reference=reference)


def first_address(addresses: tuple[Address, ...], address_type: AddressType) -> Address | None:
    return next((a for a in addresses if a.address_type is address_type), None)


class ApiLink(ApiModel):
    rel: str | None = None
    href: str | None = None


class MetaData(ApiModel):
    """One metadata entry: a key and at most one value of each type."""

    key_value: str
    string_value: str | None = None
    int_value: int | None = None
    decimal_value: ApiDecimal | None = None
    date_time_value: datetime | None = None
    bool_value: bool | None = None


class Barcode(ApiModel):
    code: str | None = None
    barcode_type: str | None = None


class TaxRate(ApiModel):
    reference: str | None = None
    country_iso_code: str | None = None
    type: str | None = None
    rate: ApiDecimal | None = None


class Price(ApiModel):
    """A rate. The tax part arrives as `TaxRate` in some documents and `VatRate` in others."""

    net: ApiDecimal | None = None
    gross: ApiDecimal | None = None
    tax_rate: TaxRate | None = Field(
        default=None, validation_alias=AliasChoices("TaxRate", "VatRate", "tax_rate")
    )
    vat_amount: ApiDecimal | None = None
    currency: Currency | None = None


_UTC_OFFSET = re.compile(r"([+-]?)(\d{1,2}):(\d{2})")


def _clock_time(value: Any) -> Any:
    # .NET TimeSpan windows may end at "24:00:00", which `time` cannot hold.
    if isinstance(value, str) and value.strip().startswith("24:"):
        return time.max
    return value


ClockTime = Annotated[time, BeforeValidator(_clock_time)]


class TimeWindow(ApiModel):
    """A window within a day: `"HH:mm:ss"` times plus a separate `UtcOffset` such as "+01:00"."""

    start: ClockTime | None = None
    end: ClockTime | None = None
    utc_offset: str | None = None

    @property
    def offset(self) -> timedelta | None:
        found = _UTC_OFFSET.fullmatch((self.utc_offset or "").strip())
        if found is None:
            return None
        sign, hours, minutes = found.groups()
        size = timedelta(hours=int(hours), minutes=int(minutes))
        return -size if sign == "-" else size


class OperationResult(ApiModel):
    """`WithMessage<T>`: one item's outcome in a bulk call. Always check `is_success`."""

    is_success: bool
    message: str | None = None
    data: JsonValue = None
    api_links: ApiList[ApiLink] = ()

    @property
    def consignment_reference(self) -> str | None:
        data = self.data if isinstance(self.data, str) else None
        return find_consignment_reference(
            [data, *(link.href for link in self.api_links), self.message]
        )


WithMessage = OperationResult


class OperationResultList(RootModel[ApiList[OperationResult]]):
    pass
