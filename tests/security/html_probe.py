"""An HTML probe in SortedPRO's answers, and a listener that counts any request it causes.

`HtmlEverywhere` is a transport in front of the real sandbox: it appends an <img> tag pointing at
the listener to every text field a screen could show (names, address lines, items, carrier and
service names, messages). If any widget interpreted that text as HTML and fetched the image,
the listener would count a connection.
"""

from __future__ import annotations

import json
import socket
from typing import Any

import httpx

from tests.security.loopback import LoopbackListener

SHOWN_TEXT_FIELDS = frozenset(
    {
        "FirstName", "LastName", "Title", "CustomerName", "CompanyName", "AddressLine1",
        "AddressLine2", "AddressLine3", "Town", "Region", "SpecialInstructions", "Description",
        "Carrier", "CarrierService", "CarrierName", "CarrierServiceName", "Name",
        "MpdCarrierServiceName", "MpdCarrierServiceGroupName", "OrderReferenceProvidedByCustomer",
        "Message", "FailedManifestMessage", "DayOfWeek",
    }
)  # fmt: skip


class ProbeListener(LoopbackListener):
    """Counts every TCP connection made to it; never answers anything useful."""

    def __init__(self) -> None:
        super().__init__()
        self.connections = 0

    @property
    def probe(self) -> str:
        return f"<img src=http://127.0.0.1:{self.port}/x>"

    def handle(self, connection: socket.socket) -> None:
        self.connections += 1


def with_probe(document: Any, probe: str) -> Any:
    if isinstance(document, dict):
        return {
            key: f"{value} {probe}"
            if key in SHOWN_TEXT_FIELDS and isinstance(value, str) and value
            else with_probe(value, probe)
            for key, value in document.items()
        }
    if isinstance(document, list):
        return [with_probe(value, probe) for value in document]
    return document


class HtmlEverywhere(httpx.AsyncHTTPTransport):
    def __init__(self, probe: str) -> None:
        super().__init__()
        self._probe = probe

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if "json" not in response.headers.get("content-type", ""):
            return response
        body = await response.aread()
        await response.aclose()
        try:
            document = json.loads(body)
        except ValueError:
            return httpx.Response(response.status_code, headers=response.headers, content=body)
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in ("content-encoding", "content-length")
        }
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=json.dumps(with_probe(document, self._probe)).encode(),
            request=request,
        )
