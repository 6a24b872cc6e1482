"""The pack of one order: look up, quote, select, fetch the label, print; crash-safe.

Rules this module keeps, by construction:
- Every journal transition is committed before the next call to SortedPRO or the printer that
  changes anything (select, cancel, print), and that commit is durable (fsynced). Steps a
  power cut may lose are committed without waiting for the disk: a look-up, a quote, an
  allocation (its SELECTING is durable, so it is found again by its client reference) and a
  fetched label (fetched again). Read-only calls run alongside those commits.
- A select is only sent from OPTIONS_READY, after SELECTING (select_attempted) is journaled.
  A pack whose select may have happened is reconciled (search by its client reference) before
  anything else is done with it, so one pack never makes two live consignments.
- The label is archived before it is printed, PRINTING is journaled before the bytes leave,
  and a crash mid-print is settled by asking the printer, never by printing blindly again.
- Every user action has a deadline; past it the pack is parked with a reason.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import TypeVar

from packstation.printing.protocol import (
    CheckedSend,
    DeliveryCheck,
    DocumentFormat,
    DocumentKind,
    PageSize,
    PrintDocument,
    PrinterFactory,
    PrinterStatus,
    PrintJobResult,
    PrintOutcome,
)
from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.concurrently import abandon, alongside
from packstation.workflow.domain import (
    Allocation,
    CustomerPromise,
    OptionSummary,
    OrderView,
    PackageSpec,
)
from packstation.workflow.journal import ArchivedDocument, PackRecord, station_marker
from packstation.workflow.progress import PackStep, ProgressListener, ignore_progress
from packstation.workflow.reconcile import DEFAULT_SELECT_SETTLE_SECONDS, Reconciler
from packstation.workflow.rules import Choice, SelectionRule, choose_option
from packstation.workflow.shipping_api import (
    ConsignmentInfo,
    ConsignmentQuery,
    LabelFile,
    NotFoundError,
    OptionAlreadySelectedError,
    OptionExpiredError,
    OutcomeUnknownError,
    RefusedError,
    ShippingApi,
    ShippingError,
    UnavailableError,
)
from packstation.workflow.states import (
    DONE_STATES,
    HAS_CONSIGNMENT_STATES,
    PackState,
    is_allowed,
)
from packstation.workflow.workflow_errors import (
    NoBookableOptionError,
    PackedElsewhereError,
    PackParkedError,
    PrinterNotReadyError,
    WorkflowStateError,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

# When the user action in progress must be over (event-loop time): every wait within one
# action (a scan: look up, quote, book, fetch the label) shares this one deadline.
_ACTION_ENDS_AT: ContextVar[float | None] = ContextVar("packstation_action_ends_at", default=None)
# The orders whose lock the action in progress holds (actions call one another).
_ORDERS_HELD: ContextVar[frozenset[str]] = ContextVar(
    "packstation_orders_held", default=frozenset()
)

DEFAULT_ACTION_DEADLINE_SECONDS = 30.0
PRINTER_CANNOT_SAY_REASON = (
    "The station stopped while printing and this printer cannot say whether the "
    "label came out. Check the printer: if there is no label, press Reprint."
)
LABEL_DOCUMENT = "label"
CUSTOMS_DOCUMENT = "customs"


@dataclass(frozen=True)
class WorkflowSettings:
    station: str
    shipping_location_reference: str | None
    label_format: str = "pdf"  # "pdf" | "zpl"
    label_dpi: int = 203
    label_printer: str = "file:labels"
    document_printer: str | None = None
    rule: SelectionRule = field(default_factory=SelectionRule)
    action_deadline_seconds: float = DEFAULT_ACTION_DEADLINE_SECONDS
    select_settle_seconds: float = DEFAULT_SELECT_SETTLE_SECONDS


@dataclass(frozen=True)
class PackView:
    """Everything the screen shows of the pack at hand."""

    record: PackRecord
    order: OrderView | None = None
    options: tuple[OptionSummary, ...] = ()
    choice: Choice | None = None
    notices: tuple[str, ...] = ()
    last_print: PrintJobResult | None = None
    promise: CustomerPromise | None = None

    @property
    def pack_id(self) -> str:
        return self.record.pack_id

    def with_notice(self, notice: str) -> PackView:
        return replace(self, notices=(*self.notices, notice))


def utc_now() -> datetime:
    return datetime.now(UTC)


class PackingService:
    def __init__(
        self,
        *,
        api: ShippingApi,
        journal: AsyncJournal,
        printers: PrinterFactory,
        settings: WorkflowSettings,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._api = api
        self._journal = journal
        self._printers = printers
        self.settings = settings
        self._clock = clock
        self._reconciler = Reconciler(
            api=api, journal=journal, select_settle_seconds=settings.select_settle_seconds
        )
        # One action per order at a time, even from two windows or a double scan: a scan
        # holds its order's lock from the lookup to the printed label.
        self._order_locks: dict[str, asyncio.Lock] = {}

    @property
    def journal(self) -> AsyncJournal:
        return self._journal

    @asynccontextmanager
    async def _lock_for(self, order_reference: str) -> AsyncIterator[None]:
        """The order's lock for one whole action; the calls within it pass straight through."""
        held = _ORDERS_HELD.get()
        if order_reference in held:
            yield
            return
        async with self._order_locks.setdefault(order_reference, asyncio.Lock()):
            token = _ORDERS_HELD.set(held | {order_reference})
            try:
                yield
            finally:
                _ORDERS_HELD.reset(token)

    # ---- deadlines ---------------------------------------------------------------------

    @contextmanager
    def _action(self) -> Iterator[None]:
        """One user action, one deadline: the outermost public call starts the clock."""
        if _ACTION_ENDS_AT.get() is not None:
            yield
            return
        ends_at = asyncio.get_running_loop().time() + self.settings.action_deadline_seconds
        token = _ACTION_ENDS_AT.set(ends_at)
        try:
            yield
        finally:
            _ACTION_ENDS_AT.reset(token)

    def _ends_at(self) -> float:
        ends_at = _ACTION_ENDS_AT.get()
        if ends_at is None:
            return asyncio.get_running_loop().time() + self.settings.action_deadline_seconds
        return ends_at

    async def _park_after_deadline(self, pack_id: str, what: str) -> PackRecord:
        record = await self._journal.get(pack_id)
        if record.state in (PackState.PARKED, PackState.CANCELLED) or record.state in DONE_STATES:
            return record
        seconds = int(self.settings.action_deadline_seconds)
        reason = (
            f"{what} did not finish within {seconds} seconds. "
            "Press Retry: the station checks with SortedPRO first, so nothing is booked twice."
        )
        return await self._journal.transition(pack_id, PackState.PARKED, parked_reason=reason)

    # ---- opening an order ----------------------------------------------------------------

    async def open_order(
        self,
        order_reference: str,
        *,
        packages: Sequence[PackageSpec] | None = None,
        progress: ProgressListener = ignore_progress,
    ) -> PackView:
        """Look the order up and get it to OPTIONS_READY (or show its existing pack)."""
        with self._action():
            async with self._lock_for(order_reference):
                return await self._open_order(order_reference, packages, progress)

    async def _open_order(
        self,
        order_reference: str,
        packages: Sequence[PackageSpec] | None,
        progress: ProgressListener,
    ) -> PackView:
        existing = await self._journal.find_open_pack_for_order(order_reference)
        if existing is not None:
            return await self._resume(existing, packages=packages, progress=progress)
        progress(PackStep.LOOKUP)
        try:
            async with asyncio.timeout_at(self._ends_at()):
                # Both at once (one round trip of waiting), but report the order's own failure
                # first: "the order was not found" says more to a packer than a failed search.
                order_result, others_result = await asyncio.gather(
                    self._api.get_order(order_reference),
                    self._live_consignments_of_other_packs(order_reference),
                    return_exceptions=True,
                )
        except TimeoutError:
            seconds = int(self.settings.action_deadline_seconds)
            raise UnavailableError(
                f"SortedPRO did not answer within {seconds} seconds when looking up order "
                f"{order_reference}. Nothing was booked: scan it again."
            ) from None
        if isinstance(order_result, BaseException):
            raise order_result
        if isinstance(others_result, BaseException):
            raise others_result
        order, others = order_result, others_result
        if others:
            raise PackedElsewhereError(order_reference, others)
        record = await self._journal.create_pack(
            order_reference=order.order_reference,
            station=self.settings.station,
            packages=packages or order.packages,
            destination_country=order.destination.country_code,
            durable=False,  # a look-up: repeated after a power cut
        )
        return await self._within_deadline(
            record.pack_id, "Getting delivery options", self._quote(record, order, progress)
        )

    async def _live_consignments_of_other_packs(self, order_reference: str) -> list[str]:
        """Live consignments for this order that this station's journal does not own."""
        async with alongside(self._journal.known_consignment_references()) as known_references:
            live = [
                consignment
                async for consignment in self._api.find_consignments(
                    ConsignmentQuery(search_term=order_reference)
                )
                if consignment.is_live
                and (consignment.client_reference or "").startswith(order_reference)
            ]
            known = await known_references
        return [f"{c.reference} ({c.client_reference})" for c in live if c.reference not in known]

    async def _checkout_option_use(self, client_reference: str) -> tuple[list[str], bool]:
        """Consignments made with a checkout option's (shared) reference: the live ones this
        station's journal does not own, and whether any was made at all (even cancelled)."""
        known = await self._journal.known_consignment_references()
        wanted = client_reference.casefold()
        made = [
            c
            async for c in self._api.find_consignments(
                ConsignmentQuery(client_reference=client_reference)
            )
            if (c.client_reference or "").casefold() == wanted
        ]
        others = [
            f"{c.reference} ({c.client_reference})"
            for c in made
            if c.is_live and c.reference not in known
        ]
        return others, bool(made)

    async def _first_booking_wins(self, record: PackRecord) -> PackRecord:
        """Two stations that booked the same order at the same moment (each its own quote, so
        SortedPRO refused neither): the consignment made first stands. The station whose
        consignment came later sees the earlier one (it searches after its own select came
        back), cancels its own before any label, and says who has the order."""
        assert record.allocation is not None
        mine = record.allocation.consignment_reference
        prefix = record.order_reference.upper()
        try:
            known = await self._journal.known_consignment_references()
            found = [
                c
                async for c in self._api.find_consignments(
                    ConsignmentQuery(search_term=record.order_reference)
                )
                if c.is_live and (c.client_reference or "").upper().startswith(prefix)
            ]
        except ShippingError as error:
            log.warning("could not check %s for other stations: %s", mine, error.technical)
            return record  # the lookup at the scan found none; a race is rare, a label is due

        def made(c: ConsignmentInfo) -> tuple[datetime, str]:
            return (c.created_at or datetime.max.replace(tzinfo=UTC), c.reference)

        ours = next((c for c in found if c.reference == mine), None)
        earlier = sorted(
            (c for c in found if c.reference not in known and ours and made(c) < made(ours)),
            key=made,
        )
        if ours is None or not earlier:
            return record
        first = earlier[0]
        elsewhere = [f"{first.reference} ({first.client_reference})"]
        log.warning("%s: %s was booked first by another station", mine, first.reference)
        try:
            await self._cancel_consignment(mine)
        except ShippingError as error:
            await self._journal.transition(
                record.pack_id,
                PackState.PARKED,
                parked_reason=(
                    f"Another station booked this order first ({first.reference}), and "
                    f"cancelling this station's {mine} failed ({error.user_message}) Press "
                    "Cancel; do not print it."
                ),
            )
            raise PackedElsewhereError(record.order_reference, elsewhere) from error
        await self._journal.transition(
            record.pack_id,
            PackState.CANCELLED,
            note=f"another station booked the order first ({first.reference}): cancelled {mine}",
        )
        raise PackedElsewhereError(record.order_reference, elsewhere)

    async def _unknown_live_consignments(self, client_reference: str) -> list[str]:
        """Live consignments carrying this reference that this station's journal does not own."""
        known = await self._journal.known_consignment_references()
        wanted = client_reference.casefold()
        return [
            f"{c.reference} ({c.client_reference})"
            async for c in self._api.find_consignments(
                ConsignmentQuery(client_reference=client_reference)
            )
            if c.is_live
            and c.reference not in known
            and (c.client_reference or "").casefold() == wanted
        ]

    async def _resume(
        self,
        record: PackRecord,
        *,
        packages: Sequence[PackageSpec] | None,
        progress: ProgressListener,
    ) -> PackView:
        if self._reconciler.needs_reconciling(record):
            progress(PackStep.RECONCILE)
            record = await self._within_deadline(
                record.pack_id, "Checking with SortedPRO", self._reconciler.reconcile(record)
            )
        order = await self._order_if_available(record.order_reference)
        if record.state in HAS_CONSIGNMENT_STATES or record.state is PackState.PARKED:
            return PackView(record=record, order=order)
        if packages is not None or record.state in (PackState.LOOKED_UP, PackState.OPTIONS_READY):
            if packages is not None and tuple(packages) != record.packages:
                record = await self._journal.transition(
                    record.pack_id, PackState.LOOKED_UP, packages=tuple(packages)
                )
            return await self._within_deadline(
                record.pack_id,
                "Getting delivery options",
                self._quote_order(record, order, progress),
            )
        return PackView(record=record, order=order)

    async def _order_if_available(self, order_reference: str) -> OrderView | None:
        """The order for the screen, if SortedPRO gives it within the action's deadline."""
        try:
            async with asyncio.timeout_at(self._ends_at()):
                return await self._api.get_order(order_reference)
        except (ShippingError, TimeoutError):
            return None

    async def _quote_order(
        self, record: PackRecord, order: OrderView | None, progress: ProgressListener
    ) -> PackView:
        return await self._quote(
            record, order or await self._api.get_order(record.order_reference), progress
        )

    # ---- quoting -----------------------------------------------------------------------

    async def requote(
        self,
        view: PackView,
        packages: Sequence[PackageSpec],
        progress: ProgressListener = ignore_progress,
    ) -> PackView:
        """The packer changed the packages: the old quote no longer fits."""
        with self._action():
            async with self._lock_for(view.record.order_reference):
                record = await self._journal.get(view.pack_id)
                if record.state not in (PackState.LOOKED_UP, PackState.OPTIONS_READY):
                    raise WorkflowStateError(
                        "This parcel is already booked; cancel it first to change its packages."
                    )
                record = await self._journal.transition(
                    record.pack_id, PackState.LOOKED_UP, packages=tuple(packages), note="re-quote"
                )
                return await self._within_deadline(
                    record.pack_id,
                    "Getting delivery options",
                    self._quote_order(record, view.order, progress),
                )

    async def _quote(
        self,
        record: PackRecord,
        order: OrderView,
        progress: ProgressListener,
        *,
        expired_option: str | None = None,
    ) -> PackView:
        """Fresh options, or the customer's own if it can still be booked.

        `expired_option` is one SortedPRO just called expired: it is not offered again even if
        this station's clock (which may lag SortedPRO's) still finds it inside its cut-off."""
        progress(PackStep.QUOTE)
        notices: list[str] = []
        promise: CustomerPromise | None = None
        if order.customer_option_reference:
            customer_option = await self._customer_option(order.customer_option_reference)
            if customer_option is not None:
                promise = CustomerPromise(
                    option_reference=customer_option.reference,
                    delivery_date=customer_option.delivery_date,
                    window_start=customer_option.window_start,
                    window_end=customer_option.window_end,
                )
                unchanged = record.packages == order.packages
                usable = (
                    not customer_option.is_expired(self._clock(), 60.0)
                    and customer_option.reference != expired_option
                )
                spent = False
                if unchanged and usable and customer_option.client_reference:
                    others, spent = await self._checkout_option_use(
                        customer_option.client_reference
                    )
                    if others:
                        raise PackedElsewhereError(record.order_reference, others)
                if unchanged and usable and customer_option.client_reference and not spent:
                    choice = Choice(customer_option, "customer's choice")
                    record = await self._journal.transition(
                        record.pack_id,
                        PackState.OPTIONS_READY,
                        option=customer_option,
                        durable=False,  # a quote: repeated after a power cut
                    )
                    return PackView(
                        record=record,
                        order=order,
                        options=(customer_option,),
                        choice=choice,
                        promise=promise,
                    )
                if spent:
                    # A checkout option books once: after that booking was cancelled, selecting
                    # it again would fail, or (worse) book it twice.
                    notices.append(
                        "The customer's chosen delivery was booked before and that booking was "
                        "cancelled: fresh options were fetched and the one keeping their "
                        "delivery date is highlighted."
                    )
                elif not usable:
                    notices.append(
                        "The customer's chosen delivery has expired: fresh options were fetched "
                        "and the one keeping their delivery date is highlighted."
                    )
                elif not unchanged:
                    notices.append(
                        "The packages changed, so the customer's quote no longer fits: "
                        "fresh options were fetched."
                    )
            else:
                notices.append(
                    "The customer's chosen delivery option is no longer available: "
                    "fresh options were fetched."
                )
        options = await self._api.quote(order, record.packages, record.client_reference)
        chosen = choose_option(options, self.settings.rule, self._clock(), promise)
        if promise is not None and chosen is not None and not chosen.reason.startswith("keeps"):
            notices.append(
                "No fresh option keeps the customer's delivery date; the station's rule chose."
            )
        record = await self._journal.transition(
            record.pack_id,
            PackState.OPTIONS_READY,
            option=chosen.option if chosen else None,
            durable=False,  # a quote: repeated after a power cut
        )
        return PackView(
            record=record,
            order=order,
            options=tuple(options),
            choice=chosen,
            notices=tuple(notices),
            promise=promise,
        )

    async def _customer_option(self, option_reference: str) -> OptionSummary | None:
        try:
            return await self._api.get_option(option_reference)
        except (NotFoundError, OptionExpiredError):
            return None

    # ---- booking -----------------------------------------------------------------------

    async def allocate(
        self,
        view: PackView,
        option: OptionSummary,
        progress: ProgressListener = ignore_progress,
        *,
        on_allocated: Callable[[Allocation], None] | None = None,
    ) -> PackView:
        """Book the option. `on_allocated` hears of the consignment as soon as SortedPRO
        answers, before it is journaled (to start read-only work such as the label fetch)."""
        with self._action():
            async with self._lock_for(view.record.order_reference):
                return await self._within_deadline(
                    view.pack_id,
                    "Booking the consignment",
                    self._allocate(view, option, progress, on_allocated),
                )

    async def _allocate(
        self,
        view: PackView,
        option: OptionSummary,
        progress: ProgressListener,
        on_allocated: Callable[[Allocation], None] | None,
    ) -> PackView:
        record = await self._journal.get(view.pack_id)
        if record.state in HAS_CONSIGNMENT_STATES:
            return replace(view, record=record)  # a double Enter: already booked
        if self._reconciler.needs_reconciling(record):
            progress(PackStep.RECONCILE)
            record = await self._reconciler.reconcile(record)
            if record.state in HAS_CONSIGNMENT_STATES:
                return replace(view, record=record)
            if record.state is PackState.PARKED:
                raise PackParkedError(record)  # the earlier select may still land
        if record.state is not PackState.OPTIONS_READY:
            raise WorkflowStateError(f"This pack cannot be booked now ({record.state.value}).")
        if option.is_expired(self._clock()):
            return await self._requote_after_expiry(record, view, progress)
        progress(PackStep.SELECT)
        record = await self._journal.transition(
            record.pack_id,
            PackState.SELECTING,
            expected=PackState.OPTIONS_READY,
            option=option,
            select_attempted=True,
            note=f"selecting {option.reference}",
        )
        try:
            allocation = await self._api.select(option.reference)
        except OptionExpiredError:
            record = await self._journal.transition(
                record.pack_id, PackState.OPTIONS_READY, select_attempted=False, note="expired"
            )
            return await self._requote_after_expiry(record, view, progress, option.reference)
        except OptionAlreadySelectedError as error:
            if option.client_reference and option.client_reference != record.client_reference:
                # A checkout option carries the shop's reference, shared by every station: an
                # "already selected" here means another station booked it. Never adopt that.
                record = await self._journal.transition(
                    record.pack_id,
                    PackState.OPTIONS_READY,
                    select_attempted=False,
                    note="the customer's option was booked elsewhere",
                )
                others = await self._unknown_live_consignments(option.client_reference)
                raise PackedElsewhereError(
                    record.order_reference, others or [option.reference]
                ) from error
            return await self._after_lost_select(record, view, error, progress)
        except OutcomeUnknownError as error:
            return await self._after_lost_select(record, view, error, progress)
        except ShippingError:
            # SortedPRO answered with a refusal (or was never reached): nothing was booked.
            await self._journal.transition(
                record.pack_id, PackState.OPTIONS_READY, select_attempted=False, note="refused"
            )
            raise
        if on_allocated is not None:
            on_allocated(allocation)
        record = await self._journal.transition(
            record.pack_id,
            PackState.ALLOCATED,
            expected=PackState.SELECTING,
            allocation=allocation,
            note=f"allocated {allocation.consignment_reference}",
            durable=False,  # SELECTING is durable: a power cut's loss is found again by reference
        )
        return replace(view, record=record)

    async def _after_lost_select(
        self,
        record: PackRecord,
        view: PackView,
        error: ShippingError,
        progress: ProgressListener,
    ) -> PackView:
        """The select may or may not have happened: ask SortedPRO, never select blindly again."""
        log.warning("select outcome unknown for pack %s: %s", record.pack_id, error.technical)
        progress(PackStep.RECONCILE)
        still_running = isinstance(error, OutcomeUnknownError) and error.still_running
        try:
            record = await self._reconciler.reconcile(record, answered=not still_running)
        except ShippingError as unanswered:
            # Left in SELECTING the pack would drop out of sight (it is not in the parked list).
            record = await self._journal.transition(
                record.pack_id,
                PackState.PARKED,
                parked_reason=(
                    "The booking's answer was lost and SortedPRO could not be asked whether it "
                    f"went through ({unanswered.user_message}) Press Retry: the station checks "
                    "with SortedPRO first, so nothing is booked twice."
                ),
            )
            raise PackParkedError(record) from error
        if record.state in HAS_CONSIGNMENT_STATES:
            return replace(view, record=record).with_notice(
                "The booking's answer was lost, but SortedPRO has the consignment: adopted it."
            )
        if record.state is PackState.OPTIONS_READY:
            raise RefusedError(
                "SortedPRO did not book the consignment. Choose an option and try again."
            ) from error
        raise PackParkedError(record) from error

    async def _requote_after_expiry(
        self,
        record: PackRecord,
        view: PackView,
        progress: ProgressListener,
        expired_option: str | None = None,
    ) -> PackView:
        order = view.order or await self._api.get_order(record.order_reference)
        fresh = await self._quote(record, order, progress, expired_option=expired_option)
        return fresh.with_notice(
            "That delivery option expired before it was booked: fresh options were fetched. "
            "Check the highlighted option and book again."
        )

    # ---- label -------------------------------------------------------------------------

    async def fetch_label(
        self,
        view: PackView,
        progress: ProgressListener = ignore_progress,
        *,
        prefetched: LabelPrefetch | None = None,
    ) -> PackView:
        """Fetch and archive the label (or take the one `prefetched` has been fetching)."""
        with self._action():
            async with self._lock_for(view.record.order_reference):
                return await self._within_deadline(
                    view.pack_id,
                    "Fetching the label",
                    self._fetch_label(view, progress, prefetched),
                )

    def prefetch_label(self) -> LabelPrefetch:
        """Starts the label fetch the moment a select is answered (`allocate`'s hook)."""
        return LabelPrefetch(self._api, self.settings.label_format, self.settings.label_dpi)

    async def _fetch_label(
        self, view: PackView, progress: ProgressListener, prefetched: LabelPrefetch | None
    ) -> PackView:
        record = await self._journal.get(view.pack_id)
        if record.state is not PackState.ALLOCATED and not (
            record.state is PackState.PARKED and record.parked_from is PackState.ALLOCATED
        ):
            return replace(view, record=record)
        allocation = record.allocation
        assert allocation is not None  # ALLOCATED always carries one
        progress(PackStep.LABEL)
        fetching = prefetched.take(allocation.consignment_reference) if prefetched else None
        label = await (
            fetching
            or self._api.get_label(
                allocation.consignment_reference,
                self.settings.label_format,
                self.settings.label_dpi,
            )
        )
        # Not durable: a label lost to a power cut is fetched again. PRINTING, which comes
        # before any byte leaves, is durable and takes these to the disk with it.
        await self._journal.archive_document(
            record.pack_id,
            kind=LABEL_DOCUMENT,
            format=label.format,
            dpi=label.dpi,
            name=f"{allocation.consignment_reference} label",
            data=label.data,
            durable=False,
        )
        notices: list[str] = []
        if record.destination_country and record.destination_country.upper() != "GB":
            notices.extend(await self._archive_customs_documents(record))
        record = await self._journal.transition(
            record.pack_id,
            PackState.LABEL_FETCHED,
            label_format=label.format,
            label_dpi=label.dpi,
            durable=False,
        )
        view = replace(view, record=record)
        for notice in notices:
            view = view.with_notice(notice)
        return view

    async def preview_pdf(self, pack_id: str) -> bytes | None:
        """The pack's label as PDF for the screen, when the station prints ZPL. Not archived."""
        record = await self._journal.get(pack_id)
        if record.allocation is None:
            return None
        label = await self._api.get_label(record.allocation.consignment_reference, "pdf", 203)
        return label.data

    async def _archive_customs_documents(self, record: PackRecord) -> list[str]:
        assert record.allocation is not None
        reference = record.allocation.consignment_reference
        try:
            documents = await self._api.get_customs_documents(reference)
        except ShippingError as error:
            return [f"Customs documents could not be fetched ({error.user_message})."]
        for document in documents:
            await self._journal.archive_document(
                record.pack_id,
                kind=CUSTOMS_DOCUMENT,
                format="pdf",
                dpi=None,
                name=document.name
                if reference in document.name
                else f"{reference} {document.name}",
                data=document.data,
                durable=False,  # fetched again after a power cut, like the label
            )
        return []

    # ---- printing ----------------------------------------------------------------------

    async def label_printer_status(self) -> PrinterStatus:
        return await self._printers.open(self.settings.label_printer).status()

    async def print_label(
        self,
        view: PackView,
        *,
        reason: str = "first print",
        progress: ProgressListener = ignore_progress,
    ) -> PackView:
        """Print (or reprint, with a reason) the archived label, and customs documents once."""
        # One print of a pack at a time: a double scan's second action sees the first's result.
        async with self._lock_for(view.record.order_reference):
            return await self._print_label(view, reason=reason, progress=progress)

    async def _print_label(
        self, view: PackView, *, reason: str, progress: ProgressListener
    ) -> PackView:
        record = await self._journal.get(view.pack_id)
        if record.state in DONE_STATES and not reason.startswith("reprint"):
            return replace(view, record=record)  # printed meanwhile: only Reprint prints again
        if record.state is PackState.PRINTING:
            record = await self._settle_interrupted_print(record)
            if record.state is not PackState.PRINT_FAILED:
                return replace(view, record=record)
        printable = {
            PackState.LABEL_FETCHED,
            PackState.PRINT_SUBMITTED,
            PackState.PRINTED,
            PackState.PRINT_FAILED,
        }
        # A parked pack's label prints only when Reprint is asked for; a print that was on
        # its way when another action parked the pack (e.g. "the printer cannot say") is not.
        parked_after_label = (
            record.state is PackState.PARKED
            and record.parked_from in (printable | {PackState.PRINTING})
            and reason.startswith("reprint")
        )
        if record.state is PackState.PARKED and not parked_after_label:
            return replace(view, record=record)
        if record.state not in printable and not parked_after_label:
            raise WorkflowStateError(f"There is no label to print yet ({record.state.value}).")
        if record.print_count > 0 and reason == "first print":
            reason = "reprint"
        labels = await self._journal.documents(record.pack_id, LABEL_DOCUMENT)
        label = _latest_with_data(labels)
        if label is None:
            raise WorkflowStateError(
                "The archived label is gone (past the retention period); cancel and re-pack."
            )
        progress(PackStep.PRINT)
        document_name = f"{label.name} {record.pack_id[:8]} print {record.print_count + 1}"
        document = PrintDocument(
            kind=DocumentKind.LABEL,
            format=DocumentFormat(label.format),
            data=label.data or b"",
            name=document_name,
            page_size=PageSize.LABEL_4X6,
        )
        printer = self._printers.open(self.settings.label_printer)
        # A printer's look before sending (a read) overlaps the durable PRINTING commit.
        checked = printer if isinstance(printer, CheckedSend) else None
        async with alongside(checked.check_before_send()) if checked else nullcontext() as checking:
            record = await self._journal.transition(
                record.pack_id, PackState.PRINTING, note=f"{reason}: {document_name}"
            )
            if checked is None or checking is None:
                result = await printer.print_document(document)
            else:
                result = await checked.send_checked(document, await checking)
        await self._journal.record_print(
            record.pack_id,
            document_id=label.document_id,
            target=result.target,
            reason=reason,
            outcome=result.outcome.value,
            job_id=result.job_id,
            message=result.message,
        )
        record = await self._journal.transition(
            record.pack_id, _state_for(result.outcome), note=result.message
        )
        view = replace(view, record=record, last_print=result)
        if result.delivered:
            view = await self._print_customs_documents(view)
        return view

    async def _print_customs_documents(self, view: PackView) -> PackView:
        """Once the label is out: each customs document the printer has not had yet, once.

        Also after a stop between the label and its customs documents: a document journaled
        as delivered, or that the printer says it has, is not sent again."""
        documents = await self._journal.documents(view.pack_id, CUSTOMS_DOCUMENT)
        if not documents:
            return view
        delivered = {
            p.document_id
            for p in await self._journal.print_records(view.pack_id)
            if p.outcome in (PrintOutcome.SUBMITTED.value, PrintOutcome.PRINTED.value)
        }
        target = self.settings.document_printer or self.settings.label_printer
        printer = self._printers.open(target)
        for document in documents:
            if document.data is None or document.document_id in delivered:
                continue
            if isinstance(printer, DeliveryCheck) and await printer.has_received(document.name):
                await self._journal.record_print(
                    view.pack_id,
                    document_id=document.document_id,
                    target=printer.target,
                    reason="customs documents",
                    outcome=PrintOutcome.SUBMITTED.value,
                    job_id=None,
                    message="the printer had received it before the restart",
                )
                continue
            result = await printer.print_document(
                PrintDocument(
                    kind=DocumentKind.CUSTOMS,
                    format=DocumentFormat.PDF,
                    data=document.data,
                    name=document.name,
                    page_size=PageSize.A4,
                )
            )
            await self._journal.record_print(
                view.pack_id,
                document_id=document.document_id,
                target=result.target,
                reason="customs documents",
                outcome=result.outcome.value,
                job_id=result.job_id,
                message=result.message,
            )
            if not result.delivered:
                view = view.with_notice(f"Customs documents did not print: {result.message}")
        return view

    async def _settle_interrupted_print(self, record: PackRecord) -> PackRecord:
        """The station stopped while the label was on its way: ask the journal, then the printer.

        Never prints: a label is sent again only when the printer says it did not get it, or
        the packer, told to check the printer, asks for it."""
        events = await self._journal.events(record.pack_id)
        started = next(
            (
                e
                for e in reversed(events)
                if e.to_state is PackState.PRINTING and e.from_state is not PackState.PARKED
            ),
            None,
        )
        note = (started.note or "") if started else ""
        if started is not None:
            # The printer's answer may have been journaled before the stop, but not the state.
            answered = [
                p for p in await self._journal.print_records(record.pack_id) if p.at >= started.at
            ]
            if answered:
                return await self._journal.transition(
                    record.pack_id,
                    _state_for(PrintOutcome(answered[0].outcome)),
                    note="the printer's answer was journaled before the restart",
                )
        # PRINTING's note ends with ": <document name>"; names never contain ": ".
        document_name = note.rsplit(": ", 1)[1] if ": " in note else ""
        printer = self._printers.open(self.settings.label_printer)
        received: bool | None = None
        if document_name and isinstance(printer, DeliveryCheck):
            received = await printer.has_received(document_name)
        if received is True:
            return await self._journal.transition(
                record.pack_id,
                PackState.PRINT_SUBMITTED,
                note="the printer had received the label before the restart",
            )
        if received is False:
            return await self._journal.transition(
                record.pack_id,
                PackState.PRINT_FAILED,
                note="the printer never received the label before the restart",
            )
        return await self._journal.transition(
            record.pack_id, PackState.PARKED, parked_reason=PRINTER_CANNOT_SAY_REASON
        )

    # ---- the whole thing -----------------------------------------------------------------

    async def scan_to_print(
        self,
        order_reference: str,
        *,
        packages: Sequence[PackageSpec] | None = None,
        require_printer_ready: bool = True,
        progress: ProgressListener = ignore_progress,
    ) -> PackView:
        """One scan: lookup -> customer's choice or rule -> select -> label -> print."""
        with self._action():
            async with self._lock_for(order_reference):
                return await self._scan_to_print(
                    order_reference, packages, require_printer_ready, progress
                )

    async def _scan_to_print(
        self,
        order_reference: str,
        packages: Sequence[PackageSpec] | None,
        require_printer_ready: bool,
        progress: ProgressListener,
    ) -> PackView:
        if not require_printer_ready:
            return await self._open_and_finish(order_reference, packages, None, progress)
        # The printer is asked while the order is looked up, not after.
        async with alongside(self.label_printer_status()) as printer_status:
            return await self._open_and_finish(order_reference, packages, printer_status, progress)

    async def _open_and_finish(
        self,
        order_reference: str,
        packages: Sequence[PackageSpec] | None,
        printer_status: Awaitable[PrinterStatus] | None,
        progress: ProgressListener,
    ) -> PackView:
        view = await self.open_order(order_reference, packages=packages, progress=progress)
        if view.record.state is PackState.PARKED:
            # Scanning a parked order again is the packer asking to retry it.
            record = await self._unpark(view.record, progress)
            if record.state in (PackState.LOOKED_UP, PackState.OPTIONS_READY):
                view = await self.open_order(order_reference, progress=progress)
            else:
                view = replace(view, record=record)
        return await self._finish(
            view,
            None,
            require_printer_ready=printer_status is not None,
            progress=progress,
            printer_status=printer_status,
        )

    async def finish(
        self,
        view: PackView,
        *,
        option: OptionSummary | None = None,
        require_printer_ready: bool = True,
        progress: ProgressListener = ignore_progress,
    ) -> PackView:
        """Take a pack from wherever it is to a printed label."""
        with self._action():
            async with self._lock_for(view.record.order_reference):
                return await self._finish(
                    view, option, require_printer_ready=require_printer_ready, progress=progress
                )

    async def _finish(
        self,
        view: PackView,
        option: OptionSummary | None,
        *,
        require_printer_ready: bool,
        progress: ProgressListener,
        printer_status: Awaitable[PrinterStatus] | None = None,
    ) -> PackView:
        label = self.prefetch_label()
        try:
            return await self._finish_fetching(
                view, option, require_printer_ready, progress, printer_status, label
            )
        finally:
            label.abandon()

    async def _finish_fetching(
        self,
        view: PackView,
        option: OptionSummary | None,
        require_printer_ready: bool,
        progress: ProgressListener,
        printer_status: Awaitable[PrinterStatus] | None,
        label: LabelPrefetch,
    ) -> PackView:
        record = view.record
        if record.state is PackState.PARKED:
            raise PackParkedError(record)
        if record.state in (PackState.LOOKED_UP, PackState.OPTIONS_READY):
            chosen = option or (view.choice.option if view.choice else None)
            if chosen is None:
                raise NoBookableOptionError(record.order_reference)
            if require_printer_ready:
                status = await (printer_status or self.label_printer_status())
                if not status.healthy:
                    raise PrinterNotReadyError(status)
            view = await self.allocate(view, chosen, progress, on_allocated=label.start)
            if view.record.state is PackState.OPTIONS_READY:  # re-quoted after expiry
                if view.choice is None:
                    raise NoBookableOptionError(record.order_reference)
                view = await self.allocate(
                    view, view.choice.option, progress, on_allocated=label.start
                )
        if view.record.state is PackState.OPTIONS_READY:
            return view
        if view.record.state is PackState.ALLOCATED:
            # The label is on its way meanwhile (a read): it is archived only if this stands.
            record = await self._within_deadline(
                view.pack_id, "Checking with SortedPRO", self._first_booking_wins(view.record)
            )
            view = await self.fetch_label(replace(view, record=record), progress, prefetched=label)
        if view.record.state in (PackState.LABEL_FETCHED, PackState.PRINTING):
            view = await self.print_label(view, progress=progress)
        elif view.record.state is PackState.PRINT_FAILED:
            view = await self.print_label(
                view, reason="retry after a failed print", progress=progress
            )
        if view.record.state in DONE_STATES:
            # The station may have stopped between the label and its customs documents.
            view = await self._print_customs_documents(view)
        progress(PackStep.DONE)
        return view

    # ---- after the fact --------------------------------------------------------------------

    async def reprint(self, pack_id: str, reason: str) -> PackView:
        record = await self._journal.get(pack_id)
        return await self.print_label(PackView(record=record), reason=f"reprint: {reason}")

    async def retry_parked(
        self, pack_id: str, progress: ProgressListener = ignore_progress
    ) -> PackView:
        """Reconcile first, then carry on from where the pack stopped."""
        record = await self._journal.get(pack_id)
        with self._action():
            async with self._lock_for(record.order_reference):
                record = await self._unpark(await self._journal.get(pack_id), progress)
                if record.state in (PackState.LOOKED_UP, PackState.OPTIONS_READY):
                    view = await self.open_order(record.order_reference, progress=progress)
                else:
                    view = PackView(record=record)
                return await self.finish(view, progress=progress)

    async def _unpark(self, record: PackRecord, progress: ProgressListener) -> PackRecord:
        """Reconcile if a select may have happened, then go back to where the pack stopped."""
        if self._reconciler.needs_reconciling(record):
            progress(PackStep.RECONCILE)
            record = await self._within_deadline(
                record.pack_id, "Checking with SortedPRO", self._reconciler.reconcile(record)
            )
            if self._reconciler.needs_reconciling(record):
                return record  # still unsettled: the earlier select may still land
        if record.state is PackState.PARKED and record.parked_from is not None:
            resume_to = {PackState.SELECTING: PackState.OPTIONS_READY}.get(
                record.parked_from, record.parked_from
            )
            if record.parked_reason == PRINTER_CANNOT_SAY_REASON:
                # The packer was asked to check the printer and asks for the label again.
                resume_to = PackState.PRINT_FAILED
            # Otherwise a pack parked while PRINTING (Esc, a deadline) goes back to PRINTING,
            # and print_label settles it with the journal and the printer before printing.
            record = await self._journal.transition(
                record.pack_id, resume_to, note="retry after parking"
            )
        return record

    async def cancel(self, pack_id: str) -> PackRecord:
        record = await self._journal.get(pack_id)
        with self._action():
            async with self._lock_for(record.order_reference):
                try:
                    async with asyncio.timeout_at(self._ends_at()):
                        record = await self._cancelled_at_sortedpro(record)
                except TimeoutError:
                    seconds = int(self.settings.action_deadline_seconds)
                    raise OutcomeUnknownError(
                        f"Cancelling order {record.order_reference} did not finish within "
                        f"{seconds} seconds, so its consignment may or may not be cancelled. "
                        "Press Cancel again: the station checks with SortedPRO first."
                    ) from None
                return await self._journal.transition(
                    record.pack_id, PackState.CANCELLED, note="cancelled by the packer"
                )

    async def _cancelled_at_sortedpro(self, record: PackRecord) -> PackRecord:
        """Everything before the journal may say CANCELLED: settle the pack, then cancel its
        consignment in SortedPRO."""
        if self._reconciler.needs_reconciling(record):
            record = await self._reconciler.reconcile(record)
            if self._reconciler.needs_reconciling(record):
                # Cancelling now would leave the consignment the select may still make.
                raise PackParkedError(record)
        if record.state is PackState.PRINTING:
            # A print interrupted by a stop ends in a print result (or parked) first.
            record = await self._settle_interrupted_print(record)
        if not is_allowed(record.state, PackState.CANCELLED):
            # Checked before SortedPRO is asked, so the journal never lags behind it.
            raise WorkflowStateError(f"This pack cannot be cancelled ({record.state.value}).")
        if record.allocation is not None:
            await self._cancel_consignment(record.allocation.consignment_reference)
        return record

    async def _cancel_consignment(self, consignment_reference: str) -> None:
        """Cancel in SortedPRO. When the answer is lost, or SortedPRO refuses because a lost
        earlier cancel already went through, its state says whether it is cancelled."""
        try:
            await self._api.cancel(consignment_reference)
        except (OutcomeUnknownError, RefusedError) as error:
            try:
                consignment = await self._api.get_consignment(consignment_reference)
            except ShippingError:
                raise error from None
            if consignment.is_live:
                raise
            log.info("%s was already cancelled in SortedPRO", consignment_reference)

    async def park(self, pack_id: str, reason: str) -> PackRecord:
        return await self._journal.transition(pack_id, PackState.PARKED, parked_reason=reason)

    async def find_pack(self, reference: str) -> PackRecord | None:
        """A pack by EC reference, tracking number or order reference."""
        return (
            await self._journal.find_by_consignment(reference)
            or await self._journal.find_by_tracking_number(reference)
            or await self._journal.find_open_pack_for_order(reference)
        )

    async def reconcile_unfinished(self) -> list[PackRecord]:
        """On start: settle every pack whose select may have happened."""
        return await self._reconciler.reconcile_all()

    async def unknown_consignments(self, since: date) -> list[ConsignmentInfo]:
        """Live consignments this station made (by its marker) that its journal does not know,
        e.g. after the journal was restored from a backup. Reported, never ignored."""
        return await self._reconciler.unknown_consignments(
            client_reference_marker=station_marker(self.settings.station),
            since=since,
            shipping_location=self.settings.shipping_location_reference,
        )

    # ---- internals -----------------------------------------------------------------------

    async def _within_deadline(self, pack_id: str, what: str, work: Awaitable[T]) -> T:
        try:
            async with asyncio.timeout_at(self._ends_at()):
                return await work
        except TimeoutError as error:
            record = await self._park_after_deadline(pack_id, what)
            raise PackParkedError(record) from error


