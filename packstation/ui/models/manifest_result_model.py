"""Table model over a day close's failures: which consignment, which carrier, and why."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from packstation.ui.messages import SEVERITY_COLOURS, Severity
from packstation.ui.models.row_table_model import SORT_ROLE, RowTableModel
from packstation.workflow.day_close import ManifestFailure

_FAILED = QColor(SEVERITY_COLOURS[Severity.ERROR])


class Column(IntEnum):
    CONSIGNMENT = 0
    CARRIER = 1
    REASON = 2


class ManifestResultModel(RowTableModel[ManifestFailure, Column]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column, parent)

    def header_text(self, column: Column) -> str:
        return {
            Column.CONSIGNMENT: self.tr("Consignment"),
            Column.CARRIER: self.tr("Carrier"),
            Column.REASON: self.tr("Why it failed"),
        }[column]

    def cell(self, failure: ManifestFailure, column: Column, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._text(failure, column)
        if role == Qt.ItemDataRole.ToolTipRole:  # tooltips read HTML: SortedPRO's words never are
            return QtGui.Qt.convertFromPlainText(self._text(failure, column))
        if role == Qt.ItemDataRole.ForegroundRole:
            return _FAILED
        return None

    @staticmethod
    def _text(failure: ManifestFailure, column: Column) -> str:
        match column:
            case Column.CONSIGNMENT:
                return failure.consignment_reference
            case Column.CARRIER:
                return failure.carrier_name
            case Column.REASON:
                return failure.message
