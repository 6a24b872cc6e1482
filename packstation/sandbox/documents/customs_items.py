"""The item list of a customs form: one row per item, columns chosen by each form."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.platypus import Paragraph, Table

from packstation.sandbox.documents.customs_amounts import line_value, line_weight_kg
from packstation.sandbox.documents.customs_parts import (
    BODY_RIGHT,
    CAPTION,
    HEADER_SHADE,
    boxed,
    plain,
)
from packstation.sandbox.documents.formatting import as_decimal, money
from packstation.sandbox.documents.model import CustomsItem


@dataclass(frozen=True)
class Column:
    heading: str
    share: float  # of the table's width
    cell: Callable[[CustomsItem], Paragraph]


def items_table(columns: Sequence[Column], items: Sequence[CustomsItem], width: float) -> Table:
    rows = [[plain(column.heading, CAPTION) for column in columns]]
    rows.extend([column.cell(item) for column in columns] for item in items)
    table = boxed(
        rows,
        [width * column.share for column in columns],
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE),
    )
    table.repeatRows = 1  # the headings again on every page the list runs on to
    return table


def description(item: CustomsItem) -> Paragraph:
    return plain(item.description)


def quantity_and_description(item: CustomsItem) -> Paragraph:
    return plain(f"{item.quantity} x {item.description}")


def quantity(item: CustomsItem) -> Paragraph:
    return plain(str(item.quantity), BODY_RIGHT)


def unit_weight(item: CustomsItem) -> Paragraph:
    return plain(_bare_kilograms(item.unit_weight_kg), BODY_RIGHT)


def line_weight(item: CustomsItem) -> Paragraph:
    return plain(_bare_kilograms(line_weight_kg(item)), BODY_RIGHT)


def unit_value(item: CustomsItem) -> Paragraph:
    return plain(money(as_decimal(item.unit_value), item.currency), BODY_RIGHT)


def value(item: CustomsItem) -> Paragraph:
    return plain(money(line_value(item), item.currency), BODY_RIGHT)


def hs_code(item: CustomsItem) -> Paragraph:
    return plain(item.hs_code or "")


def country_of_origin(item: CustomsItem) -> Paragraph:
    return plain(item.country_of_origin or "")


def sku(item: CustomsItem) -> Paragraph:
    return plain(item.sku or "")


def _bare_kilograms(weight_kg: float) -> str:
    return f"{weight_kg:.3f}"
