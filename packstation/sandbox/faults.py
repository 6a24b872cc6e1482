"""Fault injection: what to break, how often, and the deterministic dice that decide it.

The settings are plain frozen records so that the CLI, the config and the admin endpoint
share one JSON shape (see docs/sandbox.md); `FaultEngine` holds the armed rules at run time.
"""

from __future__ import annotations

import fnmatch
import math
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from packstation.sandbox.errors import ErrorDetail, validation_failed


class FaultKind(StrEnum):
    ERROR = "error"
    DROP_BEFORE = "drop_before"
    DROP_AFTER_COMMIT = "drop_after_commit"
    SLOW_BODY = "slow_body"
    TRUNCATE_BODY = "truncate_body"
    MALFORMED_JSON = "malformed_json"
    DELAY = "delay"


class LatencyMode(StrEnum):
    FIXED = "fixed"
    UNIFORM = "uniform"
    LOGNORMAL = "lognormal"


@dataclass(frozen=True)
class LatencySpec:
    mode: LatencyMode = LatencyMode.FIXED
    ms: float = 0.0  # fixed
    min_ms: float = 0.0  # uniform
    max_ms: float = 0.0  # uniform
    median_ms: float = 0.0  # lognormal
    sigma: float = 0.5  # lognormal

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            "ms": self.ms,
            "min_ms": self.min_ms,
            "max_ms": self.max_ms,
            "median_ms": self.median_ms,
            "sigma": self.sigma,
        }


@dataclass(frozen=True)
class FaultRule:
    path: str  # glob over the request path, e.g. "/deliveryoptions/select/*" (case-insensitive)
    kind: FaultKind
    method: str = "*"
    rate: float = 1.0
    count: int | None = None  # disarm after this many applications
    status: int = 503  # error
    body: Any = None  # error: JSON body (a v1 error body, or anything)
    retry_after: str | None = None  # error: raw Retry-After header value
    delay_ms: float = 0.0  # delay
    bytes_per_second: float = 256.0  # slow_body
    truncate_fraction: float = 0.5  # truncate_body: share of the body sent before closing

    def matches(self, method: str, path: str) -> bool:
        method_matches = self.method == "*" or self.method.upper() == method.upper()
        return method_matches and fnmatch.fnmatchcase(path.lower(), self.path.lower())

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "kind": self.kind.value,
            "rate": self.rate,
            "count": self.count,
            "status": self.status,
            "body": self.body,
            "retry_after": self.retry_after,
            "delay_ms": self.delay_ms,
            "bytes_per_second": self.bytes_per_second,
            "truncate_fraction": self.truncate_fraction,
        }


@dataclass(frozen=True)
class FaultSettings:
    latency: LatencySpec | None = None
    rules: tuple[FaultRule, ...] = ()
    manifest_fail_references: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ArmedRule:
    rule_id: int
    rule: FaultRule
    remaining: int | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.rule_id, **self.rule.to_json(), "remaining": self.remaining}


class FaultEngine:
    """The faults in force; thread-safe; its dice are seeded so a run can be repeated."""

    def __init__(self, settings: FaultSettings, seed: int) -> None:
        self._lock = threading.Lock()
        self._initial = settings
        self._seed = seed
        self._rng = random.Random(seed)  # noqa: S311 - repeatable dice, not secrets
        self._latency: LatencySpec | None = None
        self._rules: list[ArmedRule] = []
        self._manifest_fail_references: set[str] = set()
        self._next_id = 1
        self.reset()

    def reset(self) -> None:
        """Back to the faults the sandbox was started with."""
        with self._lock:
            self._rng = random.Random(self._seed)  # noqa: S311 - repeatable dice
            self._latency = None
            self._rules = []
            self._manifest_fail_references = set()
            self._next_id = 1
        self.add(self._initial)

    def clear(self) -> None:
        with self._lock:
            self._latency = None
            self._rules = []
            self._manifest_fail_references = set()

    def add(self, settings: FaultSettings) -> None:
        with self._lock:
            if settings.latency is not None:
                self._latency = settings.latency
            for rule in settings.rules:
                self._rules.append(ArmedRule(self._next_id, rule, rule.count))
                self._next_id += 1
            self._manifest_fail_references.update(
                reference.upper() for reference in settings.manifest_fail_references
            )

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [armed for armed in self._rules if armed.rule_id != rule_id]
            return len(self._rules) != before

    def latency_seconds(self) -> float:
        with self._lock:
            spec = self._latency
            if spec is None:
                return 0.0
            return _sample_latency_ms(spec, self._rng) / 1000.0

    def take(self, method: str, path: str) -> FaultRule | None:
        """The first armed rule that matches and fires this time; counts it as used."""
        with self._lock:
            for index, armed in enumerate(self._rules):
                if not armed.rule.matches(method, path):
                    continue
                if armed.rule.rate < 1.0 and self._rng.random() >= armed.rule.rate:
                    continue
                if armed.remaining is not None:
                    remaining = armed.remaining - 1
                    if remaining <= 0:
                        del self._rules[index]
                    else:
                        self._rules[index] = replace(armed, remaining=remaining)
                return armed.rule
            return None

    def manifest_should_fail(self, consignment_reference: str) -> bool:
        with self._lock:
            return consignment_reference.upper() in self._manifest_fail_references

    def to_json(self) -> dict[str, Any]:
        with self._lock:
            return {
                "latency": None if self._latency is None else self._latency.to_json(),
                "rules": [armed.to_json() for armed in self._rules],
                "manifest_fail_references": sorted(self._manifest_fail_references),
            }


