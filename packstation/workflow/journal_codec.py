"""JSON encoding of the workflow's values for the journal's text columns."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from packstation.workflow.domain import Allocation, OptionSummary, PackageSpec


def _iso(value: date | time | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _time(value: Any) -> time | None:
    return time.fromisoformat(value) if value else None


def _datetime(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _decimal(value: Any) -> Decimal | None:
    return Decimal(value) if value is not None else None


def encode_packages(packages: Sequence[PackageSpec]) -> str:
    return json.dumps(
        [
            {
                "weight_kg": p.weight_kg,
                "length_cm": p.length_cm,
                "width_cm": p.width_cm,
                "height_cm": p.height_cm,
                "description": p.description,
                "value": str(p.value),
                "currency": p.currency,
            }
            for p in packages
        ]
    )


def decode_packages(text: str) -> tuple[PackageSpec, ...]:
    return tuple(
        PackageSpec(
            weight_kg=float(p["weight_kg"]),
            length_cm=float(p["length_cm"]),
            width_cm=float(p["width_cm"]),
            height_cm=float(p["height_cm"]),
            description=str(p["description"]),
            value=Decimal(p["value"]),
            currency=str(p["currency"]),
        )
        for p in json.loads(text)
    )


def encode_option(option: OptionSummary | None) -> str | None:
    if option is None:
        return None
    return json.dumps(
        {
            "reference": option.reference,
            "carrier": option.carrier,
            "service": option.service,
            "service_reference": option.service_reference,
            "delivery_date": _iso(option.delivery_date),
            "window_start": _iso(option.window_start),
            "window_end": _iso(option.window_end),
            "price_gross": str(option.price_gross) if option.price_gross is not None else None,
            "currency": option.currency,
            "allocation_cutoff": _iso(option.allocation_cutoff),
            "guaranteed": option.guaranteed,
            "client_reference": option.client_reference,
        }
    )


def decode_option(text: str | None) -> OptionSummary | None:
    if not text:
        return None
    o = json.loads(text)
    return OptionSummary(
        reference=o["reference"],
        carrier=o["carrier"],
        service=o["service"],
        service_reference=o["service_reference"],
        delivery_date=_date(o["delivery_date"]),
        window_start=_time(o["window_start"]),
        window_end=_time(o["window_end"]),
        price_gross=_decimal(o["price_gross"]),
        currency=o["currency"],
        allocation_cutoff=_datetime(o["allocation_cutoff"]),
        guaranteed=bool(o["guaranteed"]),
        client_reference=o.get("client_reference"),
    )


def encode_allocation(allocation: Allocation | None) -> str | None:
    if allocation is None:
        return None
    return json.dumps(
        {
            "consignment_reference": allocation.consignment_reference,
            "carrier_name": allocation.carrier_name,
            "carrier_reference": allocation.carrier_reference,
            "service_name": allocation.service_name,
            "service_reference": allocation.service_reference,
            "tracking_numbers": list(allocation.tracking_numbers),
        }
    )


def decode_allocation(text: str | None) -> Allocation | None:
    if not text:
        return None
    a = json.loads(text)
    return Allocation(
        consignment_reference=a["consignment_reference"],
        carrier_name=a["carrier_name"],
        carrier_reference=a["carrier_reference"],
        service_name=a["service_name"],
        service_reference=a["service_reference"],
        tracking_numbers=tuple(a["tracking_numbers"]),
    )
