"""Parked packs needing attention: a non-modal list with Retry and Cancel for each.

Cancel asks twice in place (the button changes to a confirmation) instead of a modal question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.tasks import TaskRunner
from packstation.ui.widgets.plain_label import plain_label
from packstation.workflow.journal import PackRecord

PARKED_TASK = "parked-list"
CONFIRM_MILLISECONDS = 4000


class ParkedDialog(QDialog):
    retry_requested = Signal(str)  # pack_id
    cancel_requested = Signal(str)  # pack_id

    def __init__(
        self,
        load: Callable[[], Awaitable[list[PackRecord]]],
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Parked packs"))
        self.setModal(False)
        self.resize(900, 420)
        self._load = load
        self._tasks = tasks
        self.records: list[PackRecord] = []
        self.hint = plain_label(
            self.tr(
                "These packs stopped and need a decision. Retry checks with SortedPRO first, "
                "so nothing is booked twice. Cancel also cancels any consignment."
            ),
            wrap=True,
        )
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Order"), self.tr("Parked at"), self.tr("Why"), self.tr("Action")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.empty = plain_label(self.tr("Nothing is parked."), point_size=14)
        close = QPushButton(self.tr("Close (Esc)"), self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self._tasks.run(PARKED_TASK, self._load, on_success=self._show)

    def _show(self, records: list[PackRecord]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            at = record.updated_at.astimezone().strftime("%H:%M  %d %b")
            for column, text in enumerate((record.order_reference, at, record.parked_reason or "")):
                self.table.setItem(row, column, QTableWidgetItem(text))
            self.table.setCellWidget(row, 3, self._actions(record.pack_id))
        self.table.setVisible(bool(records))
        self.empty.setVisible(not records)

    def _actions(self, pack_id: str) -> QWidget:
        holder = QWidget()
        retry = QPushButton(self.tr("Retry"), holder)
        cancel = QPushButton(self.tr("Cancel"), holder)
        retry.clicked.connect(lambda: self.retry_requested.emit(pack_id))
        cancel.clicked.connect(lambda: self._cancel_clicked(pack_id, cancel))
        layout = QHBoxLayout(holder)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(retry)
        layout.addWidget(cancel)
        return holder

    def _cancel_clicked(self, pack_id: str, button: QPushButton) -> None:
        if button.property("confirming"):
            button.setEnabled(False)
            self.cancel_requested.emit(pack_id)
            return
        button.setProperty("confirming", True)
        original = button.text()
        button.setText(self.tr("Click again to cancel"))

        def relax() -> None:
            if button.isEnabled():
                button.setProperty("confirming", False)
                button.setText(original)

        QTimer.singleShot(CONFIRM_MILLISECONDS, button, relax)
