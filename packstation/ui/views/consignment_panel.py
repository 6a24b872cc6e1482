"""The booked consignment: carrier, service and tracking numbers as allocated, where the label
went and how that ended, with the buttons that act on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.display_text import state_text
from packstation.ui.widgets.elided_label import ElidedLabel
from packstation.ui.widgets.plain_label import plain_label
from packstation.workflow.packing import PackView
from packstation.workflow.states import DONE_STATES, PackState

CARRIER_POINT_SIZE = 17.0
TRACKING_POINT_SIZE = 13.0
STATE_COLOURS = {
    PackState.PRINTED: "#1e7b34",
    PackState.PRINT_SUBMITTED: "#1e7b34",
    PackState.PRINT_FAILED: "#b00020",
    PackState.PARKED: "#a35c00",
    PackState.CANCELLED: "#8a8a8a",
}


class ConsignmentPanel(QWidget):
    def __init__(self, printer_target: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._printer_target = printer_target
        self.consignment = plain_label(point_size=14, bold=True, selectable=True)
        self.state = plain_label(point_size=13, bold=True, wrap=True)
        self.carrier = plain_label(point_size=CARRIER_POINT_SIZE, bold=True, wrap=True)
        self.carrier_note = plain_label(wrap=True)
        self.carrier_note.setStyleSheet("color: #a35c00; font-weight: bold;")
        self.tracking = plain_label(point_size=TRACKING_POINT_SIZE, selectable=True, wrap=True)
        self.printer = ElidedLabel(self)
        self.print_result = ElidedLabel(self)
        consignment_row = QHBoxLayout()
        consignment_row.addWidget(self.consignment)
        consignment_row.addWidget(self.state, 1)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        consignment_line = QWidget(self)
        consignment_line.setLayout(consignment_row)
        consignment_row.setContentsMargins(0, 0, 0, 0)
        rows: tuple[tuple[str, QWidget], ...] = (
            (self.tr("Consignment"), consignment_line),
            (self.tr("Carrier"), self.carrier),
            ("", self.carrier_note),
            (self.tr("Tracking"), self.tracking),
            (self.tr("Printer"), self.printer),
            ("", self.print_result),
        )
        for row, (caption, widget) in enumerate(rows):
            grid.addWidget(QLabel(caption), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, row, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.show_view(None)

    def show_view(self, view: PackView | None) -> None:
        self.printer.set_full_text(self._printer_target)
        record = view.record if view else None
        allocation = record.allocation if record else None
        if record is None:
            self.consignment.setText("–")
            self.state.setText("")
            self.state.setStyleSheet("")
        else:
            self.consignment.setText(record.consignment_reference or "–")
            self.state.setText("· " + state_text(record.state))
            colour = STATE_COLOURS.get(record.state)
            self.state.setStyleSheet(f"color: {colour};" if colour else "")
        # Nothing to say before booking: the options table gets the room.
        self.setVisible(allocation is not None)
        if allocation is None:
            self.carrier.setText("–")
            self.tracking.setText("–")
        else:
            names = (allocation.carrier_name, allocation.service_name)
            self.carrier.setText(" · ".join(n for n in names if n) or "–")
            self.tracking.setText(", ".join(allocation.tracking_numbers) or "–")
        self._show_difference(view)
        self._show_print(view)

    def _show_difference(self, view: PackView | None) -> None:
        record = view.record if view else None
        option = record.option if record else None
        allocation = record.allocation if record else None
        differs = (
            option is not None
            and allocation is not None
            and (
                (allocation.carrier_name or "").casefold() != option.carrier.casefold()
                or (allocation.service_name or option.service).casefold()
                != option.service.casefold()
            )
        )
        if differs and option is not None:
            self.carrier_note.setText(
                self.tr(
                    "SortedPRO allocated a different carrier or service than the option "
                    "chosen (%1 · %2). Use the label as printed."
                )
                .replace("%1", option.carrier)
                .replace("%2", option.service)
            )
            self.carrier_note.show()
        else:
            self.carrier_note.hide()

    def _show_print(self, view: PackView | None) -> None:
        if view is None:
            self.print_result.set_full_text("–")
            self.print_result.setStyleSheet("")
            return
        if view.last_print is not None:
            self.printer.set_full_text(view.last_print.target)
            text = view.last_print.message
            ok = view.last_print.delivered
        else:
            text = view.record.last_print_message or ""
            ok = view.record.state in DONE_STATES
        if not text:
            self.print_result.set_full_text(self.tr("not printed yet"))
            self.print_result.setStyleSheet("")
            return
        self.print_result.set_full_text(text)
        self.print_result.setStyleSheet("color: #1e7b34;" if ok else "color: #b00020;")
