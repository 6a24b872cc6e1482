"""Every knob of the sandbox in one frozen record (CLI flags map onto these one to one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from packstation.sandbox.faults import FaultSettings


class ReselectMode(StrEnum):
    ERROR = "error"  # a second select of an EDO is refused (400 DeliveryOptionAlreadySelected)
    DUPLICATE = "duplicate"  # a second select creates a second consignment (the worst case)


@dataclass(frozen=True)
class SandboxConfig:
    host: str = "127.0.0.1"
    port: int = 0  # 0: the OS picks a free port
    api_key: str = "demo"
    seed: int = 1
    state_file: Path | None = None  # persist the store as JSON after every change
    reselect_mode: ReselectMode = ReselectMode.ERROR
    manifest_delay_seconds: float = 1.0  # Manifesting -> Manifested/ManifestFailed; 0 = at once
    manifest_failure_rate: float = 0.0  # share of manifested consignments that fail (0..1)
    double_base64_labels: bool = False  # label File base64 twice, like the doc example
    legacy_shapes: bool = False  # every Weight as {"Kg"}, every rate as VatRate
    faults: FaultSettings = field(default_factory=FaultSettings)
    start_time: datetime | None = None  # the sandbox's "now" at start (aware); None: real time
    extra_orders: int = 0  # deterministic orders generated on top of the seeded demo orders
    log_level: str = "warning"

    def __post_init__(self) -> None:
        if not self.api_key:
            raise ValueError("api_key must not be empty")
        if not 0.0 <= self.manifest_failure_rate <= 1.0:
            raise ValueError("manifest_failure_rate must be within 0..1")
        if self.manifest_delay_seconds < 0:
            raise ValueError("manifest_delay_seconds must not be negative")
        if self.start_time is not None and self.start_time.tzinfo is None:
            raise ValueError("start_time must carry a time zone")
        if self.extra_orders < 0:
            raise ValueError("extra_orders must not be negative")
