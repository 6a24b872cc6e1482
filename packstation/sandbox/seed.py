"""Deterministic demo orders: the same references and contents on every start for a seed.

Dates are relative to the sandbox clock, so options made at seed time are as fresh (or, for
the "expired" checkout choices, as stale) on any day the sandbox starts.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from packstation.sandbox.addresses import country_json, location_address
from packstation.sandbox.catalog import Catalog
from packstation.sandbox.demo_data import (
    DESIGNATED_PERSON,
    FIRST_NAMES,
    GENERATED_TEMPLATES,
    LAST_NAMES,
    PLACES,
    PRODUCTS,
    SHIPPERS_EORI,
    TEMPLATES,
    TITLES,
    OrderTemplate,
)
from packstation.sandbox.model import (
    ItemSpec,
    JsonDict,
    Money,
    OrderRecord,
    PackageSpec,
    ShipmentRequest,
)
from packstation.sandbox.options import generate_candidates
from packstation.sandbox.references import Prefix, stable_hex
from packstation.sandbox.store import Store

HEAVY_KG = 20.0
OVERSIZED_CM = 100.0
CHOICE_VALID_FOR = timedelta(days=7)
_EXPIRED_CHOICE_MADE_AGO = timedelta(days=5)


def seed_store(store: Store, catalog: Catalog, seed: int, now: datetime, extra: int) -> None:
    for index, template in enumerate(TEMPLATES):
        _add_order(store, catalog, seed, index, template, now)
    generate_orders(store, catalog, seed, now, extra)


def generate_orders(
    store: Store, catalog: Catalog, seed: int, now: datetime, count: int
) -> list[OrderRecord]:
    """`count` more orders, each fixed by the seed and its position: repeatable."""
    start = len(store.orders)
    return [
        _add_order(
            store, catalog, seed, index, GENERATED_TEMPLATES[index % len(GENERATED_TEMPLATES)], now
        )
        for index in range(start, start + count)
    ]


def _add_order(
    store: Store, catalog: Catalog, seed: int, index: int, template: OrderTemplate, now: datetime
) -> OrderRecord:
    rng = random.Random(f"{seed}:order:{index}")  # noqa: S311 - repeatable demo data
    reference = store.counters.next(Prefix.ORDER)
    created = (now - timedelta(minutes=7 * (index + 1))).replace(microsecond=0)
    request = _order_request(rng, catalog, seed, index, template, created)
    order = OrderRecord(
        reference=reference,
        customer_reference=request.customer_reference or "",
        created=created,
        request=request,
        categories=_categories(request, template),
    )
    if template.choice is not None:
        order.delivery_option_reference = _checkout_choice(
            store, catalog, request, now, expired=template.choice == "expired"
        )
    store.add_order(order)
    return order


def _checkout_choice(
    store: Store, catalog: Catalog, request: ShipmentRequest, now: datetime, expired: bool
) -> str | None:
    """The option the customer picked at checkout: valid for a week, or already expired."""
    if expired:
        candidates = generate_candidates(catalog, request, now - _EXPIRED_CHOICE_MADE_AGO)
        stale = [c for c in candidates if c.allocation_cutoff < now]
        chosen = stale[:1]
    else:
        candidates = generate_candidates(catalog, request, now)
        fresh = [c for c in candidates if c.allocation_cutoff <= now + CHOICE_VALID_FOR]
        chosen = sorted(fresh, key=lambda c: c.allocation_cutoff)[-1:]
    if not chosen:
        return None
    _, options = store.add_options(request, chosen, now)
    return options[0].reference


def _order_request(
    rng: random.Random,
    catalog: Catalog,
    seed: int,
    index: int,
    template: OrderTemplate,
    created: datetime,
) -> ShipmentRequest:
    location = catalog.locations[0]
    packages = [
        _package(seed, index, package_index, lines)
        for package_index, lines in enumerate(template.packages)
    ]
    international = template.country != location.country_code
    customs = _customs_documentation(template, index, created) if international else None
    metadata = [{"KeyValue": "ShippersEORI", "StringValue": SHIPPERS_EORI}] if international else []
    return ShipmentRequest(
        packages=packages,
        addresses=[location_address(location), _destination(rng, template.country, index)],
        shipping_location_reference=location.reference,
        remote_country=template.country,
        customer_reference=f"WEB-{100001 + index}",
        source="Web",
        customs_documentation=customs,
        metadata=metadata,
    )


def _package(
    seed: int, order_index: int, package_index: int, lines: tuple[tuple[str, int], ...]
) -> PackageSpec:
    products = [(PRODUCTS[sku], quantity) for sku, quantity in lines]
    contents_kg = sum(product.unit_weight_kg * quantity for product, quantity in products)
    weight = round(contents_kg + (0.2 if contents_kg < 5 else 1.0), 2)
    long_side = max((p.longest_side_cm or 0.0 for p, _ in products), default=0.0)
    length, width, height = (long_side, 12.0, 12.0) if long_side else _box_for(weight)
    value = round(sum(product.unit_value_gbp * quantity for product, quantity in products), 2)
    items = [
        ItemSpec(
            reference=stable_hex(seed, "item", order_index, package_index, item_index),
            description=product.description,
            quantity=quantity,
            sku=product.sku,
            unit_weight_kg=product.unit_weight_kg,
            unit_value=Money(product.unit_value_gbp),
            hs_code=product.hs_code,
            country_of_origin=product.country_of_origin,
        )
        for item_index, (product, quantity) in enumerate(products)
    ]
    description = products[0][0].description if len(products) == 1 else "Assorted goods"
    return PackageSpec(weight, length, width, height, description, Money(value), items=items)


def _box_for(weight_kg: float) -> tuple[float, float, float]:
    if weight_kg <= 1.0:
        return (25.0, 18.0, 10.0)
    if weight_kg <= 5.0:
        return (40.0, 30.0, 20.0)
    if weight_kg <= 15.0:
        return (45.0, 35.0, 30.0)
    return (50.0, 40.0, 30.0)


def _destination(rng: random.Random, country: str, index: int) -> JsonDict:
    place = rng.choice(PLACES[country])
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    phone = place.phone.replace("{nn}", f"{rng.randrange(100):02d}")
    return {
        "AddressType": "Destination",
        "Contact": {
            "Title": rng.choice(TITLES),
            "FirstName": first,
            "LastName": last,
            "Telephone": phone,
            "Mobile": phone,
            "Email": f"{first}.{last}@example.com".lower(),
        },
        "CompanyName": "Example Trading Co" if index % 9 == 4 else None,
        "CustomerName": f"{first} {last}",
        "AddressLine1": place.street.replace("{n}", str(rng.randrange(1, 200))),
        "AddressLine2": None,
        "AddressLine3": None,
        "Town": place.town,
        "Region": place.region,
        "Postcode": place.postcode,
        "Country": country_json(country),
        "SpecialInstructions": "Leave with neighbour if out" if index % 7 == 3 else None,
        "IsCached": False,
    }


def _customs_documentation(template: OrderTemplate, index: int, created: datetime) -> JsonDict:
    european = template.country in {"IE", "FR", "DE", "NL", "ES", "IT", "BE"}
    return {
        "DesignatedPersonResponsible": DESIGNATED_PERSON,
        "ShippersVatNumber": "GB999999973",
        "CategoryType": template.category,
        "CategoryTypeExplanation": None,
        "ReasonForExport": "Sale" if template.category == "SaleOfGoods" else template.category,
        "ShippingTerms": "DDP" if european else "DAP",
        "InvoiceDate": created.isoformat(),
        "DeclarationDate": created.isoformat(),
        "ReferencesOfAttachedInvoices": [f"INV-{100001 + index}"],
    }


def _categories(request: ShipmentRequest, template: OrderTemplate) -> list[str]:
    heaviest = max(package.weight_kg for package in request.packages)
    longest = max(package.longest_side_cm for package in request.packages)
    categories = ["single" if len(request.packages) == 1 else "multi"]
    categories.append("domestic" if template.country == "GB" else "international")
    if heaviest > HEAVY_KG:
        categories.append("heavy")
    if longest > OVERSIZED_CM:
        categories.append("oversized")
    categories.append(f"choice:{template.choice or 'none'}")
    return categories
