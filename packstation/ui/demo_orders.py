"""The demo sandbox's order list (`GET /_sandbox/orders`), for the demo panel.

An admin endpoint of the embedded sandbox, not part of SortedPRO: it needs no API key, so it is
read with a plain httpx client rather than the API client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

DEMO_ORDERS_PATH = "/_sandbox/orders"
DEMO_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class DemoOrder:
    reference: str
    shop_reference: str
    summary: str
    categories: tuple[str, ...]


def parse_demo_orders(payload: Any) -> list[DemoOrder]:
    """Tolerant of extra or missing fields; entries without an order reference are skipped."""
    if not isinstance(payload, list):
        return []
    orders = []
    for entry in payload:
        if not isinstance(entry, dict):
            continue
        reference = entry.get("OrderReference")
        if not isinstance(reference, str) or not reference:
            continue
        categories = entry.get("Categories")
        orders.append(
            DemoOrder(
                reference=reference,
                shop_reference=str(entry.get("OrderReferenceProvidedByCustomer") or ""),
                summary=str(entry.get("Summary") or ""),
                categories=tuple(str(c) for c in categories)
                if isinstance(categories, list)
                else (),
            )
        )
    return orders


async def fetch_demo_orders(base_url: str) -> list[DemoOrder]:
    async with httpx.AsyncClient(base_url=base_url, timeout=DEMO_TIMEOUT_SECONDS) as client:
        response = await client.get(DEMO_ORDERS_PATH)
        response.raise_for_status()
        return parse_demo_orders(response.json())
