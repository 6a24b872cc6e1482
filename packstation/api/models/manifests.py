"""Manifesting: by query (end of day) or by references."""

from __future__ import annotations

from datetime import datetime

from pydantic import field_validator

from packstation.api.models.base import ApiList, ApiModel
from packstation.api.models.enums import (
    MANIFESTABLE_STATES,
    ConsignmentState,
    ConsignmentStateField,
)


class ShippingDateRange(ApiModel):
    start_date: datetime | None = None
    end_date: datetime | None = None


class ManifestFromQueryRequest(ApiModel):
    """The body of Manifest Consignments From Query. `states` is required and may only hold
    Allocated, ManifestFailed and ReadyToShip. `shipping_date_ranges` is one object, despite
    its plural name."""

    states: tuple[ConsignmentStateField, ...]
    shipping_location_references: tuple[str, ...] | None = None
    carriers: tuple[str, ...] | None = None
    labels_printed: bool | None = None
    shipping_date: datetime | None = None
    shipping_date_ranges: ShippingDateRange | None = None

    @field_validator("states")
    @classmethod
    def _manifestable(cls, states: tuple[ConsignmentState, ...]) -> tuple[ConsignmentState, ...]:
        if not states:
            raise ValueError("at least one state is required")
        refused = [state.value for state in states if state not in MANIFESTABLE_STATES]
        if refused:
            raise ValueError(f"only Allocated, ManifestFailed and ReadyToShip; not {refused}")
        return states


class ManifestFromQueryResult(ApiModel):
    """Manifesting is queued: the states move on to Manifested or ManifestFailed later."""

    message: str | None = None
    failed_consignments: ApiList[str] = ()


class ManifestConsignmentsRequest(ApiModel):
    consignment_references: tuple[str, ...]
