"""The floor for a scan-to-print pack: the same SortedPRO calls the app makes, back to back, by a
bare httpx script, then the label bytes to the same TCP 9100 listener. No journal, no UI, no
models: only the network and the printer socket.

The sequence is the one the app sends for a domestic order with no checkout choice (checked
with `bench/gui_driver.py`'s `trace` scenario, see docs/performance.md):

    GET  /orders/{order}                    } concurrently, as the app does
    GET  /consignments/100/0?searchTerm=... }
    POST /deliveryoptions                   (the order's packages, origin + destination)
    POST /deliveryoptions/select/{option}   (the cheapest, as the app's default rule)
    GET  /labels/{consignment}/zpl/203      } concurrently, as the app does: the "first booking
    GET  /consignments/100/0?searchTerm=... } wins" check (773c601) while the label is fetched
    raw ZPL -> tcp://127.0.0.1:PORT

The floor gets the same overlaps as the app, so the ratio measures what the app adds, not
which calls it found a way to overlap.

`python -m bench.floor '{"url", "key", "printer_port", "labels_log", "orders", "out"}'` writes
the milliseconds from the start to the label's arrival (listener's clock) per order.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from bench.processes import label_arrivals

SEARCH_PAGE = "/consignments/100/0"
WARMUP_PACKS = 1  # the first pack opens the connection; not counted (nor is the app's)


def options_body(order: dict[str, Any], location: str, client_reference: str) -> dict[str, Any]:
    """The options request the app builds from an order, as plain JSON."""
    destination = next(a for a in order["Addresses"] if a["AddressType"] == "Destination")
    return {
        "Packages": [
            {
                "Weight": package["Weight"],
                "Dimensions": package["Dimensions"],
                "Description": package["Description"],
                "Value": package["Value"],
                "Items": package["Items"],
            }
            for package in order["Packages"]
        ],
        "Addresses": [
            {"AddressType": "Origin", "ShippingLocationReference": location},
            destination,
        ],
        "ConsignmentReferenceProvidedByCustomer": client_reference,
        "Direction": order.get("Direction") or "Outbound",
    }


def cheapest(options: dict[str, Any]) -> str:
    def price(option: dict[str, Any]) -> Decimal:
        rate = option.get("Rate") or {}
        total = rate.get("Gross") or rate.get("Net") or {}
        return Decimal(str(total.get("Amount", "0")))

    return str(min(options["DeliveryOptions"], key=price)["Reference"])


async def print_raw(port: int, data: bytes) -> None:
    _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def one_pack(http: httpx.AsyncClient, order_reference: str, location: str, port: int) -> None:
    order_response, search = await asyncio.gather(
        http.get(f"/orders/{order_reference}"),
        http.get(SEARCH_PAGE, params={"searchTerm": order_reference}),
    )
    order_response.raise_for_status()
    search.raise_for_status()
    client_reference = f"{order_reference}/floor/{uuid.uuid4().hex[:8]}"
    body = options_body(order_response.json(), location, client_reference)
    options = await http.post("/deliveryoptions", json=body)
    options.raise_for_status()
    selected = await http.post(f"/deliveryoptions/select/{cheapest(options.json())}")
    selected.raise_for_status()
    links = {link["Rel"].lower(): link["Href"] for link in selected.json()}
    consignment = links["detail"].rstrip("/").rsplit("/", 1)[1]
    label, again = await asyncio.gather(
        http.get(f"/labels/{consignment}/zpl/203"),
        http.get(SEARCH_PAGE, params={"searchTerm": order_reference}),
    )
    again.raise_for_status()
    label.raise_for_status()
    await print_raw(port, base64.b64decode(label.json()["File"]))


async def run(plan: dict[str, Any]) -> list[float]:
    log = Path(plan["labels_log"])
    port = int(plan["printer_port"])
    headers = {"ocp-apim-subscription-key": plan["key"], "Accept": "application/json"}
    async with httpx.AsyncClient(base_url=plan["url"], headers=headers, timeout=60) as http:
        locations = await http.get("/shippinglocations")
        locations.raise_for_status()
        location = str(locations.json()[0]["Reference"])
        times: list[float] = []
        for index, order_reference in enumerate(plan["orders"]):
            before = len(label_arrivals(log))
            started = time.monotonic()
            await one_pack(http, order_reference, location, port)
            while len(arrivals := label_arrivals(log)) <= before:  # noqa: ASYNC110 - a file
                await asyncio.sleep(0.001)
            if index >= WARMUP_PACKS:
                times.append((arrivals[before] - started) * 1000)
            await asyncio.sleep(0.05)
        return times


def main() -> int:
    plan = json.loads(sys.argv[1])
    times = asyncio.run(run(plan))
    Path(plan["out"]).write_text(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
