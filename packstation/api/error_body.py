"""Read whatever an error response carries: the v1 body, the gateway's, ASP.NET's, or nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from packstation.api.constants import MAX_SERVER_MESSAGE_CHARS

# Both come from error bodies seen in ASP.NET back ends; neither is documented for v1, so each
# is only a fallback.
_DETAIL_MAPS = ("modelstate", "errors")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_REDACTED = "***"


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One entry of the v1 error body's `Details` list (or of a ModelState-style map)."""

    code: str | None
    target: str | None
    message: str | None


@dataclass(frozen=True, slots=True)
class ErrorBody:
    code: str | None = None
    message: str | None = None
    correlation_id: str | None = None
    details: tuple[ErrorDetail, ...] = ()
    described_as: str = "an empty body"
    """How the body looked, for the technical message: never its content."""


def clean_server_text(value: object, redact: Sequence[str] = ()) -> str | None:
    """One safe line of server text: control characters removed, secrets masked, shortened."""
    if value is None or isinstance(value, dict | list):
        return None
    text = _CONTROL_CHARACTERS.sub(" ", str(value))
    for secret in redact:
        if secret:
            text = text.replace(secret, _REDACTED)
    text = " ".join(text.split())
    if not text:
        return None
    if len(text) > MAX_SERVER_MESSAGE_CHARS:
        text = text[: MAX_SERVER_MESSAGE_CHARS - 1] + "…"
    return text


def parse_error_body(
    body: bytes, content_type: str | None, redact: Sequence[str] = ()
) -> ErrorBody:
    if not body.strip():
        return ErrorBody()
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        kind = (content_type or "unknown type").split(";")[0].strip()
        return ErrorBody(described_as=f"a non-JSON body ({kind}, {len(body)} bytes)")
    if not isinstance(document, dict):
        return ErrorBody(described_as=f"a JSON {type(document).__name__}, not an object")
    fields = {str(key).casefold(): value for key, value in document.items()}

    def text(*keys: str) -> str | None:
        for key in keys:
            found = clean_server_text(fields.get(key), redact)
            if found is not None:
                return found
        return None

    return ErrorBody(
        code=text("code", "errorcode"),
        message=text("message", "title", "exceptionmessage"),
        correlation_id=text("correlationid", "correlation_id", "traceid"),
        details=_details(fields, redact),
        described_as="a JSON error body",
    )


def _details(fields: Mapping[str, object], redact: Sequence[str]) -> tuple[ErrorDetail, ...]:
    found: list[ErrorDetail] = []
    raw = fields.get("details")
    entries = [raw] if isinstance(raw, dict) else raw if isinstance(raw, list) else []
    for entry in entries:
        if isinstance(entry, dict):
            lowered = {str(key).casefold(): value for key, value in entry.items()}
            found.append(
                ErrorDetail(
                    code=clean_server_text(lowered.get("code"), redact),
                    target=clean_server_text(lowered.get("target"), redact),
                    message=clean_server_text(lowered.get("message"), redact),
                )
            )
        elif isinstance(entry, str):
            found.append(ErrorDetail(None, None, clean_server_text(entry, redact)))
    for key in _DETAIL_MAPS:
        by_target = fields.get(key)
        if not isinstance(by_target, dict):
            continue
        for target, messages in by_target.items():
            for message in messages if isinstance(messages, list) else [messages]:
                found.append(
                    ErrorDetail(
                        None, clean_server_text(target, redact), clean_server_text(message, redact)
                    )
                )
    return tuple(detail for detail in found if detail != ErrorDetail(None, None, None))
