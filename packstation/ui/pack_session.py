"""The pack at hand, driven from the window: scans, booking, printing, retry, abandon.

Every action runs through the `TaskRunner` under one key, so a double scan, a double click or
a held key cannot start a second action on the pack. Outcomes become messages (plain words and
a sound) and a new `PackView` for the views to show. The session holds no widgets.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from packstation.ui.display_text import state_text
from packstation.ui.error_words import describe_error
from packstation.ui.messages import MessageChannel, Severity
from packstation.ui.pack_outcome import outcome_message
from packstation.ui.tasks import TaskRunner
from packstation.workflow.domain import OptionSummary, PackageSpec
from packstation.workflow.packing import PackingService, PackView
from packstation.workflow.progress import PackStep
from packstation.workflow.scan import ScanKind, interpret_scan
from packstation.workflow.states import DONE_STATES, HAS_CONSIGNMENT_STATES, PackState
from packstation.workflow.workflow_errors import (
    NoBookableOptionError,
    PackParkedError,
    PrinterNotReadyError,
)

T = TypeVar("T")

PACK_TASK = "pack"
PRINTABLE_STATES = frozenset({PackState.ALLOCATED, PackState.LABEL_FETCHED, PackState.PRINT_FAILED})
REPRINTABLE_STATES = frozenset(
    {PackState.PRINTED, PackState.PRINT_SUBMITTED, PackState.PRINT_FAILED}
)
BOOKABLE_STATES = frozenset({PackState.LOOKED_UP, PackState.OPTIONS_READY})
STOPPED_REASON = (
    "Stopped by the packer while waiting. Press Retry: the station checks with SortedPRO "
    "first, so nothing is booked twice."
)


class PackSession(QObject):
    view_changed = Signal(object)  # PackView | None
    step_started = Signal(object)  # PackStep
    action_started = Signal()
    action_failed = Signal()
    retry_offered = Signal(object)  # str (the reason shown beside Retry) | None
    pack_settled = Signal()  # something changed in the journal: counts may have moved
    busy_changed = Signal(bool)  # an action on the pack started (True) or ended (False)
    order_requested = Signal(str)  # a new reference is being opened: the old pack left the screen

    def __init__(
        self,
        packing: PackingService,
        tasks: TaskRunner,
        messages: MessageChannel,
        *,
        scan_to_print: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._packing = packing
        self._tasks = tasks
        self._messages = messages
        self.scan_to_print = scan_to_print
        self.view: PackView | None = None
        self._retry: Callable[[], None] | None = None
        self._order_in_flight: str | None = None
        tasks.busy_changed.connect(self._task_busy_changed)

    # ---- state ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._tasks.is_busy(PACK_TASK)

    @property
    def state(self) -> PackState | None:
        return self.view.record.state if self.view else None

    @property
    def order_in_flight(self) -> str | None:
        return self._order_in_flight if self.busy else None

    @property
    def can_book(self) -> bool:
        return self.state in BOOKABLE_STATES and bool(self.view and self.view.options)

    @property
    def can_print(self) -> bool:
        return self.state in PRINTABLE_STATES

    @property
    def can_reprint(self) -> bool:
        return bool(self.view and self.view.record.print_count) and (
            self.state in REPRINTABLE_STATES
        )

    @property
    def can_cancel(self) -> bool:
        return self.view is not None and self.state is not PackState.CANCELLED

    def _task_busy_changed(self, key: str, busy: bool) -> None:
        if key == PACK_TASK:
            self.busy_changed.emit(busy)

    # ---- scanning ------------------------------------------------------------------------

    def scan(self, text: str) -> bool:
        """Returns whether the scan was taken (the field is cleared) or refused (kept)."""
        scan = interpret_scan(text)
        if scan.kind is ScanKind.UNREADABLE:
            self._messages.error(scan.message)
            return False
        if self.busy:
            if scan.reference != self._order_in_flight:
                self._messages.warning(
                    self.tr("Still busy with %1. Scan %2 again when it is done.")
                    .replace("%1", self._order_in_flight or self.tr("the last order"))
                    .replace("%2", scan.reference)
                )
                return False
            return True  # the same barcode twice: the first scan is already on it
        current = self.view.record if self.view else None
        if current is None or scan.reference not in (
            current.order_reference,
            current.consignment_reference,
        ):
            self._show(None)
            self.order_requested.emit(scan.reference)
        if scan.kind is ScanKind.ORDER:
            self.open_order(scan.reference)
        else:
            self.open_consignment(scan.reference)
        return True

    def open_order(self, order_reference: str) -> None:
        if self.scan_to_print:
            self._start(
                order_reference,
                lambda: self._packing.scan_to_print(order_reference, progress=self._progress),
                self._finished,
                retry=lambda: self.open_order(order_reference),
            )
        else:
            self._start(
                order_reference,
                lambda: self._packing.open_order(order_reference, progress=self._progress),
                self._opened,
                retry=lambda: self.open_order(order_reference),
            )

    def open_consignment(self, reference: str) -> None:
        async def find() -> PackView | None:
            record = await self._packing.find_pack(reference)
            return PackView(record=record) if record else None

        def found(view: PackView | None) -> None:
            if view is None:
                self._messages.warning(
                    self.tr(
                        "This station has no parcel with %1. Scan the order barcode instead."
                    ).replace("%1", reference)
                )
                return
            self._show(view)
            record = view.record
            self._messages.info(
                self.tr("Consignment %1 (order %2): %3.")
                .replace("%1", record.consignment_reference or reference)
                .replace("%2", record.order_reference)
                .replace("%3", state_text(record.state))
            )
            if record.state is PackState.PARKED:
                self._offer_parked_retry(view)

        self._start(reference, find, found, retry=lambda: self.open_consignment(reference))

    # ---- booking and printing ------------------------------------------------------------

    def book(self, option: OptionSummary | None = None, *, printer_check: bool = True) -> None:
        view = self.view
        if view is None or self.busy:
            return
        if not self.can_book:
            if self.can_print:
                self.print_label()
            return
        self._start(
            view.record.order_reference,
            lambda: self._packing.finish(
                view,
                option=option,
                require_printer_ready=printer_check,
                progress=self._progress,
            ),
            self._finished,
            retry=lambda: self.book(option, printer_check=printer_check),
        )

    def requote(self, packages: tuple[PackageSpec, ...]) -> None:
        view = self.view
        if view is None or self.busy or self.state not in BOOKABLE_STATES:
            return
        self._start(
            view.record.order_reference,
            lambda: self._packing.requote(view, packages, progress=self._progress),
            self._opened,
            retry=lambda: self.requote(packages),
        )

    def print_label(self) -> None:
        view = self.view
        if view is None or self.busy or not self.can_print:
            return
        self._start(
            view.record.order_reference,
            lambda: self._packing.finish(view, progress=self._progress),
            self._finished,
            retry=self.print_label,
        )

    def reprint(self, reason: str) -> None:
        view = self.view
        if view is None or self.busy or not self.can_reprint:
            return

        def reprinted(result: PackView) -> None:
            if result.last_print is None or not result.last_print.delivered:
                self._finished(result)  # says what went wrong and offers Print (F4)
                return
            self._show(self._keep_order(result))
            self._messages.success(
                self.tr("Label for %1 printed again (%2).")
                .replace("%1", result.record.order_reference)
                .replace("%2", reason)
            )

        self._start(
            view.record.order_reference,
            lambda: self._packing.reprint(view.pack_id, reason),
            reprinted,
            retry=lambda: self.reprint(reason),
        )

    def cancel_pack(self, pack_id: str | None = None) -> None:
        """Cancel the pack on screen, or the given one (from the parked list)."""
        target = pack_id or (self.view.pack_id if self.view else None)
        if target is None or self.busy:
            return

        async def cancel() -> PackView:
            record = await self._packing.cancel(target)
            if self.view is not None and self.view.pack_id == target:
                return replace(self.view, record=record)
            return PackView(record=record)

        def cancelled(view: PackView) -> None:
            self._show(view)
            consignment = view.record.consignment_reference
            text = self.tr("Order %1 is cancelled.").replace("%1", view.record.order_reference)
            if consignment:
                text += " " + self.tr("Consignment %1 was cancelled with SortedPRO.").replace(
                    "%1", consignment
                )
            self._messages.info(text + " " + self.tr("Scan it again to pack it afresh."))

        self._start(None, cancel, cancelled, retry=lambda: self.cancel_pack(target))

    def retry_parked(self, pack_id: str) -> None:
        if self.busy:
            return
        self._start(
            None,
            lambda: self._packing.retry_parked(pack_id, progress=self._progress),
            self._finished,
            retry=lambda: self.retry_parked(pack_id),
        )

    def retry(self) -> None:
        if self._retry is not None and not self.busy:
            self._retry()

    # ---- leaving the pack ----------------------------------------------------------------

    def abandon(self) -> None:
        """Esc: stop waiting (the pack is parked) or put the pack aside. Nothing is lost."""
        if self.busy:
            self._stop_waiting()
            return
        view = self.view
        self._show(None)
        if view is None:
            return
        text = self.tr("Order %1 is set aside; it stays in the journal.").replace(
            "%1", view.record.order_reference
        )
        if view.record.state in HAS_CONSIGNMENT_STATES:
            text += " " + self.tr("Scan %1 to reprint or cancel it.").replace(
                "%1", view.record.consignment_reference or view.record.order_reference
            )
        elif view.record.state is not PackState.CANCELLED:
            text += " " + self.tr("Scan it again to carry on.")
        self._messages.info(text)

    def _stop_waiting(self) -> None:
        order_reference = self._order_in_flight
        self._tasks.cancel(PACK_TASK)
        if order_reference is None:
            return
        journal = self._packing.journal

        async def park() -> PackView | None:
            record = await journal.find_open_pack_for_order(order_reference)
            if record is None:
                return None
            if record.state not in DONE_STATES | {PackState.PARKED, PackState.CANCELLED}:
                record = await self._packing.park(record.pack_id, STOPPED_REASON)
            return self._keep_order(PackView(record=record))

        def parked(view: PackView | None) -> None:
            if view is None:
                self._messages.info(
                    self.tr("Stopped. Nothing was booked for %1.").replace("%1", order_reference)
                )
                return
            self._show(view)
            if view.record.state is PackState.PARKED:
                self._messages.warning(
                    self.tr("Stopped waiting. Order %1 is parked: nothing is lost.").replace(
                        "%1", order_reference
                    )
                )
                self._offer_parked_retry(view)

        # Run on the next turn so the cancelled task has released the key.
        self._tasks.run("park-after-stop", park, on_success=parked, on_error=self._failed)

    # ---- running -------------------------------------------------------------------------

    def _start(
        self,
        order_reference: str | None,
        work: Callable[[], Awaitable[T]],
        on_success: Callable[[T], None],
        *,
        retry: Callable[[], None],
    ) -> None:
        if self.busy:
            return
        self._order_in_flight = order_reference or (
            self.view.record.order_reference if self.view else None
        )
        self._set_retry(None, None)

        def failed(error: BaseException) -> bool:
            self._retry = retry
            return self._failed(error)

        def succeeded(result: T) -> None:
            on_success(result)
            self.pack_settled.emit()

        # The work only starts on the loop's next turn, after the views have reset.
        self._tasks.run(PACK_TASK, work, on_success=succeeded, on_error=failed)
        self.action_started.emit()
        if self._order_in_flight:
            # Replaces the last outcome, which no longer describes what is on screen.
            self._messages.info(self.tr("Working on %1…").replace("%1", self._order_in_flight))

    def _progress(self, step: PackStep) -> None:
        self.step_started.emit(step)

    def _opened(self, view: PackView) -> None:
        self._show(view)
        state = view.record.state
        if state is PackState.PARKED:
            self._messages.warning(view.record.parked_reason or state_text(state))
            self._offer_parked_retry(view)
            return
        if state not in BOOKABLE_STATES:
            self._messages.info(outcome_message(view).text)
            return
        if view.choice is None:
            self._messages.error(NoBookableOptionError(view.record.order_reference).user_message)
            return
        text = (
            self.tr("%1 options for %2. Highlighted: %3 %4 (%5). Press Enter to book and print.")
            .replace("%1", str(len(view.options)))
            .replace("%2", view.record.order_reference)
            .replace("%3", view.choice.option.carrier)
            .replace("%4", view.choice.option.service)
            .replace("%5", view.choice.reason)
        )
        self._post(Severity.WARNING if view.notices else Severity.INFO, text, view.notices)

    def _finished(self, view: PackView) -> None:
        view = self._keep_order(view)
        if view.record.state in BOOKABLE_STATES:
            self._opened(view)
            return
        self._show(view)
        outcome = outcome_message(view)
        self._post(outcome.severity, outcome.text, view.notices)
        if view.record.state is PackState.PARKED:
            self._offer_parked_retry(view)
        elif view.record.state is PackState.PRINT_FAILED:
            self._set_retry(self.print_label, outcome.text)

    def _failed(self, error: BaseException) -> bool:
        words = describe_error(error)
        self.action_failed.emit()
        if words is None:
            self._retry = None
            return False
        order = self._order_in_flight
        if order and order not in words:
            words = f"{order}: {words}"
        if isinstance(error, PackParkedError):
            view = self._keep_order(PackView(record=error.record))
            self._show(view)
            self._messages.error(words)
            self._offer_parked_retry(view)
        elif isinstance(error, PrinterNotReadyError):
            self._messages.error(
                words + " " + self.tr("Press Ctrl+Enter to book now and print later.")
            )
            self._set_retry(self._retry, self.tr("The printer was not ready."))
        elif isinstance(error, NoBookableOptionError):
            self._messages.error(words)
            self._set_retry(None, None)
        else:
            self._messages.error(words)
            self._set_retry(self._retry, self.tr("Not done. Press Retry to try again."))
        self.pack_settled.emit()
        return True

    # ---- helpers -------------------------------------------------------------------------

    def _offer_parked_retry(self, view: PackView) -> None:
        pack_id = view.pack_id
        self._set_retry(
            lambda: self.retry_parked(pack_id),
            view.record.parked_reason or state_text(PackState.PARKED),
        )

    def _set_retry(self, retry: Callable[[], None] | None, reason: str | None) -> None:
        self._retry = retry
        self.retry_offered.emit(reason if retry is not None else None)

    def _keep_order(self, view: PackView) -> PackView:
        """Results from the journal carry no order details: keep the ones on screen."""
        current = self.view
        if view.order is None and current is not None and current.pack_id == view.pack_id:
            return replace(
                view,
                order=current.order,
                promise=view.promise or current.promise,
                options=view.options or current.options,
                choice=view.choice or current.choice,
            )
        return view

    def _post(self, severity: Severity, text: str, notices: tuple[str, ...]) -> None:
        if notices:
            text = " ".join((text, *notices))
            if severity in (Severity.INFO, Severity.SUCCESS):
                severity = Severity.WARNING
        self._messages.post(severity, text)

    def _show(self, view: PackView | None) -> None:
        self.view = view
        if view is None:
            self._set_retry(None, None)
        self.view_changed.emit(view)
