"""The UPU customs declarations CN 22 (small items) and CN 23 (larger ones), laid out like the
printed forms with their numbered boxes. A long item list runs on to further pages.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Table

from packstation.sandbox.documents import customs_items as cells
from packstation.sandbox.documents.customs_amounts import net_weight_kg, total_value
from packstation.sandbox.documents.customs_category import category_explanation, category_ticks
from packstation.sandbox.documents.customs_heading import form_heading
from packstation.sandbox.documents.customs_items import Column, items_table
from packstation.sandbox.documents.customs_parts import (
    CAPTION,
    SMALL_PRINT,
    STRONG,
    address_lines,
    boxed,
    field,
    plain,
    signed_declaration,
)
from packstation.sandbox.documents.formatting import iso_date, kilograms
from packstation.sandbox.documents.model import CustomsData, LabelAddress

CN22_WIDTH = 130 * mm  # the real form is small; it sits at the top left of the A4 page

CN23_COLUMNS = (
    Column("Detailed description of contents (1)", 0.36, cells.description),
    Column("Quantity (2)", 0.09, cells.quantity),
    Column("Net weight (kg) (3)", 0.11, cells.line_weight),
    Column("Value (5)", 0.16, cells.value),
    Column("HS tariff number (7)", 0.14, cells.hs_code),
    Column("Country of origin of goods (8)", 0.14, cells.country_of_origin),
)
CN22_COLUMNS = (
    Column(
        "Quantity and detailed description of contents (1)", 0.38, cells.quantity_and_description
    ),
    Column("Weight (kg) (2)", 0.13, cells.line_weight),
    Column("Value (3)", 0.19, cells.value),
    Column("HS tariff number (4)", 0.16, cells.hs_code),
    Column("Country of origin (5)", 0.14, cells.country_of_origin),
)

_TITLE = "CUSTOMS DECLARATION"
_OPENABLE = "May be opened officially"
_DECLARATION = (
    "I, the undersigned, whose name and address are given on the item, certify that the "
    "particulars given in this declaration are correct and that this item does not contain "
    "any dangerous article or articles prohibited by legislation or by postal or customs "
    "regulations."
)


def cn23_story(data: CustomsData, width: float) -> list[Any]:
    wide, narrow = width * 0.62, width * 0.38
    third = [width / 3] * 3
    invoice = f"{data.invoice_number} of {iso_date(data.invoice_date)}"
    return [
        form_heading(_TITLE, _OPENABLE, "CN 23", _barcode_reference(data), width),
        boxed(
            [
                [field("From", *address_lines(data.sender)), _eori("Sender", data.shippers_eori)],
                [
                    field("To", *address_lines(data.receiver)),
                    _eori("Importer", data.receivers_eori),
                ],
            ],
            [wide, narrow],
        ),
        items_table(CN23_COLUMNS, data.items, width),
        boxed(
            [
                [
                    field("Total gross weight (4)", kilograms(data.total_weight_kg), style=STRONG),
                    field("Total value (6)", total_value(data.items, data.currency), style=STRONG),
                    field("Postal charges/Fees (9)", ""),
                ]
            ],
            third,
        ),
        boxed(
            [
                [
                    _category(data, "Category of item (10)", 3, wide),
                    field("Explanation", category_explanation(data.category)),
                ],
                [
                    field("Comments (11)", *_comments(data)),
                    field("Office of origin/Date of posting", iso_date(data.declaration_date)),
                ],
            ],
            [wide, narrow],
        ),
        boxed(
            [
                [
                    field("Licence (12)", ""),
                    field("Certificate (13)", ""),
                    field("Invoice (14)", invoice),
                ]
            ],
            third,
        ),
        _declaration(data, width, "(15)"),
    ]


def cn22_story(data: CustomsData) -> list[Any]:
    width = CN22_WIDTH
    half = [width / 2] * 2
    return [
        form_heading(_TITLE, _OPENABLE, "CN 22", _barcode_reference(data), width),
        boxed([[_category(data, "Category", 2, width)]], [width]),
        boxed(
            [
                [
                    field("From", _one_line(data.sender), style=SMALL_PRINT),
                    field("To", _one_line(data.receiver), style=SMALL_PRINT),
                ]
            ],
            half,
        ),
        items_table(CN22_COLUMNS, data.items, width),
        boxed(
            [
                [
                    field("Total weight (6)", kilograms(data.total_weight_kg), style=STRONG),
                    field("Total value (7)", total_value(data.items, data.currency), style=STRONG),
                ]
            ],
            half,
        ),
        boxed(
            [
                [
                    field("Sender's EORI", data.shippers_eori or "-", style=SMALL_PRINT),
                    field("Importer's EORI", data.receivers_eori or "-", style=SMALL_PRINT),
                ]
            ],
            half,
        ),
        boxed(
            [
                [
                    field(
                        "Comments",
                        *_comments(data),
                        f"Invoice {data.invoice_number} of {iso_date(data.invoice_date)}",
                        category_explanation(data.category),
                        style=SMALL_PRINT,
                    )
                ]
            ],
            [width],
        ),
        _declaration(data, width, "(8)"),
    ]


def _barcode_reference(data: CustomsData) -> str:
    return data.package_reference or data.consignment_reference


def _category(data: CustomsData, caption: str, columns: int, width: float) -> list[Any]:
    return [plain(caption, CAPTION), category_ticks(data.category, columns, width - 6)]


def _eori(party: str, eori: str | None) -> list[Any]:
    return field(f"{party}'s customs reference (EORI)", eori or "-", style=STRONG)


def _comments(data: CustomsData) -> list[str]:
    return [
        f"Consignment {data.consignment_reference}",
        f"Shipping terms: {data.shipping_terms}" if data.shipping_terms else "",
        f"Net weight of contents: {kilograms(net_weight_kg(data.items))}",
    ]


def _one_line(address: LabelAddress) -> str:
    return ", ".join(line for line in address_lines(address) if line)


def _declaration(data: CustomsData, width: float, box: str) -> Table:
    signature = field(
        f"Date and sender's signature {box}",
        iso_date(data.declaration_date),
        f"Signed: {data.designated_person or '-'}",
        style=STRONG,
    )
    return signed_declaration(_DECLARATION, signature, width)
