"""JSON for the parts orders and consignments share: packages and items."""

from __future__ import annotations

from typing import Any

from packstation.sandbox.model import ItemSpec, JsonDict, PackageSpec
from packstation.sandbox.shapes import Shapes, dimensions, money


def item_json(item: ItemSpec, shapes: Shapes) -> JsonDict:
    return {
        "Reference": item.reference,
        "Sku": item.sku,
        "Model": None,
        "Description": item.description,
        "CountryOfOrigin": item.country_of_origin,
        "HarmonisationCode": item.hs_code,
        "Weight": shapes.weight(item.unit_weight_kg),
        "Dimensions": None,
        "Value": money(item.unit_value),
        "ItemReferenceProvidedByCustomer": item.customer_reference,
        "Barcode": None,
        "MetaData": [],
        "Quantity": item.quantity,
        "Unit": None,
        "HarmonisationKeyWords": [],
        "Status": None,
        "ContentClassification": "NotSpecified",
        "ContentClassificationDetails": "NotSpecified",
    }


def package_json(spec: PackageSpec, shapes: Shapes, **extra: Any) -> JsonDict:
    return {
        "Reference": None,
        "PackageReferenceProvidedByCustomer": spec.customer_reference,
        "PackageSizeReference": spec.size_reference,
        "Description": spec.description,
        "Weight": shapes.weight(spec.weight_kg),
        "Dimensions": dimensions(spec.length_cm, spec.width_cm, spec.height_cm),
        "Value": money(spec.value),
        "Barcode": spec.barcode,
        "MetaData": spec.metadata,
        "Items": [item_json(item, shapes) for item in spec.items],
        **extra,
    }