def _sample_latency_ms(spec: LatencySpec, rng: random.Random) -> float:
    if spec.mode is LatencyMode.FIXED:
        return spec.ms
    if spec.mode is LatencyMode.UNIFORM:
        return rng.uniform(spec.min_ms, spec.max_ms)
    if spec.median_ms <= 0:
        return 0.0
    return rng.lognormvariate(math.log(spec.median_ms), spec.sigma)


def parse_fault_settings(data: Any) -> FaultSettings:
    """Read the JSON shape of `GET/POST /_sandbox/faults`; raise ValidationFailed if wrong."""
    if not isinstance(data, Mapping):
        raise validation_failed([ErrorDetail("Invalid", "", "Expected a JSON object.")])
    problems: list[ErrorDetail] = []
    latency = None
    if data.get("latency") is not None:
        latency = _parse_latency(data["latency"], problems)
    rules = tuple(
        rule
        for index, raw in enumerate(_as_list(data.get("rules"), "rules", problems))
        if (rule := _parse_rule(raw, f"rules[{index}]", problems)) is not None
    )
    manifest_fail = tuple(
        str(reference)
        for reference in _as_list(
            data.get("manifest_fail_references"), "manifest_fail_references", problems
        )
    )
    if problems:
        raise validation_failed(problems)
    return FaultSettings(latency=latency, rules=rules, manifest_fail_references=manifest_fail)


def _as_list(value: Any, target: str, problems: list[ErrorDetail]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(ErrorDetail("Invalid", target, "Expected a JSON array."))
        return []
    return value


def _parse_latency(raw: Any, problems: list[ErrorDetail]) -> LatencySpec | None:
    if not isinstance(raw, Mapping):
        problems.append(ErrorDetail("Invalid", "latency", "Expected a JSON object."))
        return None
    try:
        spec = LatencySpec(
            mode=LatencyMode(raw.get("mode", "fixed")),
            ms=float(raw.get("ms", 0.0)),
            min_ms=float(raw.get("min_ms", 0.0)),
            max_ms=float(raw.get("max_ms", 0.0)),
            median_ms=float(raw.get("median_ms", 0.0)),
            sigma=float(raw.get("sigma", 0.5)),
        )
    except (ValueError, TypeError) as error:
        problems.append(ErrorDetail("Invalid", "latency", str(error)))
        return None
    if min(spec.ms, spec.min_ms, spec.max_ms, spec.median_ms, spec.sigma) < 0:
        problems.append(ErrorDetail("Invalid", "latency", "Values must not be negative."))
        return None
    if spec.max_ms < spec.min_ms:
        problems.append(ErrorDetail("Invalid", "latency.max_ms", "max_ms is below min_ms."))
        return None
    return spec


def _parse_rule(raw: Any, target: str, problems: list[ErrorDetail]) -> FaultRule | None:
    if not isinstance(raw, Mapping):
        problems.append(ErrorDetail("Invalid", target, "Expected a JSON object."))
        return None
    if not isinstance(raw.get("path"), str) or not raw["path"].startswith("/"):
        problems.append(ErrorDetail("Required", f"{target}.path", "A path glob like /labels/*."))
        return None
    try:
        count = raw.get("count")
        retry_after = raw.get("retry_after")
        rule = FaultRule(
            path=raw["path"],
            kind=FaultKind(str(raw.get("kind"))),
            method=str(raw.get("method", "*")),
            rate=float(raw.get("rate", 1.0)),
            count=None if count is None else int(count),
            status=int(raw.get("status", 503)),
            body=raw.get("body"),
            retry_after=None if retry_after is None else str(retry_after),
            delay_ms=float(raw.get("delay_ms", 0.0)),
            bytes_per_second=float(raw.get("bytes_per_second", 256.0)),
            truncate_fraction=float(raw.get("truncate_fraction", 0.5)),
        )
    except (ValueError, TypeError) as error:
        problems.append(ErrorDetail("Invalid", target, str(error)))
        return None
    if not 0.0 <= rule.rate <= 1.0:
        problems.append(ErrorDetail("Invalid", f"{target}.rate", "rate must be within 0..1."))
    elif rule.count is not None and rule.count < 1:
        problems.append(ErrorDetail("Invalid", f"{target}.count", "count must be at least 1."))
    elif not 100 <= rule.status <= 599:
        problems.append(ErrorDetail("Invalid", f"{target}.status", "Not an HTTP status."))
    elif rule.bytes_per_second <= 0 or not 0.0 <= rule.truncate_fraction < 1.0:
        problems.append(ErrorDetail("Invalid", target, "bytes_per_second/truncate_fraction."))
    else:
        return rule
    return None
