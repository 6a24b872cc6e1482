"""The faults the campaign injects, as sandbox rules (or client/printer switches), by kind.

Each kind names what the issue lists: latency spikes, 5xx bursts, 429/503 with Retry-After in
seconds, as an HTTP date, malformed or huge, connections refused, responses dropped after the
server committed, truncated bodies, an option expiring mid-pack, a printer going offline. A
fault fires at most `count` times and is disarmed after the packer action it was armed for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from enum import StrEnum
from typing import Any


class FaultKind(StrEnum):
    LATENCY_SPIKE = "latency spike"
    LATENCY_PAST_DEADLINE = "latency past the deadline"
    SERVER_ERROR_BURST = "5xx burst"
    RETRY_AFTER_SECONDS = "429/503 Retry-After seconds"
    RETRY_AFTER_DATE = "429/503 Retry-After HTTP date"
    RETRY_AFTER_MALFORMED = "429/503 Retry-After malformed"
    RETRY_AFTER_HUGE = "429/503 Retry-After huge"
    CONNECTION_REFUSED = "connection refused"
    DROPPED_BEFORE = "connection dropped before processing"
    DROPPED_AFTER_COMMIT = "response dropped after commit"
    TRUNCATED_BODY = "truncated body"
    MALFORMED_BODY = "malformed body (HTML 200)"
    SLOW_BODY = "slow body"
    BUSINESS_ERROR = "business error (4xx)"
    OPTION_EXPIRY = "option expired mid-pack"
    PRINTER_OFFLINE = "printer offline"
    PRINTER_DIES = "printer dies mid-job"
    MANIFEST_FAILURE = "manifest failure"


# Where a fault can strike: (method, path glob) over the calls a station makes.
TARGETS: tuple[tuple[str, str], ...] = (
    ("POST", "/deliveryoptions/select/*"),
    ("POST", "/deliveryoptions/select/*"),
    ("GET", "/consignments/[0-9]*/[0-9]*"),  # search: reconcile, day close, "packed elsewhere"
    ("GET", "/labels/*"),
    ("POST", "/deliveryoptions"),
    ("GET", "/orders/*"),
    ("GET", "/deliveryoptions/details/*"),
    ("GET", "/consignments/ec-*"),  # one consignment (reconcile adopts it)
    ("GET", "/consignments/docs/*"),
    ("PUT", "/consignments/*/cancel"),
    ("*", "/consignments/manifestfromquery"),
    ("GET", "/carrierservices"),
    ("*", "/*"),
)

SERVER_ERROR_BODY = {
    "Code": "InternalServerError",
    "Message": "Something went wrong (fault injection)",
    "CorrelationId": "reliability",
    "Details": [],
}
RATE_LIMIT_BODY = {
    "Code": "TooManyRequests",
    "Message": "Rate limit exceeded (fault injection)",
    "CorrelationId": "reliability",
    "Details": [],
}
BUSINESS_ERRORS: tuple[tuple[int, dict[str, Any]], ...] = (
    (
        400,
        {
            "Code": "ValidationFailed",
            "Message": "The request is invalid (fault injection)",
            "CorrelationId": "reliability",
            "Details": [{"Code": "Invalid", "Target": "Packages[0].Weight", "Message": "Bad"}],
        },
    ),
    (404, {"Code": "ResourceNotFound", "Message": "Not found (fault injection)"}),
    (409, {"Code": "Conflict", "Message": "Conflict (fault injection)"}),
    (403, {"Code": "Forbidden", "Message": "Not allowed (fault injection)"}),
)
MALFORMED_RETRY_AFTER = ("soon", "-5", "1e400", "Thu, 99 Foo 2026 25:61:00 GMT", "", "NaN")


@dataclass(frozen=True)
class HttpFault:
    kind: FaultKind
    rule: dict[str, Any] | None  # a sandbox rule, or None for a refused connection
    count: int


def http_fault(
    kind: FaultKind, target: tuple[str, str], count: int, variant: int, deadline: float
) -> HttpFault:
    method, path = target
    base: dict[str, Any] = {"method": method, "path": path, "count": count}
    status_429_or_503 = 429 if variant % 2 == 0 else 503
    match kind:
        case FaultKind.LATENCY_SPIKE:
            rule = {**base, "kind": "delay", "delay_ms": 50 + (variant % 4) * 60}
        case FaultKind.LATENCY_PAST_DEADLINE:
            rule = {**base, "kind": "delay", "delay_ms": int(deadline * 1000 * 1.6)}
        case FaultKind.SERVER_ERROR_BURST:
            status = (500, 502, 503, 504)[variant % 4]
            body = SERVER_ERROR_BODY if variant % 3 else None
            rule = {**base, "kind": "error", "status": status, "body": body}
        case FaultKind.RETRY_AFTER_SECONDS:
            rule = {
                **base,
                "kind": "error",
                "status": status_429_or_503,
                "retry_after": ("1", "0", "2", "0.5")[variant % 4],
                "body": RATE_LIMIT_BODY,
            }
        case FaultKind.RETRY_AFTER_DATE:
            when = datetime.now(UTC) + timedelta(seconds=1 + variant % 3)
            rule = {
                **base,
                "kind": "error",
                "status": status_429_or_503,
                "retry_after": format_datetime(when, usegmt=True),
                "body": RATE_LIMIT_BODY,
            }
        case FaultKind.RETRY_AFTER_MALFORMED:
            rule = {
                **base,
                "kind": "error",
                "status": status_429_or_503,
                "retry_after": MALFORMED_RETRY_AFTER[variant % len(MALFORMED_RETRY_AFTER)],
            }
        case FaultKind.RETRY_AFTER_HUGE:
            huge = (
                "86400"
                if variant % 2
                else format_datetime(datetime.now(UTC) + timedelta(days=365), usegmt=True)
            )
            rule = {
                **base,
                "kind": "error",
                "status": status_429_or_503,
                "retry_after": huge,
                "body": RATE_LIMIT_BODY,
            }
        case FaultKind.CONNECTION_REFUSED:
            return HttpFault(kind, None, count)
        case FaultKind.DROPPED_BEFORE:
            rule = {**base, "kind": "drop_before"}
        case FaultKind.DROPPED_AFTER_COMMIT:
            rule = {**base, "kind": "drop_after_commit"}
        case FaultKind.TRUNCATED_BODY:
            rule = {
                **base,
                "kind": "truncate_body",
                "truncate_fraction": (0.0, 0.3, 0.9)[variant % 3],
            }
        case FaultKind.MALFORMED_BODY:
            rule = {**base, "kind": "malformed_json"}
        case FaultKind.SLOW_BODY:
            rule = {**base, "kind": "slow_body", "bytes_per_second": (20_000, 100_000)[variant % 2]}
        case FaultKind.BUSINESS_ERROR:
            status, body = BUSINESS_ERRORS[variant % len(BUSINESS_ERRORS)]
            rule = {**base, "kind": "error", "status": status, "body": body}
        case _:
            raise ValueError(f"{kind} is not an HTTP fault")
    return HttpFault(kind, rule, count)


HTTP_KINDS = tuple(
    k
    for k in FaultKind
    if k
    not in (
        FaultKind.OPTION_EXPIRY,
        FaultKind.PRINTER_OFFLINE,
        FaultKind.PRINTER_DIES,
        FaultKind.MANIFEST_FAILURE,
    )
)
