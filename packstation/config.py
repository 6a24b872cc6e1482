"""Typed station settings, where they live on disk, and the API key in the OS keyring.

Settings are a JSON file in the platform config directory, overridable by PACKSTATION_*
environment variables. The API key is never part of the settings: it lives in the OS keyring
(or, for headless automation, PACKSTATION_API_KEY in the environment).
"""

from __future__ import annotations

import json
import os
import socket
from enum import StrEnum
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "packstation"
KEYRING_SERVICE = "packstation"
SETTINGS_FILE_NAME = "settings.json"
JOURNAL_FILE_NAME = "journal.sqlite3"

PRODUCTION_API_URL = "https://api.electioapp.com"
SORTED_SANDBOX_API_URL = "https://apisandbox.electioapp.com"


class ApiEnvironment(StrEnum):
    DEMO = "demo"  # the embedded sandbox on loopback; nothing reaches a carrier
    SORTED_SANDBOX = "sorted_sandbox"
    PRODUCTION = "production"

    @property
    def label(self) -> str:
        return {
            ApiEnvironment.DEMO: "Demo (built-in sandbox)",
            ApiEnvironment.SORTED_SANDBOX: "SortedPRO sandbox",
            ApiEnvironment.PRODUCTION: "Production",
        }[self]

    @property
    def base_url(self) -> str | None:
        return {
            ApiEnvironment.DEMO: None,
            ApiEnvironment.SORTED_SANDBOX: SORTED_SANDBOX_API_URL,
            ApiEnvironment.PRODUCTION: PRODUCTION_API_URL,
        }[self]


class RuleSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["cheapest", "fastest", "preferred", "deliver_by"] = "cheapest"
    preferences: tuple[str, ...] = ()
    deliver_within_days: int | None = Field(default=None, ge=0, le=30)


def default_station_name() -> str:
    return socket.gethostname().split(".")[0] or "station-1"


def default_data_dir() -> Path:
    override = os.environ.get("PACKSTATION_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_config_dir() -> Path:
    override = os.environ.get("PACKSTATION_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


class StationSettings(BaseSettings):
    """Everything a station can configure. The API key is deliberately not here."""

    model_config = SettingsConfigDict(env_prefix="PACKSTATION_", extra="ignore", frozen=True)

    environment: ApiEnvironment = ApiEnvironment.DEMO
    api_url: str | None = None  # explicit override (CLI --api-url); wins over environment
    shipping_location_reference: str | None = None
    station_name: str = Field(default_factory=default_station_name, min_length=1, max_length=40)
    label_printer: str | None = None  # printer target; None = the data dir's labels folder
    document_printer: str | None = None
    label_format: Literal["pdf", "zpl"] = "pdf"
    label_dpi: Literal[203, 300] = 203
    rule: RuleSettings = RuleSettings()
    scan_to_print: bool = False
    sounds: bool = True
    retention_days: int = Field(default=30, ge=1, le=365)
    action_deadline_seconds: float = Field(default=30.0, ge=5.0, le=600.0)
    # How long an interrupted select may still land at SortedPRO (see workflow/reconcile.py).
    select_settle_seconds: float = Field(default=90.0, ge=0.0, le=600.0)
    data_dir: Path = Field(default_factory=default_data_dir)

    @field_validator("station_name")
    @classmethod
    def _printable_station_name(cls, value: str) -> str:
        cleaned = value.strip()
        if not cleaned or not cleaned.isprintable():
            raise ValueError("use letters, digits and spaces")
        return cleaned

    @property
    def journal_path(self) -> Path:
        return self.data_dir / JOURNAL_FILE_NAME

    @property
    def default_label_folder(self) -> Path:
        return self.data_dir / "labels"

    @property
    def effective_label_printer(self) -> str:
        return self.label_printer or f"file:{self.default_label_folder}"


def settings_path(config_dir: Path | None = None) -> Path:
    return (config_dir or default_config_dir()) / SETTINGS_FILE_NAME


def load_settings(config_dir: Path | None = None) -> StationSettings:
    """Settings file values, then PACKSTATION_* environment variables on top."""
    path = settings_path(config_dir)
    stored: dict[str, object] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            loaded = {}
        if isinstance(loaded, dict):
            stored = loaded
    env_values = StationSettings().model_dump(exclude_unset=True)
    return StationSettings.model_validate({**stored, **env_values})


def save_settings(settings: StationSettings, config_dir: Path | None = None) -> Path:
    path = settings_path(config_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    payload = settings.model_dump(
        mode="json", exclude={"data_dir"} if _is_default_data_dir(settings) else set()
    )
    temporary.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    os.replace(temporary, path)
    return path


def _is_default_data_dir(settings: StationSettings) -> bool:
    return settings.data_dir == default_data_dir()
