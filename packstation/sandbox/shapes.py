"""JSON building blocks (§4): dates, weights, money, prices, links.

`Shapes` carries the §9.7 decision: 1.1 shapes (`{"Value","Unit"}`, `TaxRate`) unless the
legacy switch asks for `{"Kg"}` and `VatRate` everywhere.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from packstation.sandbox.clock import LONDON
from packstation.sandbox.model import JsonDict, Money

CURRENCY_NAMES = {"GBP": "Pound Sterling", "EUR": "Euro", "USD": "US Dollar"}


def iso_datetime(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(LONDON).isoformat(timespec="seconds")


def iso_day(day: date | None) -> str | None:
    """A date as the API writes one: local midnight with its UTC offset."""
    if day is None:
        return None
    return datetime.combine(day, time(0, 0), tzinfo=LONDON).isoformat(timespec="seconds")


def utc_offset(day: date) -> str:
    text = datetime.combine(day, time(12, 0), tzinfo=LONDON).strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def currency(iso_code: str) -> JsonDict:
    return {"IsoCode": iso_code, "Name": CURRENCY_NAMES.get(iso_code)}


def money(value: Money | None) -> JsonDict | None:
    if value is None:
        return None
    return {"Amount": value.amount, "Currency": currency(value.currency)}


def dimensions(length_cm: float, width_cm: float, height_cm: float) -> JsonDict:
    return {"Unit": "Cm", "Width": width_cm, "Length": length_cm, "Height": height_cm}


def api_link(rel: str, href: str) -> JsonDict:
    return {"Rel": rel, "Href": href}


def window(start: time, end: time, day: date) -> JsonDict:
    return {
        "Start": start.strftime("%H:%M:%S"),
        "End": end.strftime("%H:%M:%S"),
        "UtcOffset": utc_offset(day),
    }


class Shapes:
    def __init__(self, legacy: bool) -> None:
        self.legacy = legacy

    def weight(self, kg: float | None, *, legacy: bool = False) -> JsonDict | None:
        if kg is None:
            return None
        if legacy or self.legacy:
            return {"Kg": kg}
        return {"Value": kg, "Unit": "Kg"}

    def price(
        self, net: float, vat_rate: float, country_code: str, *, legacy: bool = False
    ) -> JsonDict:
        vat_amount = round(net * vat_rate, 2)
        rate_key = "VatRate" if legacy or self.legacy else "TaxRate"
        rate: dict[str, Any] = {
            "Reference": f"{country_code}-{vat_rate:.4f}",
            "CountryIsoCode": country_code,
            "Type": "Standard" if vat_rate > 0 else "Zero",
            "Rate": vat_rate,
        }
        return {
            "Net": net,
            "Gross": round(net + vat_amount, 2),
            rate_key: rate,
            "VatAmount": vat_amount,
            "Currency": {"Name": "Pound Sterling", "IsoCode": "GBP"},
        }
