"""v1 error bodies (reference §6) and the exception the handlers raise to produce one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# The Azure API Management gateway answers auth failures itself, in its own shape (§9.11).
MISSING_KEY_MESSAGE = (
    "Access denied due to missing subscription key. "
    "Make sure to include subscription key when making requests to an API."
)
INVALID_KEY_MESSAGE = (
    "Access denied due to invalid subscription key. "
    "Make sure to provide a valid key for an active subscription."
)


@dataclass(frozen=True)
class ErrorDetail:
    code: str  # "Required" or "Invalid"
    target: str  # property path, e.g. "Packages[0].Weight"
    message: str

    def to_json(self) -> dict[str, str]:
        return {"Code": self.code, "Target": self.target, "Message": self.message}


class ApiError(Exception):
    """Turned into a v1 error response by the app's exception handler."""

    def __init__(
        self, status: int, code: str, message: str, details: Sequence[ErrorDetail] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = tuple(details)

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.details)


def error_body(code: str, message: str, details: Sequence[ErrorDetail] = ()) -> dict[str, Any]:
    return {
        "Code": code,
        "Message": message,
        "CorrelationId": str(uuid.uuid4()),
        "Details": [detail.to_json() for detail in details],
    }


def gateway_unauthorised_body(key_was_sent: bool) -> dict[str, Any]:
    return {
        "statusCode": 401,
        "message": INVALID_KEY_MESSAGE if key_was_sent else MISSING_KEY_MESSAGE,
    }


def not_found(what: str, reference: str, code: str | None = None) -> ApiError:
    return ApiError(404, code or f"{what}NotFound", f"{what} {reference} not found")


def validation_failed(details: Sequence[ErrorDetail]) -> ApiError:
    return ApiError(400, "ValidationFailed", "The request is invalid.", details)


def bad_request(code: str, message: str) -> ApiError:
    return ApiError(400, code, message)
