"""The sandbox as an ASGI application: `create_app(config)`."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from packstation.sandbox.catalog import Catalog
from packstation.sandbox.clock import SandboxClock
from packstation.sandbox.config import SandboxConfig
from packstation.sandbox.errors import ApiError, error_body
from packstation.sandbox.fault_middleware import FaultInjection
from packstation.sandbox.faults import FaultEngine
from packstation.sandbox.middleware import CaseInsensitivePaths, SubscriptionKeyCheck
from packstation.sandbox.routes import (
    admin,
    consignment_actions,
    consignment_reads,
    documents,
    manifests,
    orders_and_options,
    reference_data,
)
from packstation.sandbox.services import Services
from packstation.sandbox.state import SandboxState

_log = logging.getLogger(__name__)


def create_app(config: SandboxConfig, *, clock: SandboxClock | None = None) -> Starlette:
    faults = FaultEngine(config.faults, config.seed)
    state = SandboxState(config, Catalog(), clock or SandboxClock(config.start_time), faults)
    services = Services.build(config, state, faults)
    routes = [
        *admin.routes(services),
        *orders_and_options.routes(services),
        *consignment_reads.routes(services),
        *consignment_actions.routes(services),
        *documents.routes(services),
        *manifests.routes(services),
        *reference_data.routes(services),
        consignment_reads.consignment_route(services),  # after every /consignments/<literal>
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(FaultInjection, engine=faults),
            Middleware(GZipMiddleware, minimum_size=1024),
            Middleware(CaseInsensitivePaths),
            Middleware(SubscriptionKeyCheck, api_key=config.api_key),
        ],
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            Exception: _unexpected_error,
        },
    )
    app.state.services = services
    return app


def services_of(app: Starlette) -> Services:
    """The services an app made by `create_app` runs on (its state, faults, renderers)."""
    services = app.state.services
    assert isinstance(services, Services)
    return services


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body(), status_code=exc.status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        body = error_body(
            "ResourceNotFound", f"No resource matches {request.method} {request.url.path}."
        )
    elif exc.status_code == 405:
        body = error_body(
            "MethodNotAllowed", f"{request.method} is not allowed on {request.url.path}."
        )
    else:
        body = error_body("HttpError", str(exc.detail))
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    _log.exception("sandbox handler failed for %s %s", request.method, request.url.path)
    return JSONResponse(
        error_body("InternalServerError", "The sandbox failed to handle the request."), 500
    )
