"""Turn what the settings form holds into `StationSettings`, or one plain message per bad field.

The form's own checks come first (they can say exactly what to type); pydantic's validation of
`StationSettings` is the backstop, its error locations mapped back onto the form's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication

from packstation.config import ApiEnvironment, StationSettings
from packstation.printing.targets import parse_target

translate = QCoreApplication.translate

STATION_NAME_MAX = 40
_PORT = re.compile(r"^tcp://(?:\[[^\]]*\]|[^:/]*)(?::(?P<port>[^/]*))?/?$", re.IGNORECASE)


class Field(StrEnum):
    ENVIRONMENT = "environment"
    API_KEY = "api_key"
    SHIPPING_LOCATION = "shipping_location_reference"
    STATION_NAME = "station_name"
    LABEL_PRINTER = "label_printer"
    DOCUMENT_PRINTER = "document_printer"
    LABEL_FORMAT = "label_format"
    LABEL_DPI = "label_dpi"
    RULE = "rule"
    SCAN_TO_PRINT = "scan_to_print"
    SOUNDS = "sounds"
    ACTION_DEADLINE = "action_deadline_seconds"
    RETENTION_DAYS = "retention_days"
    OTHER = "other"  # a setting the form does not show; said in the dialog's status line


@dataclass(frozen=True)
class FormValues:
    environment: ApiEnvironment
    shipping_location: str
    station_name: str
    label_printer: str
    document_printer: str
    label_format: str
    label_dpi: int
    rule_kind: str
    preferences: str  # comma-separated, as typed
    deliver_within_days: int
    scan_to_print: bool
    sounds: bool
    action_deadline_seconds: float
    retention_days: int


Errors = dict[Field, str]
_FIELD_NAMES = frozenset(field.value for field in Field)


def station_name_message() -> str:
    return translate(
        "SettingsDialog", "Station name: letters, digits, spaces, - and _, up to 40 characters"
    )


def station_name_error(name: str) -> str | None:
    cleaned = name.strip()
    allowed = all(ch.isalnum() or ch in " -_" for ch in cleaned)
    if not cleaned or len(cleaned) > STATION_NAME_MAX or not allowed:
        return station_name_message()
    return None


def printer_target_error(text: str) -> str | None:
    """None when the target is usable (empty means the default folder)."""
    value = text.strip()
    if not value:
        return None
    port_match = _PORT.match(value)
    if port_match and port_match.group("port") is not None:
        port = port_match.group("port")
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            return translate("SettingsDialog", "Port must be 1–65535")
    try:
        parse_target(value)
    except ValueError as error:
        return str(error) or translate(
            "SettingsDialog", "Enter a printer target: an OS printer, tcp://HOST:PORT or a folder"
        )
    return None


def shipping_location_error(text: str) -> str | None:
    if any(ch.isspace() for ch in text.strip()):
        return translate(
            "SettingsDialog",
            "Shipping location: a SortedPRO reference without spaces, or empty for the "
            "account's default",
        )
    return None


def preference_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def rule_error(values: FormValues) -> str | None:
    if values.rule_kind == "preferred" and not preference_list(values.preferences):
        return translate(
            "SettingsDialog", "List at least one carrier or service, separated by commas"
        )
    return None


def form_errors(values: FormValues) -> Errors:
    checks = {
        Field.SHIPPING_LOCATION: shipping_location_error(values.shipping_location),
        Field.STATION_NAME: station_name_error(values.station_name),
        Field.LABEL_PRINTER: printer_target_error(values.label_printer),
        Field.DOCUMENT_PRINTER: printer_target_error(values.document_printer),
        Field.RULE: rule_error(values),
    }
    return {field: message for field, message in checks.items() if message}


def _updates(values: FormValues) -> dict[str, Any]:
    kind = values.rule_kind
    return {
        "environment": values.environment,
        "shipping_location_reference": values.shipping_location.strip() or None,
        "station_name": values.station_name.strip(),
        "label_printer": values.label_printer.strip() or None,
        "document_printer": values.document_printer.strip() or None,
        "label_format": values.label_format,
        "label_dpi": values.label_dpi,
        "rule": {
            "kind": kind,
            "preferences": preference_list(values.preferences) if kind == "preferred" else (),
            "deliver_within_days": values.deliver_within_days if kind == "deliver_by" else None,
        },
        "scan_to_print": values.scan_to_print,
        "sounds": values.sounds,
        "action_deadline_seconds": values.action_deadline_seconds,
        "retention_days": values.retention_days,
    }


def _field_message(field: Field, pydantic_message: str) -> str:
    """pydantic's words are for developers; say what to type instead where we can."""
    specific = {
        Field.STATION_NAME: station_name_message(),
        Field.ACTION_DEADLINE: translate("SettingsDialog", "Action deadline: 5 to 600 seconds"),
        Field.RETENTION_DAYS: translate("SettingsDialog", "Keep history for 1 to 365 days"),
        Field.RULE: translate("SettingsDialog", "Deliver within 0 to 30 days"),
    }.get(field)
    return specific or pydantic_message


def pydantic_errors(error: ValidationError) -> Errors:
    errors: Errors = {}
    for detail in error.errors():
        location = str(detail["loc"][0]) if detail["loc"] else ""
        if location in _FIELD_NAMES:
            field = Field(location)
            message = _field_message(field, str(detail["msg"]))
        else:
            field, message = Field.OTHER, f"{location}: {detail['msg']}"
        errors.setdefault(field, message)
    return errors


def build_settings(
    base: StationSettings, values: FormValues
) -> tuple[StationSettings | None, Errors]:
    """The new settings (everything the form does not show is kept from `base`), or the errors."""
    errors = form_errors(values)
    if errors:
        return None, errors
    try:
        settings = StationSettings.model_validate({**base.model_dump(), **_updates(values)})
    except ValidationError as error:
        return None, pydantic_errors(error)
    return settings, {}
