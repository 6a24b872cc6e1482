"""Delivery-option generation (reference §5.4 semantics).

For each service that can carry the packages to the destination, every collection day from
the next one (today when before the service's cut-off; Monday to Friday) gives one delivery
date. Dates run up to 14 days ahead, or up to and including the request's DeliveryDate.
Options are grouped by (delivery date, window); each group offers its cheapest service.
Bank holidays are not modelled.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from packstation.sandbox.catalog import COUNTRIES, CarrierService, Catalog, Zone
from packstation.sandbox.clock import LONDON
from packstation.sandbox.model import ShipmentRequest

HORIZON_DAYS = 14
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class OptionCandidate:
    service: CarrierService
    shipping_date: date  # the collection day
    delivery_date: date
    allocation_cutoff: datetime  # the service's collection cut-off that day: the expiry
    operational_cutoff: datetime  # the shipping location's cut-off that day
    net: float

    def sort_key(self) -> tuple[date, object, object]:
        return (self.delivery_date, self.service.window[0], self.service.window[1])


def zone_of(country_code: str) -> Zone | None:
    country = COUNTRIES.get(country_code.upper())
    return None if country is None else country.zone


def can_carry(service: CarrierService, request: ShipmentRequest) -> bool:
    zone = zone_of(request.remote_country)
    if zone is None or zone not in service.zones:
        return False
    if request.guaranteed_only and not service.guaranteed:
        return False
    service_tags = {tag.lower() for tag in service.tags}
    if any(tag.lower() not in service_tags for tag in request.tags):
        return False
    return all(
        package.weight_kg <= service.max_weight_kg
        and package.longest_side_cm <= service.max_length_cm
        and package.girth_cm <= service.max_girth_cm
        for package in request.packages
    )


def net_price(service: CarrierService, request: ShipmentRequest) -> float:
    zone = zone_of(request.remote_country)
    assert zone is not None
    terms = service.zones[zone]
    return round(
        terms.base_net * len(request.packages) + terms.per_kg_net * request.total_weight_kg, 2
    )


def generate_candidates(
    catalog: Catalog, request: ShipmentRequest, now: datetime
) -> list[OptionCandidate]:
    location = catalog.location(request.shipping_location_reference)
    zone = zone_of(request.remote_country)
    if location is None or zone is None:
        return []
    today = now.astimezone(LONDON).date()
    horizon = request.delivery_date or today + timedelta(days=HORIZON_DAYS)
    best: dict[tuple[date, object], OptionCandidate] = {}
    for service in catalog.services:
        if not can_carry(service, request):
            continue
        net = net_price(service, request)
        lead_days = service.zones[zone].lead_days
        for collection in _collection_days(service, now, request.shipping_date):
            delivery = _advance_delivery_days(service, collection, lead_days)
            if delivery > horizon:
                break
            candidate = OptionCandidate(
                service=service,
                shipping_date=collection,
                delivery_date=delivery,
                allocation_cutoff=_at(collection, service.cutoff),
                operational_cutoff=_at(collection, location.operational_cutoff),
                net=net,
            )
            key = (delivery, service.window)
            current = best.get(key)
            if current is None or _preferred(candidate, current):
                best[key] = candidate
    return sorted(best.values(), key=OptionCandidate.sort_key)


def _preferred(candidate: OptionCandidate, current: OptionCandidate) -> bool:
    """Cheapest first; at the same price the later cut-off (more time to pack)."""
    return (
        candidate.net,
        -candidate.allocation_cutoff.timestamp(),
        candidate.service.reference,
    ) < (
        current.net,
        -current.allocation_cutoff.timestamp(),
        current.service.reference,
    )


def _collection_days(
    service: CarrierService, now: datetime, earliest: date | None
) -> Iterator[date]:
    local_now = now.astimezone(LONDON)
    day = local_now.date()
    if local_now.time() >= service.cutoff:
        day += _ONE_DAY
    if earliest is not None and earliest > day:
        day = earliest
    for _ in range(HORIZON_DAYS * 4):  # far beyond any horizon; a guard, not a rule
        if day.weekday() in service.collection_weekdays:
            yield day
        day += _ONE_DAY


def _advance_delivery_days(service: CarrierService, collection: date, lead_days: int) -> date:
    day = collection
    remaining = lead_days
    while remaining > 0:
        day += _ONE_DAY
        if day.weekday() in service.delivery_weekdays:
            remaining -= 1
    return day


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=LONDON)
