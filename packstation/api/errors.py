"""The client's exceptions. Each carries words for the packer and a technical line for the log.

No exception holds request headers, the API key or anything from a request body, so none can
leak a secret or personal data; server text is cleaned, shortened and redacted first.
"""

from __future__ import annotations

import math
import re
import ssl
from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

import httpx

from packstation.api.error_body import ErrorBody, clean_server_text, parse_error_body
from packstation.api.error_body import ErrorDetail as ErrorDetail
from packstation.api.operations import SELECT_DELIVERY_OPTION, Operation, Safety
from packstation.api.retry_after import parse_retry_after


class SortedProError(Exception):
    """Base of every error the client raises."""

    user_message: str
    """Plain words for the packer: what went wrong and what to do next."""
    technical_message: str
    """One line for the log: operation, status, codes, correlation id. Also `str(error)`."""
    operation: str
    """`Operation.key` of the call that failed, e.g. "select_delivery_option"."""
    retryable: bool
    """A later attempt may succeed (the cause is transient). It does not say that re-sending is
    safe: for an unsafe call with `outcome_unknown`, reconcile first."""
    outcome_unknown: bool
    """The server may have carried out the call even though it failed here."""

    def __init__(
        self,
        *,
        operation: str,
        user_message: str,
        technical_message: str,
        retryable: bool,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(technical_message)
        self.operation = operation
        self.user_message = user_message
        self.technical_message = technical_message
        self.retryable = retryable
        self.outcome_unknown = outcome_unknown

    def __str__(self) -> str:
        return self.technical_message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(operation={self.operation!r}, {self.technical_message!r})"


# --- no complete HTTP response ---------------------------------------------------------------


class ApiTransportError(SortedProError):
    """No complete HTTP response arrived."""


class RequestNotSentError(ApiTransportError):
    """The server never saw the request (connection refused, DNS, connect or pool timeout)."""


class ResponseLostError(ApiTransportError):
    """The request went out but its response was lost: the outcome is unknown."""

    timed_out: bool = False
    """No answer came in time: the server may still be carrying the call out (a connection
    that was closed or cut short, by contrast, means the server is done with it)."""


# --- an HTTP error status ----------------------------------------------------------------------


class ApiStatusError(SortedProError):
    """The server answered with an error status."""

    status_code: int
    code: str | None
    """PRO's own error code (`Code`), not the HTTP status."""
    message: str | None
    """The server's `Message`, cleaned and shortened."""
    correlation_id: str | None
    details: tuple[ErrorDetail, ...]
    retry_after: float | None
    """Seconds the server asked us to wait (Retry-After), if it said."""

    advice: ClassVar[str] = "Try again; if it keeps happening, tell a supervisor."

    def __init__(
        self,
        *,
        operation: str,
        user_message: str,
        technical_message: str,
        retryable: bool,
        status_code: int,
        code: str | None = None,
        message: str | None = None,
        correlation_id: str | None = None,
        details: tuple[ErrorDetail, ...] = (),
        retry_after: float | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(
            operation=operation,
            user_message=user_message,
            technical_message=technical_message,
            retryable=retryable,
            outcome_unknown=outcome_unknown,
        )
        self.status_code = status_code
        self.code = code
        self.message = message
        self.correlation_id = correlation_id
        self.details = details
        self.retry_after = retry_after


class BadRequestError(ApiStatusError):
    advice = "Check the order details and try again."


class ValidationFailedError(BadRequestError):
    advice = "Correct the details and try again."


class AuthenticationError(ApiStatusError):
    advice = "Ask a supervisor to check the API key in Settings."


class PermissionDeniedError(ApiStatusError):
    advice = "Ask a supervisor to check the account's permissions and licences."


class NotFoundError(ApiStatusError):
    advice = "Check the reference and try again."


class ConflictError(ApiStatusError):
    advice = "Refresh the consignment and check its status."


class RateLimitedError(ApiStatusError):
    advice = "Wait a moment and try again."


class ServerError(ApiStatusError):
    advice = "Try again in a minute; if it keeps happening, tell a supervisor."


class DeliveryOptionExpiredError(ApiStatusError):
    advice = "Get fresh delivery options and choose again."


class DeliveryOptionAlreadySelectedError(ApiStatusError):
    advice = "Look the consignment up before selecting again."


# --- a 2xx answer we cannot use ------------------------------------------------------------------


class MalformedResponseError(SortedProError):
    """A success status whose body is not JSON or does not fit the model."""

    status_code: int | None

    def __init__(
        self,
        *,
        operation: str,
        user_message: str,
        technical_message: str,
        status_code: int | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(
            operation=operation,
            user_message=user_message,
            technical_message=technical_message,
            retryable=True,
            outcome_unknown=outcome_unknown,
        )
        self.status_code = status_code


class LabelFormatError(MalformedResponseError):
    """A label or document that is not what it claims to be: bad base64, wrong format, cut short."""


def malformed_response(
    operation: Operation, problem: str, *, status_code: int | None = None
) -> MalformedResponseError:
    """A MalformedResponseError for `problem` (which names the field, never holds its value)."""
    unsafe = operation.safety is Safety.UNSAFE
    check = (
        " It may have gone through: check before trying again."
        if unsafe
        else " Try again; if it keeps happening, tell a supervisor."
    )
    return MalformedResponseError(
        operation=operation.key,
        user_message=f"SortedPRO sent an answer packstation cannot read when asked to "
        f"{operation.action}.{check}",
        technical_message=f"{operation.key}: unreadable response"
        + (f" (HTTP {status_code})" if status_code is not None else "")
        + f": {problem}",
        status_code=status_code,
        outcome_unknown=unsafe,
    )


def label_format_error(operation: Operation, problem: str) -> LabelFormatError:
    """`problem` is the sentence shown to the packer: "The label ... is not a valid PDF (...)."."""
    return LabelFormatError(
        operation=operation.key,
        user_message=f"{problem} Try getting it again; if it keeps happening, tell a supervisor.",
        technical_message=f"{operation.key}: {problem}",
    )


# --- the one mapping from a failed exchange to an exception -------------------------------------

_EXPIRED_WORDS = re.compile(r"expired|cut-?\s?off|no longer (?:valid|available)", re.IGNORECASE)
_ALREADY_SELECTED_WORDS = re.compile(r"already\s+(?:been\s+)?selected", re.IGNORECASE)
_SELECT_REFUSALS = frozenset({400, 404, 409, 410})
_BY_STATUS: dict[int, type[ApiStatusError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: NotFoundError,
    422: ValidationFailedError,
    429: RateLimitedError,
}
_NOT_SENT: tuple[type[httpx.HTTPError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)
_OUR_FAULT: tuple[type[httpx.HTTPError], ...] = (
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


def error_from_response(
    operation: Operation,
    status_code: int,
    body: bytes,
    headers: httpx.Headers,
    *,
    redact: Sequence[str] = (),
    now: datetime | None = None,
) -> ApiStatusError:
    """The exception for a non-2xx response. Copes with v1 bodies, the gateway's
    `{"statusCode", "message"}`, empty and HTML bodies, and missing or malformed `Details`."""
    parsed = parse_error_body(body, headers.get("content-type"), redact)
    correlation_id = parsed.correlation_id or clean_server_text(
        headers.get("x-correlation-id"), redact
    )
    retry_after = parse_retry_after(headers.get("retry-after"), now)
    error_class = _error_class(operation, status_code, parsed)
    outcome_unknown = status_code >= 500 and operation.safety is Safety.UNSAFE
    return error_class(
        operation=operation.key,
        user_message=_user_message(error_class, operation, parsed, retry_after, outcome_unknown),
        technical_message=_technical_message(
            operation, status_code, parsed, correlation_id, retry_after
        ),
        retryable=issubclass(error_class, RateLimitedError | ServerError),
        status_code=status_code,
        code=parsed.code,
        message=parsed.message,
        correlation_id=correlation_id,
        details=parsed.details,
        retry_after=retry_after,
        outcome_unknown=outcome_unknown,
    )


def error_from_transport(
    operation: Operation, error: httpx.HTTPError, *, redact: Sequence[str] = ()
) -> ApiTransportError:
    """The exception for an exchange that produced no complete response."""
    cause = f"{type(error).__name__}: {clean_server_text(error, redact) or 'no detail'}"
    if _certificate_refused(error):
        return RequestNotSentError(
            operation=operation.key,
            user_message=(
                "The SortedPRO address answered with a certificate that cannot be trusted, so "
                "nothing was sent. Ask a supervisor to check the SortedPRO address in Settings; "
                "if it is right, this network may be intercepting secure connections."
            ),
            technical_message=f"{operation.key}: request not sent, certificate refused ({cause})",
            retryable=False,
        )
    if isinstance(error, _NOT_SENT):
        our_fault = isinstance(error, _OUR_FAULT)
        return RequestNotSentError(
            operation=operation.key,
            user_message=(
                "The SortedPRO address or API key in Settings cannot be used. "
                "Ask a supervisor to check them."
                if our_fault
                else f"Could not reach SortedPRO to {operation.action}. "
                "Check the network connection and try again."
            ),
            technical_message=f"{operation.key}: request not sent ({cause})",
            retryable=not our_fault,
        )
    unsafe = operation.safety is Safety.UNSAFE
    lost = ResponseLostError(
        operation=operation.key,
        user_message=(
            f"The connection to SortedPRO was lost while trying to {operation.action}, so it is "
            "not known whether it went through. Check before trying again."
            if unsafe
            else f"SortedPRO did not answer in time when asked to {operation.action}. Try again."
        ),
        technical_message=f"{operation.key}: response lost, outcome unknown ({cause})",
        retryable=True,
        outcome_unknown=unsafe,
    )
    lost.timed_out = isinstance(error, httpx.TimeoutException)
    return lost


def _certificate_refused(error: BaseException) -> bool:
    """Whether the TLS handshake failed because the server's certificate did not verify."""
    seen: BaseException | None = error
    for _ in range(8):  # httpx wraps httpcore's error, which wraps the ssl module's
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _error_class(operation: Operation, status_code: int, parsed: ErrorBody) -> type[ApiStatusError]:
    code = (parsed.code or "").casefold()
    if code == "deliveryoptionexpired":
        return DeliveryOptionExpiredError
    if code == "deliveryoptionalreadyselected":
        return DeliveryOptionAlreadySelectedError
    if operation.key == SELECT_DELIVERY_OPTION.key and status_code in _SELECT_REFUSALS:
        said = " ".join(
            text for text in (parsed.message, *(d.message for d in parsed.details)) if text
        )
        if _ALREADY_SELECTED_WORDS.search(said):
            return DeliveryOptionAlreadySelectedError
        if _EXPIRED_WORDS.search(said):
            return DeliveryOptionExpiredError
    if status_code == 400:
        names_fields = any(detail.target for detail in parsed.details)
        return ValidationFailedError if "validat" in code or names_fields else BadRequestError
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, ApiStatusError)


def _user_message(
    error_class: type[ApiStatusError],
    operation: Operation,
    parsed: ErrorBody,
    retry_after: float | None,
    outcome_unknown: bool,
) -> str:
    action = operation.action
    advice = error_class.advice
    if issubclass(error_class, DeliveryOptionExpiredError):
        headline = "This delivery option has expired (it is past its cut-off time)."
    elif issubclass(error_class, DeliveryOptionAlreadySelectedError):
        headline = "This delivery option was already selected, so a consignment may exist for it."
    elif issubclass(error_class, BadRequestError):
        headline = f"SortedPRO refused to {action}: {_reason(parsed)}."
    elif issubclass(error_class, AuthenticationError):
        headline = "SortedPRO did not accept the API key."
    elif issubclass(error_class, PermissionDeniedError):
        headline = f"This SortedPRO account is not allowed to {action}."
    elif issubclass(error_class, NotFoundError):
        headline = f"SortedPRO could not find what it needs to {action}."
    elif issubclass(error_class, ConflictError):
        headline = f"SortedPRO could not {action} in the consignment's current state."
    elif issubclass(error_class, RateLimitedError):
        headline = f"SortedPRO is busy and could not {action} just now."
        if retry_after is not None:
            advice = f"Wait {max(1, math.ceil(retry_after))} seconds and try again."
    elif issubclass(error_class, ServerError):
        headline = f"SortedPRO had a problem and could not {action}."
        if outcome_unknown:
            advice = "It may have gone through anyway: check before trying again."
    else:
        headline = f"SortedPRO refused to {action}."
    return f"{headline} {advice}"


def _reason(parsed: ErrorBody) -> str:
    parts = [parsed.message] if parsed.message else []
    for detail in parsed.details:
        said = detail.message or detail.code
        if said:
            parts.append(f"{detail.target}: {said}" if detail.target else said)
    reason = "; ".join(parts).rstrip(".") or "the request was not accepted"
    return clean_server_text(reason) or reason


def _technical_message(
    operation: Operation,
    status_code: int,
    parsed: ErrorBody,
    correlation_id: str | None,
    retry_after: float | None,
) -> str:
    parts = [f"{operation.key}: HTTP {status_code}"]
    if parsed.code:
        parts.append(f"code={parsed.code}")
    if parsed.message:
        parts.append(f"message={parsed.message!r}")
    if parsed.details:
        parts.append(f"details={len(parsed.details)}")
    if correlation_id:
        parts.append(f"correlation_id={correlation_id}")
    if retry_after is not None:
        parts.append(f"retry_after={retry_after:g}s")
    if not (parsed.code or parsed.message):
        parts.append(f"({parsed.described_as})")
    return " ".join(parts)