def _latest_with_data(documents: list[ArchivedDocument]) -> ArchivedDocument | None:
    with_data = [d for d in documents if d.data is not None]
    return with_data[-1] if with_data else None


def _state_for(outcome: PrintOutcome) -> PackState:
    return {
        PrintOutcome.PRINTED: PackState.PRINTED,
        PrintOutcome.SUBMITTED: PackState.PRINT_SUBMITTED,
        PrintOutcome.FAILED: PackState.PRINT_FAILED,
    }[outcome]


class LabelPrefetch:
    """The label of a consignment just allocated, fetched while the pack journals the
    allocation and checks that no other station booked the order first."""

    def __init__(self, api: ShippingApi, label_format: str, dpi: int) -> None:
        self._api = api
        self._format = label_format
        self._dpi = dpi
        self._consignment: str | None = None
        self._fetching: asyncio.Future[LabelFile] | None = None

    def start(self, allocation: Allocation) -> None:
        self.abandon()
        self._consignment = allocation.consignment_reference
        self._fetching = asyncio.ensure_future(
            self._api.get_label(allocation.consignment_reference, self._format, self._dpi)
        )

    def take(self, consignment_reference: str) -> asyncio.Future[LabelFile] | None:
        """The fetch for this consignment, if one was started; it is then the caller's."""
        fetching, self._fetching = self._fetching, None
        if fetching is not None and self._consignment != consignment_reference:
            abandon(fetching)
            return None
        return fetching

    def abandon(self) -> None:
        if self._fetching is not None:
            abandon(self._fetching)
            self._fetching = None
