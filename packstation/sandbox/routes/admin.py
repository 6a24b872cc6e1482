"""`/_sandbox/*`: controls for tests and demos. No API key; never faulted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from packstation.sandbox.errors import ErrorDetail, not_found, validation_failed
from packstation.sandbox.faults import parse_fault_settings
from packstation.sandbox.model import OrderRecord
from packstation.sandbox.routes.http import json_response, read_json
from packstation.sandbox.services import Services
from packstation.sandbox.shapes import iso_datetime
from packstation.sandbox.store import Store

MAX_GENERATED_ORDERS = 100_000


def routes(services: Services) -> list[Route]:
    state = services.state
    faults = services.faults

    def order_summary(store: Store, order: OrderRecord) -> dict[str, Any]:
        request = order.request
        option = store.options.get(order.delivery_option_reference or "")
        expired = option is not None and state.clock.now() > option.allocation_cutoff
        count = len(request.packages)
        choice = "none" if option is None else ("expired" if expired else "valid")
        return {
            "OrderReference": order.reference,
            "OrderReferenceProvidedByCustomer": order.customer_reference,
            "Summary": f"{count} package{'s' if count > 1 else ''} to {request.remote_country}, "
            f"{request.total_weight_kg:g} kg, customer choice: {choice}",
            "Packages": count,
            "Country": request.remote_country,
            "HasCustomerChoice": option is not None,
            "CustomerChoiceExpired": expired,
            "Categories": order.categories,
        }

    async def list_orders(request: Request) -> Response:
        with state.reading() as store:
            return json_response([order_summary(store, o) for o in store.orders.values()])

    async def generate_orders(request: Request) -> Response:
        body = await read_json(request)
        count = body.get("count") if isinstance(body, Mapping) else None
        if (
            not isinstance(count, int)
            or isinstance(count, bool)
            or not 1 <= count <= MAX_GENERATED_ORDERS
        ):
            raise validation_failed(
                [ErrorDetail("Invalid", "count", f"count must be 1..{MAX_GENERATED_ORDERS}.")]
            )
        orders = state.generate_orders(count)
        with state.reading() as store:
            return json_response([order_summary(store, order) for order in orders], status=201)

    async def list_consignments(request: Request) -> Response:
        with state.reading() as store:
            return json_response(
                [
                    {
                        "Reference": c.reference,
                        "State": c.state.value,
                        "ConsignmentReferenceProvidedByCustomer": c.request.customer_reference,
                        "CarrierServiceReference": None
                        if c.allocation is None
                        else c.allocation.service_reference,
                        "TrackingNumbers": [
                            p.tracking_number for p in c.packages if p.tracking_number
                        ],
                        "LabelsPrinted": c.labels_printed,
                        "DateCreated": iso_datetime(c.created),
                    }
                    for c in store.consignments.values()
                ]
            )

    async def get_faults(request: Request) -> Response:
        return json_response(faults.to_json())

    async def add_faults(request: Request) -> Response:
        faults.add(parse_fault_settings(await read_json(request)))
        return json_response(faults.to_json())

    async def clear_faults(request: Request) -> Response:
        faults.clear()
        return json_response(faults.to_json())

    async def remove_fault(request: Request) -> Response:
        rule_id = int(request.path_params["rule_id"])
        if not faults.remove(rule_id):
            raise not_found("Fault rule", str(rule_id))
        return json_response(faults.to_json())

    async def reset(request: Request) -> Response:
        state.reset()
        faults.reset()
        return json_response({"Message": "Sandbox reset to its seeded state."})

    async def clock(request: Request) -> Response:
        if request.method == "POST":
            body = await read_json(request)
            offset = body.get("offset_seconds") if isinstance(body, Mapping) else None
            if not isinstance(offset, int | float) or isinstance(offset, bool):
                raise validation_failed(
                    [ErrorDetail("Required", "offset_seconds", "A number of seconds.")]
                )
            state.set_clock_offset(float(offset))
        now = state.clock.now()
        return json_response(
            {"now": iso_datetime(now), "offset_seconds": state.clock.offset_seconds}
        )

    async def health(request: Request) -> Response:
        return json_response({"status": "ok"})

    return [
        Route("/_sandbox/health", health, methods=["GET"]),
        Route("/_sandbox/orders", list_orders, methods=["GET"]),
        Route("/_sandbox/orders/generate", generate_orders, methods=["POST"]),
        Route("/_sandbox/consignments", list_consignments, methods=["GET"]),
        Route("/_sandbox/faults", get_faults, methods=["GET"]),
        Route("/_sandbox/faults", add_faults, methods=["POST"]),
        Route("/_sandbox/faults", clear_faults, methods=["DELETE"]),
        Route("/_sandbox/faults/{rule_id:int}", remove_fault, methods=["DELETE"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/clock", clock, methods=["GET", "POST"]),
    ]
