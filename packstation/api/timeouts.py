"""How long each kind of call may take."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import httpx

from packstation.api.constants import (
    CHANGE_TIMEOUT_S,
    CONNECT_TIMEOUT_S,
    DELIVERY_OPTIONS_TIMEOUT_S,
    LABELS_TIMEOUT_S,
    LOOKUP_TIMEOUT_S,
    MANIFEST_TIMEOUT_S,
    SELECT_TIMEOUT_S,
)


class TimeoutKind(Enum):
    LOOKUP = "lookup"
    DELIVERY_OPTIONS = "delivery_options"
    SELECT = "select"
    LABELS = "labels"
    MANIFEST = "manifest"
    CHANGE = "change"


@dataclass(frozen=True, slots=True)
class OperationTimeouts:
    """Seconds per kind of call; `connect` also bounds the wait for a pooled connection."""

    connect: float = CONNECT_TIMEOUT_S
    lookup: float = LOOKUP_TIMEOUT_S
    delivery_options: float = DELIVERY_OPTIONS_TIMEOUT_S
    select: float = SELECT_TIMEOUT_S
    labels: float = LABELS_TIMEOUT_S
    manifest: float = MANIFEST_TIMEOUT_S
    change: float = CHANGE_TIMEOUT_S

    def seconds(self, kind: TimeoutKind) -> float:
        by_kind = {
            TimeoutKind.LOOKUP: self.lookup,
            TimeoutKind.DELIVERY_OPTIONS: self.delivery_options,
            TimeoutKind.SELECT: self.select,
            TimeoutKind.LABELS: self.labels,
            TimeoutKind.MANIFEST: self.manifest,
            TimeoutKind.CHANGE: self.change,
        }
        return by_kind[kind]

    def for_kind(self, kind: TimeoutKind) -> httpx.Timeout:
        return httpx.Timeout(self.seconds(kind), connect=self.connect, pool=self.connect)
