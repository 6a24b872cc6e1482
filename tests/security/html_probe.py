"""An HTML probe in SortedPRO's answers, and a listener that counts any request it causes.

`HtmlEverywhere` is a transport in front of the real sandbox: it appends an <img> tag pointing at
the listener to every text field a screen could show (names, address lines, items, carrier and
service names, messages). If any widget interpreted that text as HTML and fetched the image,
the listener would count a connection.
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx

SHOWN_TEXT_FIELDS = frozenset(
    {
        "FirstName", "LastName", "Title", "CustomerName", "CompanyName", "AddressLine1",
        "AddressLine2", "AddressLine3", "Town", "Region", "SpecialInstructions", "Description",
        "Carrier", "CarrierService", "CarrierName", "CarrierServiceName", "Name",
        "MpdCarrierServiceName", "MpdCarrierServiceGroupName", "OrderReferenceProvidedByCustomer",
        "Message", "FailedManifestMessage", "DayOfWeek",
    }
)  # fmt: skip


@dataclass
class ProbeListener:
    """Counts every TCP connection made to it; never answers anything useful."""

    connections: int = 0
    _socket: socket.socket | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._socket is not None
        return int(self._socket.getsockname()[1])

    @property
    def probe(self) -> str:
        return f"<img src=http://127.0.0.1:{self.port}/x>"

    def __enter__(self) -> ProbeListener:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.1)
        self._thread = threading.Thread(target=self._count, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        if self._socket is not None:
            self._socket.close()

    def _count(self) -> None:
        assert self._socket is not None
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()


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
