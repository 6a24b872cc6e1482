"""Shared values and builders for the API client tests."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx

BASE_URL = "https://sortedpro.test"
SENTINEL_KEY = "SENTINEL-api-key-7f3c9e1b0d"

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R 4 0 R] /Count 2>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R>> endobj\n"
    b"4 0 obj <</Type /Page /Parent 2 0 R>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)
ZPL_BYTES = b"^XA^FO50,50^FDParcel 1^FS^XZ\n^XA^FO50,50^FDParcel 2^FS^XZ\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17 + b"IEND\xaeB`\x82"


class RecordedSleeps:
    """Stands in for asyncio.sleep: records the delays, waits for nothing."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def label_body(data: bytes, content_type: str = "application/pdf") -> dict[str, str]:
    return {"File": b64(data), "ContentType": content_type}


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)
