"""What a shipping label and a customs document show: plain, immutable input records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


@dataclass(frozen=True)
class LabelAddress:
    name: str  # the person's name
    company: str | None
    lines: tuple[str, ...]  # address lines 1..3, non-empty ones only
    town: str
    region: str | None
    postcode: str
    country_code: str  # ISO 3166 two-letter code, e.g. "GB"
    country_name: str


@dataclass(frozen=True)
class PackageLabel:
    consignment_reference: str  # "EC-000-05B-MMQ"
    package_reference: str  # "EP-000-05E-YRQ"
    package_number: int  # 1-based
    package_count: int
    tracking_number: str  # encoded in the Code128 barcode
    carrier_name: str
    service_name: str
    shipping_date: date
    sender: LabelAddress
    recipient: LabelAddress
    weight_kg: float
    customer_reference: str | None  # ConsignmentReferenceProvidedByCustomer


class CustomsDocumentKind(StrEnum):
    CN22 = "CN22"
    CN23 = "CN23"
    COMMERCIAL_INVOICE = "CommercialInvoice"


@dataclass(frozen=True)
class CustomsItem:
    description: str
    quantity: int
    unit_weight_kg: float
    unit_value: Decimal | float
    currency: str  # ISO 4217, e.g. "GBP"
    hs_code: str | None
    country_of_origin: str | None  # ISO two-letter code
    sku: str | None


@dataclass(frozen=True)
class CustomsData:
    consignment_reference: str
    package_reference: str | None
    sender: LabelAddress
    receiver: LabelAddress
    items: tuple[CustomsItem, ...]
    currency: str
    category: str  # Gift, CommercialSample, Documents, Other, ReturnedGoods, SaleOfGoods
    shipping_terms: str | None  # Incoterm, e.g. "DAP"
    invoice_number: str
    invoice_date: date
    declaration_date: date
    designated_person: str | None
    shippers_eori: str | None
    receivers_eori: str | None
    total_weight_kg: float  # gross, packaging included
