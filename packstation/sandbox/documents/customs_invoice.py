"""A commercial invoice for customs: parties with EORI numbers, terms, priced item lines, totals
and the exporter's declaration. A long item list runs on to further pages.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table

from packstation.sandbox.documents import customs_items as cells
from packstation.sandbox.documents.customs_amounts import net_weight_kg, total_quantity, total_value
from packstation.sandbox.documents.customs_category import CATEGORIES
from packstation.sandbox.documents.customs_heading import form_heading
from packstation.sandbox.documents.customs_items import Column, items_table
from packstation.sandbox.documents.customs_parts import (
    STRONG,
    address_lines,
    boxed,
    field,
    signed_declaration,
)
from packstation.sandbox.documents.formatting import iso_date, kilograms
from packstation.sandbox.documents.model import CustomsData

INVOICE_COLUMNS = (
    Column("SKU", 0.11, cells.sku),
    Column("Description of goods", 0.25, cells.description),
    Column("HS code", 0.11, cells.hs_code),
    Column("Origin", 0.07, cells.country_of_origin),
    Column("Qty", 0.06, cells.quantity),
    Column("Unit weight (kg)", 0.09, cells.unit_weight),
    Column("Net weight (kg)", 0.09, cells.line_weight),
    Column("Unit value", 0.11, cells.unit_value),
    Column("Total value", 0.11, cells.value),
)

_DECLARATION = (
    "I declare that the information on this invoice is true and correct, and that the "
    "contents of this shipment are as stated above."
)


def invoice_story(data: CustomsData, width: float) -> list[Any]:
    half = [width / 2] * 2
    quarter = [width / 4] * 4
    package = data.package_reference or "All packages"
    return [
        form_heading(
            "COMMERCIAL INVOICE", "For customs purposes", None, data.consignment_reference, width
        ),
        boxed(
            [
                [
                    field("Invoice number", data.invoice_number, style=STRONG),
                    field("Invoice date", iso_date(data.invoice_date), style=STRONG),
                    field("Consignment", data.consignment_reference, style=STRONG),
                    field("Package", package, style=STRONG),
                ]
            ],
            quarter,
        ),
        boxed(
            [
                [
                    field("Shipper / exporter", *address_lines(data.sender)),
                    field("Consignee / receiver", *address_lines(data.receiver)),
                ],
                [
                    field("Shipper's EORI", data.shippers_eori or "-", style=STRONG),
                    field("Receiver's EORI", data.receivers_eori or "-", style=STRONG),
                ],
            ],
            half,
        ),
        boxed(
            [
                [
                    field("Reason for export", CATEGORIES.get(data.category, data.category)),
                    field("Terms of delivery (Incoterms)", data.shipping_terms or "-"),
                    field("Currency", data.currency),
                    field("Country of destination", data.receiver.country_name),
                ]
            ],
            quarter,
        ),
        items_table(INVOICE_COLUMNS, data.items, width),
        boxed(
            [
                [
                    field("Total quantity", str(total_quantity(data.items)), style=STRONG),
                    field("Total net weight", kilograms(net_weight_kg(data.items)), style=STRONG),
                    field("Total gross weight", kilograms(data.total_weight_kg), style=STRONG),
                    field("Total value", total_value(data.items, data.currency), style=STRONG),
                ]
            ],
            quarter,
        ),
        _declaration(data, width),
    ]


def _declaration(data: CustomsData, width: float) -> Table:
    signature = field(
        "Name, date and signature",
        data.designated_person or "-",
        iso_date(data.declaration_date),
        style=STRONG,
    )
    return signed_declaration(_DECLARATION, signature, width)
