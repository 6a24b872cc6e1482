"""The packing page: scan field on top; order, options and progress, label and its actions.

Wires the views to the `PackSession` and binds the keyboard. Buttons never take focus, so the
scan field stays ready; after every action the focus returns to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.label_source import LabelSource
from packstation.ui.messages import MessageChannel
from packstation.ui.pack_session import BOOKABLE_STATES, PACK_TASK, PackSession
from packstation.ui.shortcuts import (
    ABANDON_KEYS,
    BOOK_ANYWAY_KEYS,
    BOOK_KEYS,
    CANCEL_PARCEL_KEYS,
    OPTION_KEYS,
    PRINT_KEYS,
    REPRINT_KEYS,
    RETRY_KEYS,
    Keys,
    bind,
    with_shortcut,
)
from packstation.ui.station import Station
from packstation.ui.style import set_style_property
from packstation.ui.tasks import TaskRunner
from packstation.ui.views.consignment_panel import ConsignmentPanel
from packstation.ui.views.demo_orders_view import DemoOrdersView
from packstation.ui.views.label_preview import LabelPreview
from packstation.ui.views.options_view import OptionsView
from packstation.ui.views.order_panel import OrderPanel
from packstation.ui.views.pack_progress import PackProgress
from packstation.ui.views.scan_bar import ScanBar
from packstation.ui.widgets.inline_choice import InlineChoice
from packstation.workflow.domain import OptionSummary
from packstation.workflow.packing import PackView, utc_now
from packstation.workflow.progress import PackStep
from packstation.workflow.states import DONE_STATES, PackState

# Where a pack in each state has got to, for the step strip when an action picks it up.
STEPS_REACHED = {
    PackState.LOOKED_UP: PackStep.LOOKUP,
    PackState.OPTIONS_READY: PackStep.QUOTE,
    PackState.ALLOCATED: PackStep.SELECT,
    PackState.LABEL_FETCHED: PackStep.LABEL,
    PackState.PRINT_FAILED: PackStep.LABEL,
    PackState.PRINT_SUBMITTED: PackStep.PRINT,
    PackState.PRINTED: PackStep.PRINT,
}

LEFT_WIDTH = 370
PREVIEW_WIDTH = 270
REPRINT_TOPIC = "reprint"
CANCEL_TOPIC = "cancel"


class PackingPage(QWidget):
    def __init__(
        self,
        station: Station,
        tasks: TaskRunner,
        messages: MessageChannel,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.station = station
        self._tasks = tasks
        self.session = PackSession(
            station.packing,
            tasks,
            messages,
            scan_to_print=station.settings.scan_to_print,
            parent=self,
        )
        self._label_source = LabelSource(station.packing, tasks, parent=self)

        self.scan_bar = ScanBar(self)
        self.order_panel = OrderPanel(self)
        self.progress = PackProgress(lambda: tasks.elapsed(PACK_TASK), self)
        self.options = OptionsView(self, clock=clock)
        self.consignment = ConsignmentPanel(station.packing.settings.label_printer, self)
        self.choice = InlineChoice(self)
        self.preview = LabelPreview(tasks, self)
        self.demo_orders = (
            DemoOrdersView(station.demo_base_url, tasks) if station.demo_base_url else None
        )

        self.book_button = self._button(self.tr("Book & print"), BOOK_KEYS, primary=True)
        self.print_button = self._button(self.tr("Print label"), PRINT_KEYS)
        self.reprint_button = self._button(self.tr("Reprint"), REPRINT_KEYS)
        self.cancel_button = self._button(self.tr("Cancel parcel"), CANCEL_PARCEL_KEYS)
        self.abandon_button = self._button(self.tr("Set aside"), ABANDON_KEYS)
        self._sized = False
        self._layout()
        self._connect()
        self._bind_keys()
        self._show_view(None)

    # ---- building ------------------------------------------------------------------------

    def _button(self, text: str, keys: Keys, *, primary: bool = False) -> QPushButton:
        button = QPushButton(with_shortcut(text, keys), self)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if primary:
            set_style_property(button, "role", "primary")
        return button

    def _layout(self) -> None:
        order_scroll = QScrollArea(self)
        order_scroll.setWidget(self.order_panel)
        order_scroll.setWidgetResizable(True)
        order_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        order_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        order_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # In demo mode the left column offers the demo orders whenever no order is in hand.
        self._left = QStackedWidget(self)
        self._order_scroll = order_scroll
        self._left.addWidget(order_scroll)
        if self.demo_orders is not None:
            self._left.addWidget(self.demo_orders)

        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.progress)
        centre_layout.addWidget(self.options, 1)
        book_row = QHBoxLayout()
        book_row.addWidget(self.book_button, 1)
        book_row.addWidget(self.abandon_button)
        centre_layout.addLayout(book_row)
        centre_layout.addWidget(self.consignment)
        action_row = QHBoxLayout()
        for button in (self.print_button, self.reprint_button, self.cancel_button):
            action_row.addWidget(button)
        centre_layout.addLayout(action_row)
        centre_layout.addWidget(self.choice)

        splitter = self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._left)
        splitter.addWidget(centre)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.scan_bar)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        session = self.session
        field = self.scan_bar.field
        field.scanned.connect(self._scanned)
        field.confirm_requested.connect(self.book)
        field.move_requested.connect(self.options.move_selection)
        self.options.option_confirmed.connect(self._book_option)
        self.order_panel.packages.packages_changed.connect(self._packages_changed)
        self.book_button.clicked.connect(self.book)
        self.print_button.clicked.connect(self._print)
        self.reprint_button.clicked.connect(self.ask_reprint_reason)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.abandon_button.clicked.connect(self.escape)
        self.progress.retry_requested.connect(self.retry)
        self.choice.chosen.connect(self._answered)
        self.choice.dismissed.connect(self.scan_bar.take_focus)
        if self.demo_orders is not None:
            self.demo_orders.order_picked.connect(self._demo_order_picked)
        session.view_changed.connect(self._show_view)
        session.order_requested.connect(self._order_requested)
        session.step_started.connect(self._step_started)
        session.action_started.connect(self._action_started)
        session.action_failed.connect(self._action_failed)
        session.retry_offered.connect(self._retry_offered)
        session.busy_changed.connect(self._busy_changed)

    def _bind_keys(self) -> None:
        bind(self, PRINT_KEYS, self._print)
        bind(self, REPRINT_KEYS, self.ask_reprint_reason)
        bind(self, CANCEL_PARCEL_KEYS, self.ask_cancel)
        bind(self, RETRY_KEYS, self.retry)
        bind(self, ABANDON_KEYS, self.escape)
        bind(self, BOOK_ANYWAY_KEYS, lambda: self.book(printer_check=False))
        for number, keys in enumerate(OPTION_KEYS, start=1):
            bind(self, keys, partial(self.options.select_number, number))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            # Sizes only stick once the splitter knows its own width.
            self._sized = True
            centre = max(0, self._splitter.width() - LEFT_WIDTH - PREVIEW_WIDTH)
            self._splitter.setSizes([LEFT_WIDTH, centre, PREVIEW_WIDTH])

    def start(self) -> None:
        if self.demo_orders is not None:
            self.demo_orders.refresh()
        self.scan_bar.take_focus()

    # ---- actions -------------------------------------------------------------------------

    def _scanned(self, text: str) -> None:
        self.choice.dismiss()
        if self.session.scan(text):
            self.scan_bar.accepted()
        else:
            self.scan_bar.rejected()

    def _demo_order_picked(self, reference: str) -> None:
        self._scanned(reference)

    def book(self, *, printer_check: bool = True) -> None:
        self.session.book(self.options.selected_option(), printer_check=printer_check)
        self.scan_bar.take_focus()

    def _book_option(self, option: object) -> None:
        if isinstance(option, OptionSummary):
            self.session.book(option)
        self.scan_bar.take_focus()

    def _print(self) -> None:
        self.session.print_label()
        self.scan_bar.take_focus()

    def _packages_changed(self, packages: object) -> None:
        if isinstance(packages, tuple):
            self.session.requote(packages)
        self.scan_bar.take_focus()

    def retry(self) -> None:
        self.session.retry()
        self.scan_bar.take_focus()

    def ask_reprint_reason(self) -> None:
        if not self.session.can_reprint or self.session.busy:
            return
        self.choice.ask(
            REPRINT_TOPIC,
            self.tr("Why reprint? (the reason goes in the journal)"),
            [
                self.tr("Label damaged"),
                self.tr("Printer jammed"),
                self.tr("Label lost"),
                self.tr("Other reason"),
            ],
            self.tr("Never mind"),
        )

    def ask_cancel(self) -> None:
        view = self.session.view
        if view is None or not self.session.can_cancel or self.session.busy:
            return
        consignment = view.record.consignment_reference
        question = (
            self.tr("Cancel consignment %1 with SortedPRO? This cannot be undone.").replace(
                "%1", consignment
            )
            if consignment
            else self.tr("Cancel the pack of order %1?").replace("%1", view.record.order_reference)
        )
        self.choice.ask(CANCEL_TOPIC, question, [self.tr("Yes, cancel it")], self.tr("Keep it"))

    def _answered(self, topic: str, answer: str) -> None:
        if topic == REPRINT_TOPIC:
            self.session.reprint(answer)
        elif topic == CANCEL_TOPIC:
            self.session.cancel_pack()
        self.scan_bar.take_focus()

    def escape(self) -> None:
        """Esc: close the open question first; otherwise set the pack aside (or stop waiting)."""
        if self.choice.isVisible():
            self.choice.dismiss()
        else:
            self.session.abandon()
        self.scan_bar.take_focus()

    # ---- showing -------------------------------------------------------------------------

    def _action_started(self) -> None:
        self.choice.dismiss()
        reference = self.session.order_in_flight
        if self.session.view is None and reference:
            self._order_requested(reference)
        self.progress.reset()
        state = self.session.state
        if state is not None:
            reached = STEPS_REACHED.get(state)
            if reached is not None:
                self.progress.mark_done_through(reached)
        self.progress.set_busy(True)

    def _action_failed(self) -> None:
        self.progress.failed()
        if self.session.view is None:
            self.order_panel.name.setText(self.tr("Not opened: see the message above."))
            # The "Looking up…" placeholder would contradict the failed step above it.
            self.options.show_placeholder(self.tr("Nothing was booked. Press Retry or scan again."))

    def _order_requested(self, reference: str) -> None:
        self.order_panel.show_reference_only(reference, self.tr("Looking it up…"))
        self.options.show_placeholder(self.tr("Looking up %1…").replace("%1", reference))
        self._left.setCurrentWidget(self._order_scroll)

    def _step_started(self, step: object) -> None:
        if isinstance(step, PackStep):
            self.progress.step_started(step)

    def _retry_offered(self, reason: object) -> None:
        if isinstance(reason, str):
            self.progress.offer_retry(reason)
        else:
            self.progress.hide_retry()

    def _busy_changed(self, busy: bool) -> None:
        if not busy:
            self.progress.set_busy(False)
            self.scan_bar.take_focus()
        self._update_actions()

    def _show_view(self, view: object) -> None:
        shown = view if isinstance(view, PackView) else None
        if shown is None:
            self.order_panel.clear()
            self.options.show_placeholder(self._idle_text())
            self.progress.reset()
            self.preview.show_placeholder(
                self.tr("The label appears here once the parcel is booked.")
            )
            self._label_source.forget()
        else:
            self._show_pack(shown)
        self.consignment.show_view(shown)
        self._show_left(shown)
        self._update_actions()

    def _show_left(self, view: PackView | None) -> None:
        in_hand = view is not None and view.record.state not in DONE_STATES | {PackState.CANCELLED}
        if self.demo_orders is None or in_hand:
            self._left.setCurrentWidget(self._order_scroll)
        else:
            self._left.setCurrentWidget(self.demo_orders)

    def _show_pack(self, view: PackView) -> None:
        record = view.record
        editable = record.state in BOOKABLE_STATES
        if view.order is not None:
            self.order_panel.show_order(
                view.order, record.packages, view.promise, editable=editable
            )
        else:
            self.order_panel.show_reference_only(record.order_reference)
        if record.state in BOOKABLE_STATES:
            self.options.show_options(view.options, view.choice)
            if not view.options:
                self.options.show_placeholder(
                    self.tr("No delivery option can take this order as packed.")
                )
        else:
            self.options.show_placeholder(
                self.tr("Booked with the option below.") if record.allocation else self._idle_text()
            )
        self._label_source.show_label_of(view, self.preview)
        if record.state is PackState.PARKED:
            self.progress.offer_retry(record.parked_reason or "")

    def _idle_text(self) -> str:
        if self.demo_orders is not None:
            return self.tr(
                "Scan an order, or click a demo order on the left, to see its delivery options."
            )
        return self.tr("Scan an order to see its delivery options.")

    def _update_actions(self) -> None:
        session = self.session
        busy = session.busy
        self.book_button.setEnabled(not busy and session.can_book)
        self.print_button.setEnabled(not busy and session.can_print)
        self.reprint_button.setEnabled(not busy and session.can_reprint)
        self.cancel_button.setEnabled(not busy and session.can_cancel)
        self.abandon_button.setEnabled(busy or session.view is not None)
        self.progress.retry.setEnabled(not busy)
