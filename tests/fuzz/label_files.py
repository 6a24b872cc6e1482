"""Label files, good and bad, as the `File` field would carry them; and what a good one is.

`is_printable_label` is this suite's own idea of a complete file of the asked-for format,
written without looking at `packstation.api.labels`, so a weakness there is not mirrored here.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import zlib
from random import Random
from typing import Any

from packstation.api.models.labels import LabelFormat
from tests.fuzz.nasty import HTML_PROBE, hostile_text
from tests.unit.api.helpers import PDF_BYTES, ZPL_BYTES


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 1, 0, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    + _png_chunk(b"IEND", b"")
)
GOOD_FILES: dict[LabelFormat, bytes] = {
    LabelFormat.PDF: PDF_BYTES,
    LabelFormat.ZPL: ZPL_BYTES,
    LabelFormat.ZPLII: ZPL_BYTES,
    LabelFormat.PNG: PNG_BYTES,
}
FORBIDDEN_ZPL = (b"^JUS", b"~JR", b"^IDR:*.*", b"^NSa,10.0.0.9", b"~JA", b"^CC!", b"~PP", b"^KPX")


def is_printable_label(data: bytes, wanted: LabelFormat) -> bool:
    """A whole file of the `wanted` format, judged by its two ends (the printers judge the rest):
    its magic at the start, its end marker near the end (a PDF's %%EOF, a PNG's IEND chunk),
    and for ZPL at least one ^XA...^XZ label with nothing left open or nested."""
    if wanted is LabelFormat.PDF:
        return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    if wanted is LabelFormat.PNG:
        return data.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in data[-1024:]
    edges = re.findall(rb"\^X[AZ]", data.upper())
    alternating = all(edge == (b"^XA", b"^XZ")[i % 2] for i, edge in enumerate(edges))
    starts_right = data.lstrip()[:3].upper() == b"^XA" or data.lstrip().startswith(b"~")
    return starts_right and alternating and len(edges) >= 2 and len(edges) % 2 == 0


def _truncated(data: bytes, cut: int) -> bytes:
    return data[: max(1, cut % max(1, len(data)))]


LABEL_CHANGES = (
    "none", "none", "truncate", "append", "prepend", "flip", "no_end", "end_early",
    "unclosed_zpl", "nested_zpl", "forbidden_zpl", "random", "magic_only", "empty", "html",
    "repeat",
)  # fmt: skip


def label_bytes(rng: Random) -> tuple[LabelFormat, bytes]:
    """A file that is, was, or pretends to be a label of some format."""
    served = rng.choice(list(GOOD_FILES))
    data = GOOD_FILES[served]
    change = rng.choice(LABEL_CHANGES)
    if change == "truncate":
        data = _truncated(data, rng.randint(0, 10_000))
    elif change == "append":
        data += rng.choice([b"\x00" * 2000, b"garbage", b"^XA", b"%%EOF" + b"x" * 2000])
    elif change == "prepend":
        data = rng.choice([b"\xef\xbb\xbf", b" \n", b"\x00", b"<html>"]) + data
    elif change == "flip":
        index = rng.randrange(len(data))
        data = data[:index] + bytes([data[index] ^ 0xFF]) + data[index + 1 :]
    elif change == "no_end":
        data = data.replace(b"%%EOF", b"").replace(b"IEND", b"IENX").replace(b"^XZ", b"")
    elif change == "end_early":
        data = data.replace(b"%%EOF", b"") + b"%%EOF" + b"\n" * 5000
    elif change == "unclosed_zpl":
        data = b"^XA^FDopen^FS"
    elif change == "nested_zpl":
        data = b"^XA^XA^FDx^FS^XZ^XZ"
    elif change == "forbidden_zpl":
        data = b"^XA" + rng.choice(FORBIDDEN_ZPL) + b"^FO1,1^FDx^FS^XZ"
    elif change == "random":
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(256)))
    elif change == "magic_only":
        data = rng.choice([b"%PDF-", b"\x89PNG\r\n\x1a\n", b"^XA", b"~", b"%PDF-%%EOF"])
    elif change == "empty":
        data = b""
    elif change == "html":
        data = HTML_PROBE.encode()
    elif change == "repeat":
        data = data * rng.randint(2, 50)
    return served, data


FIELD_SHAPES = (
    "once", "once", "once", "twice", "wrapped", "urlsafe", "no_padding", "extra_padding",
    "data_uri", "spaces", "non_ascii", "not_base64", "number", "null", "list", "object", "raw",
)  # fmt: skip


def file_field(data: bytes, rng: Random) -> Any:
    """How `data` travels in the `File` field: base64 once or twice, or mangled on the way."""
    once = base64.b64encode(data).decode()
    how = rng.choice(FIELD_SHAPES)
    if how == "twice":
        return base64.b64encode(once.encode()).decode()
    if how == "wrapped":
        return "\n".join(once[i : i + 76] for i in range(0, len(once), 76))
    if how == "urlsafe":
        return base64.urlsafe_b64encode(data).decode()
    if how == "no_padding":
        return once.rstrip("=")
    if how == "extra_padding":
        return once + "=="
    if how == "data_uri":
        return "data:application/pdf;base64," + once
    if how == "spaces":
        return " \t" + once + "\r\n"
    if how == "non_ascii":
        middle = len(once) // 2
        return once[:middle] + rng.choice(["é", "\u202e", "\x00", "\ud800"]) + once[middle:]
    if how == "not_base64":
        return hostile_text(rng)
    if how == "number":
        return rng.choice([0, 1e308, -1])
    if how == "null":
        return None
    if how == "list":
        return [once]
    if how == "object":
        return {"File": once}
    if how == "raw":
        return data.decode("latin-1")
    return once


CONTENT_TYPES = (
    "application/pdf", "application/zpl", "image/png", "text/html", "", None, 7,
    "application/json", "application/octet-stream",
)  # fmt: skip


def label_payload(rng: Random) -> dict[str, Any]:
    """A label route's JSON body around a fuzzed file."""
    _, data = label_bytes(rng)
    payload: dict[str, Any] = {"File": file_field(data, rng)}
    key = rng.choice(["ContentType", "Content-Type", "contentType", None])
    if key is not None:
        payload[key] = rng.choice(CONTENT_TYPES)
    return payload


def label_body(rng: Random) -> bytes:
    """The bytes of a label route's answer: a fuzzed file in otherwise good JSON."""
    return json.dumps(label_payload(rng), ensure_ascii=rng.random() < 0.5).encode(
        "utf-8", "surrogatepass"
    )
