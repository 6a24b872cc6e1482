"""Gateway behaviour in front of the routes: case-insensitive paths and the API key check."""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from packstation.sandbox.errors import gateway_unauthorised_body

ADMIN_PREFIX = "/_sandbox"
KEY_HEADER = "ocp-apim-subscription-key"
KEY_QUERY_PARAMETER = "subscription-key"


class CaseInsensitivePaths:
    """Routes are declared in lower case; ASP.NET matches paths ignoring case, and so do we.

    Handlers upper-case the references they read from the path. A trailing slash is ignored.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"].lower()
            if len(path) > 1:
                path = path.rstrip("/") or "/"
            scope = {**scope, "path": path}
        await self.app(scope, receive, send)


class SubscriptionKeyCheck:
    """401 in the Azure API Management gateway's own shape, before any route runs (§2)."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self._api_key = api_key.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        key = Headers(scope=scope).get(KEY_HEADER)
        if key is None:
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
            key = next(
                (value for name, value in query if name.lower() == KEY_QUERY_PARAMETER), None
            )
        if key is not None and hmac.compare_digest(key.encode(), self._api_key):
            await self.app(scope, receive, send)
            return
        response = JSONResponse(gateway_unauthorised_body(key_was_sent=key is not None), 401)
        await response(scope, receive, send)
