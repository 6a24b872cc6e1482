"""Orders (§5.1) and delivery options: get, summary, details, select (§5.4, §5.5)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from packstation.sandbox.routes.http import (
    base_url,
    json_response,
    path_reference,
    read_json,
    wants_allocation_summary,
)
from packstation.sandbox.services import Services
from packstation.sandbox.validation import parse_shipment_request


def routes(services: Services) -> list[Route]:
    state = services.state
    views = services.option_views

    async def get_order(request: Request) -> Response:
        order = state.order(path_reference(request))
        with state.reading() as store:
            option_reference = order.delivery_option_reference
            option = store.options.get(option_reference) if option_reference else None
            return json_response(views.order(order, option))

    async def delivery_options(request: Request) -> Response:
        shipment = parse_shipment_request(await read_json(request), state.catalog)
        _, options = state.create_options(shipment)
        with state.reading():
            return json_response(views.options_response(options), status=201)

    async def delivery_options_summary(request: Request) -> Response:
        shipment = parse_shipment_request(await read_json(request), state.catalog)
        potential, options = state.create_options(shipment)
        return json_response(views.summary_response(potential, options), status=201)

    async def option_details(request: Request) -> Response:
        option, potential = state.option(path_reference(request))
        with state.reading():
            return json_response(views.details_response(option, potential))

    async def select_option(request: Request) -> Response:
        consignment = state.select(path_reference(request))
        consignment_views = services.consignment_views
        with state.reading():
            if wants_allocation_summary(request):
                body = consignment_views.allocation_summary(consignment, base_url(request))
                return json_response(body)
            return json_response(consignment_views.links(consignment, base_url(request)))

    return [
        Route("/orders/{reference}", get_order, methods=["GET"]),
        Route("/deliveryoptions", delivery_options, methods=["POST"]),
        Route("/deliveryoptions/summary", delivery_options_summary, methods=["POST"]),
        Route("/deliveryoptions/details/{reference}", option_details, methods=["GET"]),
        Route("/deliveryoptions/select/{reference}", select_option, methods=["POST"]),
    ]
