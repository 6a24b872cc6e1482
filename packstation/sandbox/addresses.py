"""Address JSON (§4): validating a request's addresses, filling a location's own address."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from packstation.sandbox.catalog import COUNTRIES, Catalog, ShippingLocation
from packstation.sandbox.model import JsonDict
from packstation.sandbox.request_fields import Problems

_ADDRESS_TYPES = ("Origin", "Destination", "Return", "Sender", "Recipient", "Importer")
_TYPE_BY_FLAG = {str(1 << index): name for index, name in enumerate(_ADDRESS_TYPES)}
_POSTCODE_OPTIONAL = frozenset({"IE"})  # Eircodes are optional for delivery


def country_json(code: str, name: str | None = None) -> JsonDict:
    country = COUNTRIES.get(code.upper())
    if country is None:
        return {"Name": name, "IsoCode": {"TwoLetterCode": code.upper()}}
    return {
        "Name": name or country.name,
        "IsoCode": {
            "TwoLetterCode": country.code,
            "ThreeLetterCode": country.code3,
            "NumericCode": country.numeric,
        },
    }


def location_address(location: ShippingLocation, address_type: str = "Origin") -> JsonDict:
    lines = (*location.address_lines, "", "")
    return {
        "AddressType": address_type,
        "ShippingLocationReference": location.reference,
        "Contact": {"Telephone": location.telephone, "Email": location.email},
        "CompanyName": location.company,
        "AddressLine1": lines[0],
        "AddressLine2": lines[1] or None,
        "AddressLine3": lines[2] or None,
        "Town": location.town,
        "Region": location.region,
        "Postcode": location.postcode,
        "Country": country_json(location.country_code),
        "IsCached": True,
    }


def normalise_address(raw: Any, target: str, catalog: Catalog, problems: Problems) -> JsonDict:
    if not isinstance(raw, Mapping):
        problems.invalid(target, "An address must be a JSON object.")
        return {}
    address = dict(raw)
    address_type = _address_type(raw.get("AddressType"))
    if address_type is None:
        problems.invalid(f"{target}.AddressType", f"One of {', '.join(_ADDRESS_TYPES)}.")
        return address
    address["AddressType"] = address_type
    location_reference = raw.get("ShippingLocationReference")
    if location_reference:
        location = catalog.location(str(location_reference))
        if location is None:
            problems.invalid(
                f"{target}.ShippingLocationReference", "Unknown shipping location reference."
            )
            return address
        filled = location_address(location, address_type)
        filled.update({key: value for key, value in raw.items() if value not in (None, "")})
        filled["AddressType"] = address_type
        filled["ShippingLocationReference"] = location.reference
        return filled
    if address_type in ("Origin", "Destination"):
        _check_postal_fields(address, target, problems)
    return address


def _address_type(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return _TYPE_BY_FLAG.get(str(value))
    if isinstance(value, str):
        lowered = value.lower()
        return next((name for name in _ADDRESS_TYPES if name.lower() == lowered), None)
    return None


def _check_postal_fields(address: JsonDict, target: str, problems: Problems) -> None:
    if not _text(address.get("AddressLine1")):
        problems.required(f"{target}.AddressLine1", "AddressLine1 is required.")
    country = address.get("Country")
    iso = country.get("IsoCode") if isinstance(country, Mapping) else None
    code = iso.get("TwoLetterCode") if isinstance(iso, Mapping) else None
    if not isinstance(code, str) or len(code) != 2 or not code.isalpha():
        problems.required(
            f"{target}.Country.IsoCode.TwoLetterCode", "A two-letter ISO country code."
        )
        return
    address["Country"] = country_json(code, country.get("Name") if country else None)
    if code.upper() not in _POSTCODE_OPTIONAL and not _text(address.get("Postcode")):
        problems.required(f"{target}.Postcode", "Postcode is required.")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
