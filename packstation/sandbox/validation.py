"""Reading a delivery-options request (§5.4) into a ShipmentRequest, or a ValidationFailed 400.

Every problem is collected with its property path (`Packages[0].Weight`) before answering,
so a client sees all of them at once, as the v1 `Details[]` allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from packstation.sandbox.addresses import normalise_address
from packstation.sandbox.catalog import Catalog, PackageSize
from packstation.sandbox.model import ItemSpec, JsonDict, Money, PackageSpec, ShipmentRequest
from packstation.sandbox.request_fields import (
    Problems,
    choice,
    is_number,
    object_list,
    optional_bool,
    optional_object,
    optional_text,
    parse_date,
    string_list,
)

_KG_PER_UNIT = {"kg": 1.0, "kgs": 1.0, "kilograms": 1.0, "g": 0.001, "grams": 0.001}
_KG_PER_UNIT |= {"lb": 0.45359237, "lbs": 0.45359237, "oz": 0.028349523}
_CM_PER_UNIT = {"cm": 1.0, "mm": 0.1, "m": 100.0, "in": 2.54, "inches": 2.54}


def parse_shipment_request(body: Any, catalog: Catalog) -> ShipmentRequest:
    problems = Problems()
    if not isinstance(body, Mapping):
        problems.invalid("", "The request body must be a JSON object.")
        problems.raise_if_any()
    packages = _parse_packages(body.get("Packages"), catalog, problems)
    addresses, location_reference, remote_country = _parse_addresses(
        body.get("Addresses"), catalog, problems
    )
    request = ShipmentRequest(
        packages=packages,
        addresses=addresses,
        shipping_location_reference=location_reference,
        remote_country=remote_country,
        customer_reference=optional_text(body, "ConsignmentReferenceProvidedByCustomer", problems),
        shipping_date=parse_date(body.get("ShippingDate"), "ShippingDate", problems),
        delivery_date=parse_date(body.get("DeliveryDate"), "DeliveryDate", problems),
        guaranteed_only=optional_bool(body, "GuaranteedOnly", problems),
        source=choice(body, "Source", ("Api", "Web"), "Api", problems),
        direction=choice(body, "Direction", ("Outbound", "Inbound"), "Outbound", problems),
        customs_documentation=optional_object(body, "CustomsDocumentation", problems),
        metadata=object_list(body.get("MetaData"), "MetaData", problems),
        tags=string_list(body.get("Tags"), "Tags", problems),
    )
    problems.raise_if_any()
    return request


def _parse_packages(raw: Any, catalog: Catalog, problems: Problems) -> list[PackageSpec]:
    if not isinstance(raw, list) or not raw:
        problems.required("Packages", "At least one package is required.")
        return []
    packages = []
    for index, package in enumerate(raw):
        parsed = _parse_package(package, f"Packages[{index}]", catalog, problems)
        if parsed is not None:
            packages.append(parsed)
    return packages


def _parse_package(
    raw: Any, target: str, catalog: Catalog, problems: Problems
) -> PackageSpec | None:
    if not isinstance(raw, Mapping):
        problems.invalid(target, "A package must be a JSON object.")
        return None
    size = None
    size_reference = raw.get("PackageSizeReference") or None
    if size_reference is not None:
        size = catalog.package_size(str(size_reference))
        if size is None:
            problems.invalid(f"{target}.PackageSizeReference", "Unknown package size reference.")
    weight = _parse_weight(raw.get("Weight"), f"{target}.Weight", problems, size is None)
    dimensions = _parse_dimensions(raw.get("Dimensions"), f"{target}.Dimensions", problems, size)
    description = raw.get("Description")
    if not isinstance(description, str) or not description.strip():
        problems.required(f"{target}.Description", "A package description is required.")
    value = parse_money(raw.get("Value"), f"{target}.Value", problems, required=True)
    items = [
        item
        for index, item_raw in enumerate(object_list(raw.get("Items"), f"{target}.Items", problems))
        if (item := _parse_item(item_raw, f"{target}.Items[{index}]", problems)) is not None
    ]
    if weight is None and size is not None:
        weight = size.nominal_weight_kg
    if weight is None or dimensions is None or value is None or not isinstance(description, str):
        return None
    return PackageSpec(
        weight_kg=weight,
        length_cm=dimensions[0],
        width_cm=dimensions[1],
        height_cm=dimensions[2],
        description=description,
        value=value,
        size_reference=None if size is None else size.reference,
        customer_reference=optional_text(
            raw, "PackageReferenceProvidedByCustomer", problems, target
        ),
        items=items,
        metadata=object_list(raw.get("MetaData"), f"{target}.MetaData", problems),
        barcode=raw.get("Barcode") if isinstance(raw.get("Barcode"), Mapping) else None,
    )


def _parse_item(raw: JsonDict, target: str, problems: Problems) -> ItemSpec | None:
    quantity = raw.get("Quantity", 1)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        problems.invalid(f"{target}.Quantity", "Quantity must be a whole number of at least 1.")
        return None
    description = raw.get("Description") or raw.get("Sku")
    if not isinstance(description, str):
        problems.required(f"{target}.Description", "An item needs a Description or a Sku.")
        return None
    weight = None
    if raw.get("Weight") is not None:
        weight = _parse_weight(raw.get("Weight"), f"{target}.Weight", problems, required=True)
    return ItemSpec(
        reference="",
        description=description,
        quantity=quantity,
        sku=optional_text(raw, "Sku", problems, target),
        unit_weight_kg=weight,
        unit_value=parse_money(raw.get("Value"), f"{target}.Value", problems, required=False),
        hs_code=optional_text(raw, "HarmonisationCode", problems, target),
        country_of_origin=optional_text(raw, "CountryOfOrigin", problems, target),
        customer_reference=optional_text(raw, "ItemReferenceProvidedByCustomer", problems, target),
    )


def _parse_weight(raw: Any, target: str, problems: Problems, required: bool) -> float | None:
    if raw is None:
        if required:
            problems.required(target, "Weight is required unless PackageSizeReference is given.")
        return None
    if isinstance(raw, Mapping) and "Kg" in raw and "Value" not in raw:
        raw = {"Value": raw["Kg"], "Unit": "Kg"}  # the SDK16 shape {"Kg": 1.5}
    value = raw.get("Value") if isinstance(raw, Mapping) else None
    unit = str(raw.get("Unit", "Kg")).lower() if isinstance(raw, Mapping) else ""
    if not is_number(value) or value <= 0 or unit not in _KG_PER_UNIT:
        problems.invalid(target, 'Weight must look like {"Value": 0.5, "Unit": "Kg"}, Value > 0.')
        return None
    return round(float(value) * _KG_PER_UNIT[unit], 3)


def _parse_dimensions(
    raw: Any, target: str, problems: Problems, size: PackageSize | None
) -> tuple[float, float, float] | None:
    if raw is None:
        if size is not None:
            return (size.length_cm, size.width_cm, size.height_cm)
        problems.required(target, "Dimensions are required unless PackageSizeReference is given.")
        return None
    unit = str(raw.get("Unit", "Cm")).lower() if isinstance(raw, Mapping) else ""
    raw_sides = [raw.get(name) if isinstance(raw, Mapping) else None for name in _SIDES]
    sides = [float(side) for side in raw_sides if is_number(side) and side > 0]
    if unit not in _CM_PER_UNIT or len(sides) != len(_SIDES):
        problems.invalid(target, "Dimensions need Unit (Cm) and positive Length, Width, Height.")
        return None
    length, width, height = (round(side * _CM_PER_UNIT[unit], 1) for side in sides)
    return (length, width, height)


_SIDES = ("Length", "Width", "Height")


def parse_money(raw: Any, target: str, problems: Problems, required: bool) -> Money | None:
    if raw is None:
        if required:
            problems.required(target, 'A value like {"Amount": 5.99, "Currency": ...} is required.')
        return None
    amount = raw.get("Amount") if isinstance(raw, Mapping) else None
    currency = raw.get("Currency") if isinstance(raw, Mapping) else None
    iso_code = currency.get("IsoCode") if isinstance(currency, Mapping) else None
    if not is_number(amount) or amount < 0:
        problems.invalid(f"{target}.Amount", "Amount must be a number of at least 0.")
        return None
    if not isinstance(iso_code, str) or len(iso_code) != 3:
        problems.required(f"{target}.Currency.IsoCode", "A three-letter currency code.")
        return None
    return Money(round(float(amount), 2), iso_code.upper())


def _parse_addresses(
    raw: Any, catalog: Catalog, problems: Problems
) -> tuple[list[JsonDict], str, str]:
    if not isinstance(raw, list) or not raw:
        problems.required("Addresses", "An Origin and a Destination address are required.")
        return [], "", ""
    addresses = [
        normalise_address(address, f"Addresses[{index}]", catalog, problems)
        for index, address in enumerate(raw)
    ]
    by_type: dict[str, JsonDict] = {}
    for address in addresses:
        by_type.setdefault(str(address.get("AddressType")), address)
    for needed in ("Origin", "Destination"):
        if needed not in by_type:
            problems.required("Addresses", f"An address with AddressType {needed} is required.")
    if problems.details:
        return addresses, "", ""
    origin, destination = by_type["Origin"], by_type["Destination"]
    location_side, remote_side = (
        (origin, destination) if origin.get("ShippingLocationReference") else (destination, origin)
    )
    location_reference = location_side.get("ShippingLocationReference")
    if not location_reference:
        problems.required(
            "Addresses", "The Origin or the Destination must carry a ShippingLocationReference."
        )
        return addresses, "", ""
    remote_country = remote_side["Country"]["IsoCode"]["TwoLetterCode"]
    return addresses, str(location_reference), str(remote_country)
