"""The demo account's fixed configuration: shipping location, carriers, services, box sizes.

Figures are realistic in shape, not any carrier's real price list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum


class Zone(StrEnum):
    DOMESTIC = "GB"
    EUROPE = "EU"
    WORLD = "ROW"


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    code3: str
    numeric: int
    name: str
    zone: Zone


COUNTRIES: Mapping[str, Country] = {
    country.code: country
    for country in (
        Country("GB", "GBR", 826, "United Kingdom", Zone.DOMESTIC),
        Country("IE", "IRL", 372, "Ireland", Zone.EUROPE),
        Country("FR", "FRA", 250, "France", Zone.EUROPE),
        Country("DE", "DEU", 276, "Germany", Zone.EUROPE),
        Country("NL", "NLD", 528, "Netherlands", Zone.EUROPE),
        Country("BE", "BEL", 56, "Belgium", Zone.EUROPE),
        Country("ES", "ESP", 724, "Spain", Zone.EUROPE),
        Country("IT", "ITA", 380, "Italy", Zone.EUROPE),
        Country("US", "USA", 840, "United States of America", Zone.WORLD),
        Country("CA", "CAN", 124, "Canada", Zone.WORLD),
        Country("AU", "AUS", 36, "Australia", Zone.WORLD),
        Country("JP", "JPN", 392, "Japan", Zone.WORLD),
    )
}


class TrackingFormat(StrEnum):
    ROYAL_MAIL = "royal_mail"  # UPU S10, e.g. AB123456785GB
    DPD = "dpd"  # 14 digits
    EVRI = "evri"  # 16 characters starting with H
    DHL = "dhl"  # 10 digits


@dataclass(frozen=True)
class Carrier:
    reference: str
    name: str
    tracking_format: TrackingFormat


@dataclass(frozen=True)
class ZoneTerms:
    lead_days: int  # delivery days after the collection day
    base_net: float  # per package, GBP
    per_kg_net: float


WEEKDAYS = frozenset(range(5))  # Monday..Friday
MONDAY_TO_SATURDAY = frozenset(range(6))
ALL_DAY = (time(0, 0), time(23, 59))


@dataclass(frozen=True, eq=False)
class CarrierService:
    reference: str
    name: str
    carrier: Carrier
    group_reference: str
    group_name: str
    service_types: tuple[str, ...]
    guaranteed: bool
    max_weight_kg: float
    max_length_cm: float
    max_girth_cm: float  # length + 2 x (width + height)
    zones: Mapping[Zone, ZoneTerms]
    cutoff: time  # daily collection cut-off, UK time: the option's AllocationCutOff
    window: tuple[time, time] = ALL_DAY
    collection_weekdays: frozenset[int] = WEEKDAYS
    delivery_weekdays: frozenset[int] = WEEKDAYS
    tags: frozenset[str] = field(default_factory=frozenset)
    vat_rate: float = 0.2


@dataclass(frozen=True)
class ShippingLocation:
    reference: str
    name: str
    company: str
    address_lines: tuple[str, ...]
    town: str
    region: str
    postcode: str
    country_code: str
    telephone: str
    email: str
    operational_cutoff: time  # the warehouse's own cut-off: the option's OperationalCutOff
    aliases: tuple[str, ...] = ()  # other references that name this location


@dataclass(frozen=True)
class PackageSize:
    reference: str
    name: str
    length_cm: float
    width_cm: float
    height_cm: float
    nominal_weight_kg: float  # used when a package gives a size reference and no weight


ROYAL_MAIL = Carrier("ROYAL_MAIL", "Royal Mail", TrackingFormat.ROYAL_MAIL)
DPD = Carrier("DPD", "DPD", TrackingFormat.DPD)
EVRI = Carrier("EVRI", "Evri", TrackingFormat.EVRI)
DHL = Carrier("DHL_EXPRESS", "DHL Express", TrackingFormat.DHL)

_DOMESTIC_48 = ("Standard",)
_NEXT_DAY = ("NextDay",)


def _domestic(lead_days: int, base: float, per_kg: float) -> Mapping[Zone, ZoneTerms]:
    return {Zone.DOMESTIC: ZoneTerms(lead_days, base, per_kg)}


SERVICES: tuple[CarrierService, ...] = (
    CarrierService(
        "RM_TRACKED48", "Tracked 48", ROYAL_MAIL, "STANDARD", "Standard", _DOMESTIC_48,
        guaranteed=False, max_weight_kg=20, max_length_cm=61, max_girth_cm=200,
        zones=_domestic(2, 3.20, 0.35), cutoff=time(17, 30),
        delivery_weekdays=MONDAY_TO_SATURDAY, tags=frozenset({"Tracked"}),
    ),
    CarrierService(
        "RM_TRACKED24", "Tracked 24", ROYAL_MAIL, "NEXTDAY", "Next Day", _NEXT_DAY,
        guaranteed=False, max_weight_kg=20, max_length_cm=61, max_girth_cm=200,
        zones=_domestic(1, 4.10, 0.40), cutoff=time(17, 30),
        delivery_weekdays=MONDAY_TO_SATURDAY, tags=frozenset({"Tracked"}),
    ),
    CarrierService(
        "RM_SD1PM", "Special Delivery Guaranteed by 1pm", ROYAL_MAIL, "TIMED", "Timed",
        ("NextDay", "Timed"), guaranteed=True, max_weight_kg=20, max_length_cm=61,
        max_girth_cm=200, zones=_domestic(1, 8.50, 0.60), cutoff=time(17, 30),
        window=(time(0, 0), time(13, 0)), tags=frozenset({"Tracked", "Signed"}),
    ),
    CarrierService(
        "RM_INTL_TRACKED", "International Tracked", ROYAL_MAIL, "INTERNATIONAL",
        "International", ("International",), guaranteed=False, max_weight_kg=2,
        max_length_cm=60, max_girth_cm=180,
        zones={Zone.EUROPE: ZoneTerms(4, 9.00, 4.00), Zone.WORLD: ZoneTerms(6, 12.50, 7.50)},
        cutoff=time(17, 30), tags=frozenset({"Tracked"}),
    ),
    CarrierService(
        "DPD_NEXTDAY", "Next Day", DPD, "NEXTDAY", "Next Day", _NEXT_DAY, guaranteed=True,
        max_weight_kg=30, max_length_cm=175, max_girth_cm=300,
        zones=_domestic(1, 6.50, 0.20), cutoff=time(18, 0),
        tags=frozenset({"Tracked", "Signed"}),
    ),
    CarrierService(
        "DPD_NEXTDAY_12", "Next Day by 12:00", DPD, "TIMED", "Timed", ("NextDay", "Timed"),
        guaranteed=True, max_weight_kg=30, max_length_cm=175, max_girth_cm=300,
        zones=_domestic(1, 9.50, 0.20), cutoff=time(18, 0), window=(time(0, 0), time(12, 0)),
        tags=frozenset({"Tracked", "Signed"}),
    ),
    CarrierService(
        "DPD_SATURDAY", "Saturday", DPD, "WEEKEND", "Weekend", ("Weekend",), guaranteed=True,
        max_weight_kg=30, max_length_cm=175, max_girth_cm=300,
        zones=_domestic(1, 11.00, 0.20), cutoff=time(18, 0), window=(time(7, 0), time(13, 0)),
        collection_weekdays=frozenset({4}), delivery_weekdays=frozenset({5}),
        tags=frozenset({"Tracked", "Signed"}),
    ),
    CarrierService(
        "DPD_CLASSIC_EUROPE", "Classic Europe", DPD, "INTERNATIONAL", "International",
        ("International",), guaranteed=False, max_weight_kg=31.5, max_length_cm=175,
        max_girth_cm=300, zones={Zone.EUROPE: ZoneTerms(3, 12.00, 0.80)}, cutoff=time(18, 0),
        tags=frozenset({"Tracked"}),
    ),
    CarrierService(
        "EVRI_STD48", "Standard 48", EVRI, "STANDARD", "Standard", _DOMESTIC_48,
        guaranteed=False, max_weight_kg=15, max_length_cm=100, max_girth_cm=245,
        zones=_domestic(2, 2.60, 0.25), cutoff=time(16, 0), delivery_weekdays=MONDAY_TO_SATURDAY,
        tags=frozenset({"Tracked"}),
    ),
    CarrierService(
        "EVRI_NEXTDAY", "Next Day", EVRI, "NEXTDAY", "Next Day", _NEXT_DAY, guaranteed=False,
        max_weight_kg=15, max_length_cm=100, max_girth_cm=245, zones=_domestic(1, 3.90, 0.30),
        cutoff=time(16, 0), tags=frozenset({"Tracked"}),
    ),
    CarrierService(
        "DHL_EXPRESS_WW", "Express Worldwide", DHL, "INTERNATIONAL", "International",
        ("International", "Express"), guaranteed=True, max_weight_kg=70, max_length_cm=120,
        max_girth_cm=330,
        zones={Zone.EUROPE: ZoneTerms(2, 18.00, 1.50), Zone.WORLD: ZoneTerms(3, 28.00, 3.50)},
        cutoff=time(17, 30), tags=frozenset({"Tracked", "Signed"}),
    ),
)  # fmt: skip

# Select may allocate another service than the option showed (reference §5.5, §8): Evri
# hands parcels over 10 kg in its Standard 48 network to Royal Mail Tracked 48, same promise.
SUBSTITUTIONS: tuple[tuple[str, float, str], ...] = (("EVRI_STD48", 10.0, "RM_TRACKED48"),)

DEMO_LOCATION = ShippingLocation(
    reference="SL-DEMO-1",
    name="Demo Warehouse",
    company="Packstation Demo Ltd",
    address_lines=("Unit 4, Example Trading Estate", "Sandbox Road"),
    town="Manchester",
    region="Greater Manchester",
    postcode="M1 1AA",
    country_code="GB",
    telephone="0161 496 0000",
    email="warehouse@example.com",
    operational_cutoff=time(15, 30),
    # The reference's example bodies name these locations; they resolve to the demo warehouse.
    aliases=("Sorted1", "Location1", "EDC5-SL1"),
)

PACKAGE_SIZES: tuple[PackageSize, ...] = (
    PackageSize("LARGE_LETTER", "Large letter", 35.3, 25.0, 2.5, 0.5),
    PackageSize("SMALL_BOX", "Small box", 25.0, 18.0, 10.0, 1.0),
    PackageSize("MEDIUM_BOX", "Medium box", 40.0, 30.0, 20.0, 3.0),
    PackageSize("LARGE_BOX", "Large box", 60.0, 40.0, 40.0, 8.0),
)


@dataclass(frozen=True)
class Catalog:
    services: tuple[CarrierService, ...] = SERVICES
    locations: tuple[ShippingLocation, ...] = (DEMO_LOCATION,)
    package_sizes: tuple[PackageSize, ...] = PACKAGE_SIZES
    substitutions: tuple[tuple[str, float, str], ...] = SUBSTITUTIONS

    def service(self, reference: str) -> CarrierService:
        return next(service for service in self.services if service.reference == reference)

    def location(self, reference: str) -> ShippingLocation | None:
        wanted = reference.upper()
        return next(
            (
                location
                for location in self.locations
                if wanted in {name.upper() for name in (location.reference, *location.aliases)}
            ),
            None,
        )

    def same_location(self, reference: str, wanted: str) -> bool:
        """True when `wanted` names the location `reference` (by reference or alias)."""
        location = self.location(wanted)
        return reference.upper() == (wanted if location is None else location.reference).upper()

    def package_size(self, reference: str) -> PackageSize | None:
        wanted = reference.upper()
        return next((size for size in self.package_sizes if size.reference == wanted), None)

    @property
    def carriers(self) -> tuple[Carrier, ...]:
        return tuple(dict.fromkeys(service.carrier for service in self.services))

    def carrier(self, reference: str) -> Carrier | None:
        wanted = reference.upper()
        return next((c for c in self.carriers if c.reference.upper() == wanted), None)
