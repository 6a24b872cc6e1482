"""The sums a customs form shows, in exact decimals."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from packstation.sandbox.documents.formatting import as_decimal, money
from packstation.sandbox.documents.model import CustomsItem


def line_value(item: CustomsItem) -> Decimal:
    return as_decimal(item.unit_value) * item.quantity


def line_weight_kg(item: CustomsItem) -> float:
    return item.unit_weight_kg * item.quantity


def net_weight_kg(items: tuple[CustomsItem, ...]) -> float:
    return sum((line_weight_kg(item) for item in items), 0.0)


def total_quantity(items: tuple[CustomsItem, ...]) -> int:
    return sum(item.quantity for item in items)


def total_value(items: tuple[CustomsItem, ...], currency: str) -> str:
    """The total per currency; one currency is the normal case, more are shown side by side."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        totals[item.currency] += line_value(item)
    if not totals:
        return money(Decimal(0), currency)
    return " + ".join(money(amount, code) for code, amount in totals.items())
