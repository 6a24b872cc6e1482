"""Fictional people, addresses and products the demo orders are made of.

Names are invented; streets are "Example"/"Sample" streets; phone numbers come from the
ranges regulators reserve for drama (UK 07700 900xxx, US 555-01xx, ...); emails are
example.com addresses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    sku: str
    description: str
    unit_weight_kg: float
    unit_value_gbp: float
    hs_code: str
    country_of_origin: str
    longest_side_cm: float | None = None  # set for products that make a parcel long


PRODUCTS = {
    product.sku: product
    for product in (
        Product("SKU-SOCK-01", "Wool socks", 0.1, 8.50, "611595", "GB"),
        Product("SKU-MUG-02", "Ceramic mug", 0.4, 12.00, "691200", "GB"),
        Product("SKU-TEA-03", "Loose leaf tea 250g", 0.3, 9.95, "090230", "IN"),
        Product("SKU-BOOK-04", "Paperback book", 0.5, 10.99, "490199", "GB"),
        Product("SKU-JUMP-05", "Knitted jumper", 0.6, 65.00, "611011", "GB"),
        Product("SKU-LAMP-06", "Desk lamp", 1.8, 45.00, "940520", "CN"),
        Product("SKU-KETL-07", "Electric kettle", 1.4, 39.99, "851671", "CN"),
        Product("SKU-BOOT-08", "Leather boots", 1.6, 120.00, "640399", "PT"),
        Product("SKU-KBEL-12", "Cast iron kettlebell 12 kg", 12.0, 45.00, "950691", "CN"),
        Product("SKU-ROD-11", "Fishing rod 120 cm", 1.2, 85.00, "950710", "GB", 120.0),
        Product("SKU-SCRF-12", "Silk scarf", 0.1, 250.00, "621410", "IT"),
        Product("SKU-CARD-13", "Greeting cards (pack of 10)", 0.2, 6.00, "490900", "GB"),
    )
}

FIRST_NAMES = (
    "Ada", "Ben", "Cara", "Dev", "Elin", "Finn", "Gita", "Hugo", "Iris", "Jon",
    "Kira", "Liam", "Mina", "Noor", "Owen", "Pia", "Ravi", "Sana", "Tom", "Uma",
)  # fmt: skip
LAST_NAMES = (
    "Testwell", "Sampleton", "Demoford", "Exampleby", "Mockridge", "Fakenham-Smith",
    "Placeholder", "Dummett", "Trialson", "Specimen",
)  # fmt: skip
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr")


@dataclass(frozen=True)
class Place:
    country: str
    street: str  # "{n}" is replaced by a house number
    town: str
    region: str | None
    postcode: str
    phone: str  # "{nn}" is replaced by two digits


PLACES: dict[str, tuple[Place, ...]] = {
    "GB": (
        Place("GB", "{n} Example Street", "Leeds", "West Yorkshire", "LS1 4AP", "07700 900{nn}"),
        Place("GB", "{n} Sample Lane", "Bristol", None, "BS1 5TR", "07700 900{nn}"),
        Place("GB", "Flat {n}, Demo Court", "London", None, "SE1 9SG", "07700 900{nn}"),
        Place("GB", "{n} Test Road", "Glasgow", "Glasgow City", "G2 3BZ", "07700 900{nn}"),
        Place("GB", "{n} Mock Avenue", "Cardiff", None, "CF10 1EP", "07700 900{nn}"),
        Place("GB", "{n} Placeholder Close", "Norwich", "Norfolk", "NR2 4TT", "07700 900{nn}"),
        Place("GB", "{n} Specimen Way", "Belfast", "County Antrim", "BT1 5GS", "07700 900{nn}"),
    ),
    "IE": (
        Place("IE", "{n} Example Road", "Dublin 2", "Dublin", "D02 X285", "+353 20 910 00{nn}"),
    ),
    "FR": (Place("FR", "{n} Rue de l'Exemple", "Paris", None, "75002", "+33 1 99 00 00 {nn}"),),
    "DE": (Place("DE", "Musterstraße {n}", "Berlin", None, "10115", "+49 30 23125 0{nn}"),),
    "NL": (Place("NL", "Voorbeeldstraat {n}", "Utrecht", None, "3511 AB", "+31 6 99 00 00 {nn}"),),
    "ES": (Place("ES", "Calle Ejemplo {n}", "Madrid", None, "28013", "+34 600 000 0{nn}"),),
    "IT": (Place("IT", "Via Esempio {n}", "Milano", "MI", "20121", "+39 02 0000 00{nn}"),),
    "BE": (Place("BE", "Voorbeeldlaan {n}", "Gent", None, "9000", "+32 470 00 00 {nn}"),),
    "US": (
        Place("US", "{n} Example Avenue", "Springfield", "IL", "62701", "+1 217 555 01{nn}"),
        Place("US", "{n} Sample Street", "Portland", "OR", "97205", "+1 503 555 01{nn}"),
    ),
    "CA": (Place("CA", "{n} Example Crescent", "Toronto", "ON", "M5V 2T6", "+1 416 555 01{nn}"),),
    "AU": (
        Place("AU", "{n} Sample Street", "Sydney", "NSW", "2000", "+61 491 570 1{nn}"),
        Place("AU", "{n} Example Parade", "Melbourne", "VIC", "3000", "+61 491 570 1{nn}"),
    ),
    "JP": (
        Place("JP", "{n}-1 Example-cho", "Chiyoda-ku", "Tokyo", "100-0001", "+81 3 0000 00{nn}"),
    ),
}

SHIPPERS_EORI = "GB123456789000"
DESIGNATED_PERSON = "Sam Shipper"

Packages = tuple[tuple[tuple[str, int], ...], ...]  # per package: (sku, quantity) pairs


@dataclass(frozen=True)
class OrderTemplate:
    country: str
    packages: Packages
    choice: str | None = None  # None, "valid" or "expired": the customer's checkout choice
    category: str = "SaleOfGoods"  # customs CategoryType for international orders


def _one(*lines: tuple[str, int]) -> Packages:
    return (tuple(lines),)


SOCKS, MUG, TEA, BOOK = ("SKU-SOCK-01", 1), ("SKU-MUG-02", 1), ("SKU-TEA-03", 2), ("SKU-BOOK-04", 1)
JUMPER, LAMP, KETTLE = ("SKU-JUMP-05", 1), ("SKU-LAMP-06", 1), ("SKU-KETL-07", 1)
BOOTS, BELL, ROD = ("SKU-BOOT-08", 1), ("SKU-KBEL-12", 1), ("SKU-ROD-11", 1)
SCARF, CARDS = ("SKU-SCRF-12", 1), ("SKU-CARD-13", 1)

# The 44 seeded orders, in reference order (docs/sandbox.md lists them by category).
TEMPLATES: tuple[OrderTemplate, ...] = (
    # UK, one package
    OrderTemplate("GB", _one(SOCKS)),
    OrderTemplate("GB", _one(MUG, TEA), choice="valid"),
    OrderTemplate("GB", _one(BOOK)),
    OrderTemplate("GB", _one(JUMPER)),
    OrderTemplate("GB", _one(LAMP), choice="valid"),
    OrderTemplate("GB", _one(KETTLE)),
    OrderTemplate("GB", _one(CARDS), choice="expired"),
    OrderTemplate("GB", _one(BOOTS)),
    OrderTemplate("GB", _one(("SKU-SOCK-01", 3), BOOK)),
    OrderTemplate("GB", _one(TEA)),
    OrderTemplate("GB", _one(MUG)),
    OrderTemplate("GB", _one(SCARF)),
    # UK, 2 to 4 packages
    OrderTemplate("GB", (( LAMP,), (KETTLE,))),
    OrderTemplate("GB", ((BOOK,), (MUG,), (TEA,)), choice="valid"),
    OrderTemplate("GB", ((SOCKS,), (JUMPER,), (BOOK,), (CARDS,))),
    OrderTemplate("GB", ((BOOTS,), (JUMPER,))),
    OrderTemplate("GB", ((KETTLE,), (LAMP,), (MUG,)), choice="expired"),
    OrderTemplate("GB", ((TEA,), (TEA,), (TEA,), (TEA,))),
    OrderTemplate("GB", ((MUG,), (MUG,))),
    OrderTemplate("GB", ((SCARF,), (SOCKS,), (CARDS,))),
    # heavy: 25 kg (two kettlebells), and 12.5 kg (Evri Standard 48 hands it to Royal Mail)
    OrderTemplate("GB", _one(("SKU-KBEL-12", 2))),
    OrderTemplate("GB", _one(("SKU-KBEL-12", 2))),
    OrderTemplate("GB", ((("SKU-KBEL-12", 2),), (BOOK,))),
    OrderTemplate("GB", _one(BELL)),
    OrderTemplate("GB", _one(BELL), choice="valid"),
    # oversized: 120 cm
    OrderTemplate("GB", _one(ROD)),
    OrderTemplate("GB", _one(ROD, SOCKS)),
    OrderTemplate("DE", _one(ROD), category="SaleOfGoods"),
    # international
    OrderTemplate("IE", _one(JUMPER), category="SaleOfGoods"),
    OrderTemplate("FR", _one(BOOK, TEA), choice="valid", category="SaleOfGoods"),
    OrderTemplate("DE", ((BOOTS,), (JUMPER,), (SCARF,)), category="SaleOfGoods"),
    OrderTemplate("NL", _one(SOCKS), category="Gift"),
    OrderTemplate("ES", _one(LAMP), category="SaleOfGoods"),
    OrderTemplate("IT", _one(SCARF, JUMPER), category="SaleOfGoods"),
    OrderTemplate("BE", _one(MUG), category="CommercialSample"),
    OrderTemplate("US", _one(BOOK), choice="valid", category="SaleOfGoods"),
    OrderTemplate("US", ((BOOTS,), (SCARF, JUMPER)), category="SaleOfGoods"),
    OrderTemplate("US", _one(TEA), category="Gift"),
    OrderTemplate("AU", _one(JUMPER, SOCKS), category="SaleOfGoods"),
    OrderTemplate("AU", _one(KETTLE), category="SaleOfGoods"),
    OrderTemplate("CA", _one(CARDS), category="Documents"),
    OrderTemplate("JP", _one(SCARF), category="SaleOfGoods"),
    # UK, more single packages
    OrderTemplate("GB", _one(("SKU-MUG-02", 2))),
    OrderTemplate("GB", _one(JUMPER, SOCKS)),
)  # fmt: skip

# Orders added by POST /_sandbox/orders/generate cycle through these (no checkout choice).
GENERATED_TEMPLATES: tuple[OrderTemplate, ...] = tuple(
    OrderTemplate(template.country, template.packages, None, template.category)
    for template in TEMPLATES
    if template.choice is None
)
