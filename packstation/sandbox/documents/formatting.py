"""Dates, weights and money as printed on documents, the same whatever the machine's locale."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CENT = Decimal("0.01")


def label_date(day: date) -> str:
    """Like 22 Nov 2025, so that no reader can take the day for the month."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def iso_date(day: date) -> str:
    return day.isoformat()


def kilograms(weight_kg: float) -> str:
    return f"{weight_kg:.3f}".rstrip("0").rstrip(".") + " kg"


def money(amount: Decimal, currency: str) -> str:
    return f"{amount.quantize(_CENT, rounding=ROUND_HALF_UP):,.2f} {currency}"


def as_decimal(value: Decimal | float) -> Decimal:
    # str() first: Decimal(0.1) would carry the binary float's error into every total.
    return value if isinstance(value, Decimal) else Decimal(str(value))
