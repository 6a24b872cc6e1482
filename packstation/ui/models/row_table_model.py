"""The shared shape of the app's table models: immutable rows in, one cell at a time out.

Subclasses name their columns (an IntEnum) and answer `cell(row, column, role)`; this base
does the index bookkeeping that Qt's model contract (checked by qtmodeltester) asks for.

A view asks for the same cell and role many times (sizing each column to its contents, then
painting): each answer is kept until the rows or a column's cells change, so the Python behind
`cell` runs once per cell and role (showing an order's options: ~870 calls into Python, most
now a dictionary look-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")
ColumnT = TypeVar("ColumnT", bound=IntEnum)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a comparable value, for a sort proxy


class RowTableModel(QAbstractTableModel, Generic[RowT, ColumnT]):
    def __init__(self, columns: type[ColumnT], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._column_list: tuple[ColumnT, ...] = tuple(columns)
        self._rows: tuple[RowT, ...] = ()
        self._answers: dict[tuple[int, int, int], Any] = {}

    @property
    def rows(self) -> tuple[RowT, ...]:
        return self._rows

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self._answers.clear()
        self.endResetModel()

    def row(self, number: int) -> RowT:
        return self._rows[number]

    def columns_changed(self, first: ColumnT, last: ColumnT) -> None:
        """Every row's cells from `first` to `last` changed (e.g. a clock tick)."""
        self._answers.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, first), self.index(len(self._rows) - 1, last))

    # --- to be answered by subclasses --------------------------------------------------------

    def header_text(self, column: ColumnT) -> str:
        raise NotImplementedError

    def cell(self, row: RowT, column: ColumnT, role: int) -> Any:
        raise NotImplementedError

    def alignment(self, column: ColumnT) -> Qt.AlignmentFlag:
        return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._column_list)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._column_list):
            return None
        column = self._column_list[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_text(column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self.alignment(column).value)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key = (index.row(), index.column(), int(role))
        try:
            return self._answers[key]
        except KeyError:
            pass
        if not index.isValid() or not 0 <= key[0] < len(self._rows):
            return None
        answer = self._answer(self._rows[key[0]], self._column_list[key[1]], role)
        self._answers[key] = answer
        return answer

    def _answer(self, row: RowT, column: ColumnT, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self.alignment(column).value)
        if role == ROW_ROLE:
            return row
        return self.cell(row, column, role)
