"""Reading JSON request fields: typed values out, problems collected with their paths."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeGuard

from packstation.sandbox.errors import ErrorDetail, validation_failed
from packstation.sandbox.model import JsonDict


class Problems:
    def __init__(self) -> None:
        self.details: list[ErrorDetail] = []

    def required(self, target: str, message: str) -> None:
        self.details.append(ErrorDetail("Required", target, message))

    def invalid(self, target: str, message: str) -> None:
        self.details.append(ErrorDetail("Invalid", target, message))

    def raise_if_any(self) -> None:
        if self.details:
            raise validation_failed(self.details)


def parse_date(value: Any, target: str, problems: Problems) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    problems.invalid(target, f"{target} must be an ISO 8601 date, e.g. 2024-06-19T00:00:00+01:00.")
    return None


def is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def optional_text(raw: Mapping[str, Any], key: str, problems: Problems, at: str = "") -> str | None:
    value = raw.get(key)
    if value is None or isinstance(value, str):
        return value or None
    problems.invalid(f"{at}.{key}" if at else key, f"{key} must be a string.")
    return None


def optional_bool(raw: Mapping[str, Any], key: str, problems: Problems) -> bool:
    value = raw.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    problems.invalid(key, f"{key} must be true or false.")
    return False


def optional_object(raw: Mapping[str, Any], key: str, problems: Problems) -> JsonDict | None:
    value = raw.get(key)
    if value is None or isinstance(value, dict):
        return value
    problems.invalid(key, f"{key} must be an object.")
    return None


def choice(
    raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str, problems: Problems
) -> str:
    value = raw.get(key)
    if value is None:
        return default
    for choice in allowed:
        if isinstance(value, str) and value.lower() == choice.lower():
            return choice
    problems.invalid(key, f"{key} must be one of {', '.join(allowed)}.")
    return default


def object_list(raw: Any, target: str, problems: Problems) -> list[JsonDict]:
    if raw is None:
        return []
    if isinstance(raw, list) and all(isinstance(entry, dict) for entry in raw):
        return list(raw)
    problems.invalid(target, f"{target} must be an array of objects.")
    return []


def string_list(raw: Any, target: str, problems: Problems) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list) and all(isinstance(entry, str) for entry in raw):
        return list(raw)
    problems.invalid(target, f"{target} must be an array of strings.")
    return []
