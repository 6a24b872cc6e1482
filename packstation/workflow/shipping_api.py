"""What the workflow needs from SortedPRO, in the workflow's own words.

`gateway.SortedProGateway` implements this over the real client; tests implement it with fakes.
Errors are translated into the few kinds the workflow acts on differently.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

from packstation.workflow.domain import Allocation, OptionSummary, OrderView, PackageSpec

# SortedPRO consignment states, as the API names them (reference section 7).
LIVE_EXCLUDED_STATES = frozenset({"Cancelling", "Cancelled"})
MANIFESTABLE_STATES = ("Allocated", "ReadyToShip", "ManifestFailed")


@dataclass(frozen=True)
class ConsignmentInfo:
    reference: str
    client_reference: str | None
    state: str
    created_at: datetime | None
    shipping_date: date | None
    carrier_reference: str | None
    carrier_name: str | None
    service_name: str | None
    tracking_numbers: tuple[str, ...]
    labels_printed: bool | None
    failed_manifest_message: str | None

    @property
    def is_live(self) -> bool:
        return self.state not in LIVE_EXCLUDED_STATES


@dataclass(frozen=True)
class CarrierInfo:
    reference: str
    name: str
    collection_cutoff: time | None  # the latest daily collection cut-off among its services


@dataclass(frozen=True)
class LabelFile:
    format: str  # "pdf" | "zpl" | "png"
    dpi: int | None
    data: bytes
    page_count: int | None


@dataclass(frozen=True)
class NamedDocument:
    kind: str  # "CommercialInvoice" | "CN22" | "CN23"
    name: str
    data: bytes  # PDF


@dataclass(frozen=True)
class ManifestOutcome:
    message: str
    failed_references: tuple[str, ...]


@dataclass(frozen=True)
class ConsignmentQuery:
    states: tuple[str, ...] = ()
    shipping_location_reference: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    search_term: str | None = None
    client_reference: str | None = None
    tracking_number: str | None = None


class ShippingError(Exception):
    """Base: `user_message` is plain words for the packer, with what to do next."""

    def __init__(self, user_message: str, *, technical: str | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.technical = technical or user_message


class OutcomeUnknownError(ShippingError):
    """The request may or may not have taken effect (lost response, timeout, 5xx on a write)."""

    def __init__(
        self, user_message: str, *, technical: str | None = None, still_running: bool = False
    ) -> None:
        super().__init__(user_message, technical=technical)
        self.still_running = still_running
        """No answer came in time: SortedPRO may still be carrying the request out."""


class OptionExpiredError(ShippingError):
    """The delivery option passed its cut-off or is no longer offered."""


class OptionAlreadySelectedError(ShippingError):
    """SortedPRO says this option was selected before: a consignment may already exist."""


class NotFoundError(ShippingError):
    pass


class RefusedError(ShippingError):
    """SortedPRO refused the request (bad data, not allowed in this state, no access)."""


class UnavailableError(ShippingError):
    """SortedPRO could not be reached or is failing; nothing was changed. Try again later."""


class BadDocumentError(ShippingError):
    """A label or document arrived but is not a valid file of the requested format."""


class ShippingApi(Protocol):
    async def get_order(self, order_reference: str) -> OrderView: ...

    async def get_option(self, option_reference: str) -> OptionSummary: ...

    async def quote(
        self,
        order: OrderView,
        packages: Sequence[PackageSpec],
        client_reference: str,
    ) -> list[OptionSummary]: ...

    async def select(self, option_reference: str) -> Allocation: ...

    async def get_consignment(self, consignment_reference: str) -> ConsignmentInfo: ...

    def find_consignments(self, query: ConsignmentQuery) -> AsyncIterator[ConsignmentInfo]: ...

    async def get_label(
        self, consignment_reference: str, label_format: str, dpi: int
    ) -> LabelFile: ...

    async def get_customs_documents(self, consignment_reference: str) -> list[NamedDocument]: ...

    async def cancel(self, consignment_reference: str) -> None: ...

    async def carriers(self) -> list[CarrierInfo]: ...

    async def manifest(
        self,
        *,
        states: Sequence[str],
        shipping_location_reference: str | None,
        carrier_references: Sequence[str],
    ) -> ManifestOutcome: ...
