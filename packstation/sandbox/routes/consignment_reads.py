"""Consignment lookups (§5.2) and tracking (§5.11)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from packstation.sandbox.errors import ErrorDetail, not_found, validation_failed
from packstation.sandbox.routes.http import base_url, json_response, path_reference, query_of
from packstation.sandbox.search import MAX_TAKE, parse_filter, search
from packstation.sandbox.services import Services


def routes(services: Services) -> list[Route]:
    state = services.state
    views = services.consignment_views

    async def search_consignments(request: Request) -> Response:
        take, skip = int(request.path_params["take"]), int(request.path_params["skip"])
        if take > MAX_TAKE:
            raise validation_failed(
                [ErrorDetail("Invalid", "take", f"take must not be more than {MAX_TAKE}.")]
            )
        consignment_filter = parse_filter(query_of(request))
        with state.reading() as store:
            matches = search(store, state.catalog, consignment_filter)
            page = matches[skip : skip + take]
            url = base_url(request)
            return json_response(
                {
                    "Count": len(matches),
                    "ConsignmentSummaries": [views.summary(c, url) for c in page],
                }
            )

    async def consignment_references(request: Request) -> Response:
        consignment_filter = parse_filter(query_of(request))
        with state.reading() as store:
            matches = search(store, state.catalog, consignment_filter)
            return json_response([consignment.reference for consignment in matches])

    async def count(request: Request) -> Response:
        consignment_filter = parse_filter(query_of(request))
        with state.reading() as store:
            return json_response(len(search(store, state.catalog, consignment_filter)))

    async def status(request: Request) -> Response:
        with state.reading() as store:
            consignment = state.consignment_in(store, path_reference(request))
            return json_response(views.status(consignment, base_url(request)))

    async def tracking(request: Request) -> Response:
        with state.reading() as store:
            consignment = state.consignment_in(store, path_reference(request))
            body = views.tracking(consignment)
            if body is None:
                raise not_found(
                    "Tracking for consignment", consignment.reference, "TrackingNotFound"
                )
            return json_response(body)

    return [
        Route("/consignments/count", count, methods=["GET"]),
        Route("/consignments/getconsignmentreferences", consignment_references, methods=["GET"]),
        Route("/consignments/{take:int}/{skip:int}", search_consignments, methods=["GET"]),
        Route("/consignments/{reference}/status", status, methods=["GET"]),
        Route("/tracking/{reference}", tracking, methods=["GET"]),
    ]


def consignment_route(services: Services) -> Route:
    """GET /consignments/{reference}: listed last, after every literal /consignments/x route."""
    state = services.state
    views = services.consignment_views

    async def get_consignment(request: Request) -> Response:
        with state.reading() as store:
            consignment = state.consignment_in(store, path_reference(request))
            return json_response(views.consignment(consignment))

    return Route("/consignments/{reference}", get_consignment, methods=["GET"])
