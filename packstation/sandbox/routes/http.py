"""Request and response helpers shared by the route modules."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from packstation.sandbox.errors import ApiError, ErrorDetail, validation_failed
from packstation.sandbox.query import Query


def json_response(data: Any, status: int = 200) -> Response:
    return JSONResponse(data, status_code=status)


def empty_response(status: int = 200) -> Response:
    return Response(status_code=status)


async def read_json(request: Request) -> Any:
    """The JSON body; None when the body is empty. 415 for XML or other media types."""
    body = await request.body()
    if not body.strip():
        return None
    content_type = request.headers.get("content-type", "application/json").lower()
    if "json" not in content_type:
        raise ApiError(
            415,
            "UnsupportedMediaType",
            f"Content-Type {content_type} is not supported by the sandbox; send application/json.",
        )
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise validation_failed([ErrorDetail("Invalid", "", f"Malformed JSON: {error}")]) from error


def query_of(request: Request) -> Query:
    return Query(request.query_params.multi_items())


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def path_reference(request: Request, name: str = "reference") -> str:
    return str(request.path_params[name]).upper()


def wants_allocation_summary(request: Request) -> bool:
    """§9.2: `electio-api-version: 1.1` (or later) gets the AllocationSummary object."""
    version = request.headers.get("electio-api-version", "").strip()
    return version not in ("", "1", "1.0")
