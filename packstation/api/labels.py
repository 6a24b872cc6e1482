"""Decode and check label and document files, which arrive base64-encoded (sometimes twice)."""

from __future__ import annotations

import base64
import binascii
import math
import re

from packstation.api.constants import MAX_LABEL_BYTES
from packstation.api.errors import LabelFormatError, label_format_error
from packstation.api.models.labels import LabelFormat
from packstation.api.operations import GET_LABELS, Operation

PDF_MAGIC = b"%PDF-"
PDF_END_MARKER = b"%%EOF"
PDF_END_WINDOW = 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_END_CHUNK = b"IEND"
PNG_END_WINDOW = 1024

_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_ZPL_OPEN = b"^XA"
_ZPL_CLOSE = b"^XZ"
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_PREVIEW_BYTES = 8
# Room for line breaks some encoders insert every 76 characters, and then some.
_WHITESPACE_ALLOWANCE = 1.05


def decode_label_file(
    file_field: str,
    expected: LabelFormat,
    *,
    operation: Operation = GET_LABELS,
    document: str = "label",
    max_bytes: int = MAX_LABEL_BYTES,
) -> bytes:
    """The label bytes from a `File` field, checked to be a complete `expected` file.

    Decodes once; if that is not yet a label but is base64 text again, decodes a second time (the
    reference's own example is double-encoded). Raises LabelFormatError for anything else."""

    def fail(problem: str) -> LabelFormatError:
        return label_format_error(operation, f"The {document} SortedPRO sent {problem}.")

    inner_limit = _encoded_limit(max_bytes)
    if len(file_field) > _encoded_limit(inner_limit):
        raise fail(f"is too large (over {_mebibytes(max_bytes)})")
    data = _decode_base64(file_field.encode("utf-8", "replace"))
    if data is None:
        raise fail("is not valid base64 text")
    if not _starts_like(data, expected) and _is_base64_text(data):
        if len(data) > inner_limit:
            raise fail(f"is too large (over {_mebibytes(max_bytes)})")
        data = _decode_base64(data)
        if data is None:
            raise fail("is not valid base64 text")
    if len(data) > max_bytes:
        raise fail(f"is too large (over {_mebibytes(max_bytes)})")
    problem = format_problem(data, expected)
    if problem is not None:
        raise fail(problem)
    return data


def format_problem(data: bytes, expected: LabelFormat) -> str | None:
    """What is wrong with `data` as an `expected` file, as words after "The label SortedPRO
    sent ..."; None when it is a complete file."""
    name = "ZPL" if expected.is_zpl else expected.value
    if not data:
        return "is empty"
    if not _starts_like(data, expected):
        return f"is not a valid {name} (it starts with {_preview(data)})"
    if expected is LabelFormat.PDF and PDF_END_MARKER not in data[-PDF_END_WINDOW:]:
        return "is not a valid PDF (it is cut short: there is no %%EOF at its end)"
    if expected is LabelFormat.PNG and PNG_END_CHUNK not in data[-PNG_END_WINDOW:]:
        return "is not a valid PNG (it is cut short: there is no IEND chunk at its end)"
    if expected.is_zpl:
        blocks = count_zpl_labels(data)
        if blocks is None:
            return "is not valid ZPL (its ^XA and ^XZ commands do not pair up; it may be cut short)"
        if blocks == 0:
            return "is not valid ZPL (it holds no ^XA...^XZ label)"
    return None


def count_zpl_labels(data: bytes) -> int | None:
    """The number of ^XA...^XZ blocks, or None when they are nested, unopened or unclosed."""
    # Split at each ^XA: before the first there must be no ^XZ, after each exactly one. Bytes
    # methods run at C speed, so a 20 MiB file of a million tiny labels takes a fraction of a
    # second, not several.
    before_first, *blocks = data.upper().split(_ZPL_OPEN)
    if _ZPL_CLOSE in before_first:
        return None
    if any(block.count(_ZPL_CLOSE) != 1 for block in blocks):
        return None
    return len(blocks)


def count_pages(data: bytes, label_format: LabelFormat) -> int | None:
    """PDF page objects or ZPL blocks when cheap to count; None when not countable."""
    if label_format is LabelFormat.PNG:
        return 1
    if label_format.is_zpl:
        return count_zpl_labels(data) or None
    # Page objects inside compressed object streams are invisible to this count.
    return len(_PDF_PAGE.findall(data)) or None


def _starts_like(data: bytes, expected: LabelFormat) -> bool:
    if expected is LabelFormat.PDF:
        return data.startswith(PDF_MAGIC)
    if expected is LabelFormat.PNG:
        return data.startswith(PNG_MAGIC)
    head = data.lstrip()
    return head[:3].upper() == b"^XA" or head.startswith(b"~")


def _decode_base64(encoded: bytes) -> bytes | None:
    """Strict RFC 4648 base64 (padding included); only whitespace is forgiven."""
    compact = b"".join(encoded.split())
    if compact and not _is_strict_base64(compact):
        return None
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None


def _is_base64_text(data: bytes) -> bool:
    compact = b"".join(data.split())
    return bool(compact) and _is_strict_base64(compact)


def _is_strict_base64(compact: bytes) -> bool:
    # translate() checks the alphabet at C speed; a regex over megabytes would block the loop.
    if len(compact) % 4:
        return False
    body = compact.rstrip(b"=")
    return len(compact) - len(body) <= 2 and not body.translate(None, _BASE64_ALPHABET)


def _encoded_limit(decoded_bytes: int) -> int:
    return int(4 * math.ceil(decoded_bytes / 3) * _WHITESPACE_ALLOWANCE) + 1024


def _preview(data: bytes) -> str:
    head = data[:_PREVIEW_BYTES]
    shown = "".join(chr(b) if 0x20 <= b < 0x7F else f"\\x{b:02x}" for b in head)
    return f'"{shown}"'


def _mebibytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"
