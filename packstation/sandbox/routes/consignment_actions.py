"""Cancel, deallocate, ready-to-ship (§5.3) and manifesting (§5.9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from packstation.sandbox.errors import ErrorDetail, validation_failed
from packstation.sandbox.manifesting import parse_manifest_query, parse_manifest_references
from packstation.sandbox.routes.http import (
    base_url,
    empty_response,
    json_response,
    path_reference,
    read_json,
)
from packstation.sandbox.services import Services
from packstation.sandbox.state import BulkResult


def routes(services: Services) -> list[Route]:
    state = services.state

    def single(action: Callable[[str], None]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            action(path_reference(request))
            return empty_response()

        return endpoint

    def bulk(
        action: Callable[[str], None], success: Callable[[str], str]
    ) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            references = _reference_list(await read_json(request))
            results = state.bulk(action, references)
            return json_response([_with_message(result, success) for result in results])

        return endpoint

    async def manifest(request: Request) -> Response:
        references = parse_manifest_references(await read_json(request))
        results = state.manifest(references)
        url = base_url(request)

        def success(reference: str) -> str:
            return f"Consignment {reference} has been manifested successfully."

        return json_response(
            [
                _with_message(
                    result,
                    success,
                    [{"Rel": "Link", "Href": f"{url}/consignments/{result.reference}"}],
                )
                for result in results
            ]
        )

    async def manifest_from_query(request: Request) -> Response:
        query = parse_manifest_query(await read_json(request))
        found = state.manifest_from_query(query)
        return json_response(
            {
                "Message": f"Query found {found} consignment(s). {found} successfully queued to "
                "manifest. 0 failed to be added to the queue",
                "FailedConsignments": [],
            }
        )

    cancelled = "Consignment cancellation completed successfully"
    deallocated = "Consignment deallocation completed successfully"
    return [
        Route("/consignments/{reference}/cancel", single(state.cancel), methods=["PUT"]),
        Route("/consignments/cancellist", bulk(state.cancel, lambda _: cancelled), methods=["PUT"]),
        Route("/consignments/{reference}/deallocate", single(state.deallocate), methods=["PUT"]),
        Route(
            "/consignments/deallocatelist",
            bulk(state.deallocate, lambda _: deallocated),
            methods=["PUT"],
        ),
        Route(
            "/consignments/setreadytoship",
            bulk(state.set_ready_to_ship, lambda ref: f"Consignment {ref} is ready to ship"),
            methods=["PUT"],
        ),
        Route(
            "/consignments/setnotreadytoship",
            bulk(
                state.set_not_ready_to_ship, lambda ref: f"Consignment {ref} is not ready to ship"
            ),
            methods=["PUT"],
        ),
        Route("/consignments/manifest", manifest, methods=["PUT"]),
        # §9.1: the newer docs say POST, the older include PUT; both are accepted.
        Route("/consignments/manifestfromquery", manifest_from_query, methods=["POST", "PUT"]),
    ]


def _reference_list(body: Any) -> list[str]:
    if not isinstance(body, list) or not body or not all(isinstance(r, str) for r in body):
        raise validation_failed(
            [ErrorDetail("Required", "", 'A JSON array of consignment references: ["EC-..."].')]
        )
    return [reference.upper() for reference in body]


def _with_message(
    result: BulkResult, success: Callable[[str], str], links: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {
        "IsSuccess": result.ok,
        "Message": success(result.reference) if result.ok else result.message,
        "Data": result.reference,
        "ApiLinks": links if result.ok else None,
    }
