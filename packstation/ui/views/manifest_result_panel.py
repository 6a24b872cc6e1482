"""After a day close: large totals, then every failed consignment with the carrier's reason."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.models.manifest_result_model import Column, ManifestResultModel
from packstation.ui.style import set_style_property
from packstation.ui.views import day_close_texts as texts
from packstation.ui.widgets.plain_label import plain_label
from packstation.workflow.day_close import DayCloseResult

ROW_HEIGHT = 34


class ManifestResultPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.failures = ManifestResultModel(self)
        self.heading = self._labelled("", "heading")
        self.manifested_total = self._total()
        self.failed_total = self._total()
        self.pending_total = self._total()
        totals = QGridLayout()
        captions = (self.tr("Manifested"), self.tr("Failed"), self.tr("Still queued"))
        numbers = (self.manifested_total, self.failed_total, self.pending_total)
        for column, (caption, number) in enumerate(zip(captions, numbers, strict=True)):
            totals.addWidget(number, 0, column, Qt.AlignmentFlag.AlignLeft)
            totals.addWidget(self._labelled(caption, "totalCaption"), 1, column)
            totals.setColumnStretch(column, 1)
        self.failure_table = self._failure_table()
        self.failure_hint = self._labelled(texts.failure_hint(), "fieldError", wrap=True)
        self.pending_hint = plain_label(wrap=True, selectable=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(totals)
        layout.addWidget(self.failure_table, 1)
        layout.addWidget(self.failure_hint)
        layout.addWidget(self.pending_hint)

    def show_result(self, result: DayCloseResult, finished_at: datetime) -> None:
        self.heading.setText(
            self.tr("Result of the close at {time}").format(time=finished_at.strftime("%H:%M"))
        )
        self.manifested_total.setText(str(len(result.manifested)))
        self.failed_total.setText(str(len(result.failures)))
        self.pending_total.setText(str(len(result.still_pending)))
        set_style_property(self.manifested_total, "tone", "success" if result.manifested else None)
        set_style_property(self.failed_total, "tone", "error" if result.failures else None)
        set_style_property(self.pending_total, "tone", "warning" if result.still_pending else None)
        self.failures.set_rows(result.failures)
        self.failure_table.setVisible(bool(result.failures))
        self.failure_hint.setVisible(bool(result.failures))
        self.pending_hint.setText(texts.pending_hint(result.still_pending))
        self.pending_hint.setVisible(bool(result.still_pending))

    def _total(self) -> QLabel:
        return self._labelled("0", "total")

    @staticmethod
    def _labelled(text: str, role: str, *, wrap: bool = False) -> QLabel:
        label = plain_label(text, wrap=wrap)
        label.setProperty("role", role)
        return label

    def _failure_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.failures)
        table.setAccessibleName(self.tr("Failed consignments"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = table.horizontalHeader()
        header.setSectionResizeMode(Column.CONSIGNMENT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.CARRIER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.REASON, QHeaderView.ResizeMode.Stretch)
        return table
