"""The delivery options table: the choice highlighted, keyboard selection, a ticking cut-off.

Keys in the table: arrows move, 1-9 pick that row, Enter books it. The same moves reach it from
the scan field (Up/Down, Enter on an empty field) and from anywhere (Alt+1..9).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.models.options_model import Column, OptionsModel, OptionsProxy
from packstation.ui.widgets.plain_label import plain_label
from packstation.workflow.domain import OptionSummary
from packstation.workflow.packing import utc_now
from packstation.workflow.rules import Choice

TICK_MILLISECONDS = 1000
TABLE_POINT_SIZE = 12.0
ROW_PADDING = 18  # the header's and the cells' padding around one line: 37 px rows at 12 pt
_NUMBER_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class OptionsTable(QTableView):
    confirmed = Signal()
    number_pressed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not event.isAutoRepeat():
                self.confirmed.emit()
            return
        if key in _NUMBER_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.number_pressed.emit(_NUMBER_KEYS[Qt.Key(key)])
            return
        super().keyPressEvent(event)


class OptionsView(QWidget):
    option_confirmed = Signal(object)  # OptionSummary

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.model = OptionsModel(self)
        self.proxy = OptionsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = OptionsTable(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        font = self.table.font()
        font.setPointSizeF(TABLE_POINT_SIZE)
        self.table.setFont(font)
        # One line per row: a fixed row height. ResizeToContents measured every cell of every
        # row again on each layout pass (about 100 ms per order shown, on the event loop).
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(QFontMetrics(font).height() + ROW_PADDING)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.SERVICE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        self.table.sortByColumn(Column.DELIVERY, Qt.SortOrder.AscendingOrder)
        self.table.confirmed.connect(self.confirm)
        self.table.number_pressed.connect(self.select_number)
        self.table.doubleClicked.connect(lambda _index: self.confirm())

        self.hint = plain_label(wrap=True)
        self.placeholder = plain_label(
            self.tr("Scan an order to see its delivery options."), point_size=14, wrap=True
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        table_page = QWidget(self)
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(2)
        table_layout.addWidget(self.hint)
        table_layout.addWidget(self.table, 1)
        self._table_page = table_page
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(table_page)

        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MILLISECONDS)
        self._ticker.timeout.connect(self._tick)

    # ---- feeding -------------------------------------------------------------------------

    def show_options(self, options: tuple[OptionSummary, ...], choice: Choice | None) -> None:
        self.model.set_options(
            options,
            choice_reference=choice.option.reference if choice else None,
            now=self._clock(),
        )
        self.table.sortByColumn(
            self.table.horizontalHeader().sortIndicatorSection(),
            self.table.horizontalHeader().sortIndicatorOrder(),
        )
        if options:
            self.hint.setText(
                self.tr("★ %1 · Enter books the selected row · arrows or 1-9 choose").replace(
                    "%1", choice.reason
                )
                if choice
                else self.tr("No option can be booked as it is; choose one or change the parcels.")
            )
            self._stack.setCurrentWidget(self._table_page)
            self._ticker.start()
            self._select_row(self._row_of_choice(choice))
        else:
            self.show_placeholder(self.tr("Scan an order to see its delivery options."))

    def show_placeholder(self, text: str) -> None:
        self.model.clear()
        self._ticker.stop()
        self.placeholder.setText(text)
        self._stack.setCurrentWidget(self.placeholder)

    # ---- selection -----------------------------------------------------------------------

    def selected_option(self) -> OptionSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.option_at(rows[0].row()) if rows else None

    def select_number(self, number: int) -> None:
        """Number keys 1-9: the n-th visible row."""
        if 1 <= number <= self.proxy.rowCount():
            self._select_row(number - 1)

    def move_selection(self, delta: int) -> None:
        rows = self.table.selectionModel().selectedRows()
        current = rows[0].row() if rows else -1
        self._select_row(max(0, min(self.proxy.rowCount() - 1, current + delta)))

    def confirm(self) -> None:
        option = self.selected_option()
        if option is not None:
            self.option_confirmed.emit(option)

    def _row_of_choice(self, choice: Choice | None) -> int:
        if choice is None:
            return 0
        row = self.proxy.row_of(choice.option.reference)
        return row if row is not None else 0

    def _select_row(self, row: int) -> None:
        if not 0 <= row < self.proxy.rowCount():
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _tick(self) -> None:
        self.model.set_now(self._clock())
