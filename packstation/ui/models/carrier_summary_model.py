"""Table model over the day close summary: one row per carrier, with its cut-off and time left."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from packstation.ui.messages import SEVERITY_COLOURS, Severity
from packstation.ui.models.cutoff_clock import is_urgent, minutes_left, time_left
from packstation.ui.models.row_table_model import SORT_ROLE, RowTableModel
from packstation.workflow.day_close import CarrierGroup

UNKNOWN = "\u2014"  # an em dash: nothing is known, which is different from zero
_UNKNOWN_SORTS_LAST = 10**6


class Column(IntEnum):
    CARRIER = 0
    WAITING = 1
    NOT_PRINTED = 2
    PREVIOUSLY_FAILED = 3
    CUTOFF = 4
    TIME_LEFT = 5


_NUMBER_COLUMNS = (Column.WAITING, Column.NOT_PRINTED, Column.PREVIOUSLY_FAILED)
_WARNING = QColor(SEVERITY_COLOURS[Severity.WARNING])
_ERROR = QColor(SEVERITY_COLOURS[Severity.ERROR])


class CarrierSummaryModel(RowTableModel[CarrierGroup, Column]):
    def __init__(self, parent: QObject | None = None, *, now: datetime | None = None) -> None:
        super().__init__(Column, parent)
        self._cutoffs: dict[str, time] = {}
        self._now = now or datetime.now()

    def set_cutoffs(self, cutoffs: Mapping[str, time]) -> None:
        """Cut-offs for carriers the workflow has none for, keyed by reference (or name)."""
        self._cutoffs = dict(cutoffs)
        self.columns_changed(Column.CUTOFF, Column.TIME_LEFT)

    def set_now(self, now: datetime) -> None:
        self._now = now
        self.columns_changed(Column.TIME_LEFT, Column.TIME_LEFT)

    def cutoff_for(self, group: CarrierGroup) -> time | None:
        return (
            group.collection_cutoff
            or self._cutoffs.get(group.carrier_reference)
            or self._cutoffs.get(group.carrier_name)
        )

    def header_text(self, column: Column) -> str:
        return {
            Column.CARRIER: self.tr("Carrier"),
            Column.WAITING: self.tr("Waiting"),
            Column.NOT_PRINTED: self.tr("Not printed here"),
            Column.PREVIOUSLY_FAILED: self.tr("Failed before"),
            Column.CUTOFF: self.tr("Cut-off"),
            Column.TIME_LEFT: self.tr("Time left"),
        }[column]

    def alignment(self, column: Column) -> Qt.AlignmentFlag:
        horizontal = (
            Qt.AlignmentFlag.AlignRight if column in _NUMBER_COLUMNS else Qt.AlignmentFlag.AlignLeft
        )
        return horizontal | Qt.AlignmentFlag.AlignVCenter

    def cell(self, group: CarrierGroup, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(group, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(group, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(group, column)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(group, column)
        if role == SORT_ROLE:
            return self._sort_value(group, column)
        return None

    def _display(self, group: CarrierGroup, column: Column) -> str:
        match column:
            case Column.CARRIER:
                return group.carrier_name
            case Column.WAITING:
                return str(group.count)
            case Column.NOT_PRINTED:
                return str(len(group.not_printed))
            case Column.PREVIOUSLY_FAILED:
                return str(len(group.previously_failed))
            case Column.CUTOFF:
                cutoff = self.cutoff_for(group)
                return cutoff.strftime("%H:%M") if cutoff else UNKNOWN
            case Column.TIME_LEFT:
                return self._time_left_text(group)

    def _time_left_text(self, group: CarrierGroup) -> str:
        left = time_left(self.cutoff_for(group), self._now)
        if left is None:
            return UNKNOWN
        minutes = minutes_left(left)
        if minutes <= 0:
            return self.tr("passed")
        hours, minutes = divmod(minutes, 60)
        if hours:
            return self.tr("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
        return self.tr("{minutes} min").format(minutes=minutes)

    def _tooltip(self, group: CarrierGroup, column: Column) -> str | None:
        if column == Column.NOT_PRINTED and group.not_printed:
            return self.tr("Not printed at this station: {references}").format(
                references=", ".join(group.not_printed)
            )
        if column == Column.PREVIOUSLY_FAILED and group.previously_failed:
            return self.tr("Failed an earlier manifest: {references}").format(
                references=", ".join(group.previously_failed)
            )
        if column in (Column.CUTOFF, Column.TIME_LEFT) and self.cutoff_for(group) is None:
            return self.tr("This carrier's cut-off time is not known.")
        return None

    def _foreground(self, group: CarrierGroup, column: Column) -> QColor | None:
        if column == Column.NOT_PRINTED and group.not_printed:
            return _WARNING
        if column == Column.PREVIOUSLY_FAILED and group.previously_failed:
            return _WARNING
        if column == Column.TIME_LEFT:
            left = time_left(self.cutoff_for(group), self._now)
            if left is not None and minutes_left(left) <= 0:
                return _ERROR
            if is_urgent(left):
                return _WARNING
        return None

    def _font(self, group: CarrierGroup, column: Column) -> QFont | None:
        emphasised = column == Column.CARRIER or self._foreground(group, column) is not None
        if not emphasised:
            return None
        font = QFont()
        font.setBold(True)
        return font

    def _sort_value(self, group: CarrierGroup, column: Column) -> str | int:
        match column:
            case Column.CARRIER:
                return group.carrier_name.casefold()
            case Column.WAITING:
                return group.count
            case Column.NOT_PRINTED:
                return len(group.not_printed)
            case Column.PREVIOUSLY_FAILED:
                return len(group.previously_failed)
            case Column.CUTOFF | Column.TIME_LEFT:
                left = time_left(self.cutoff_for(group), self._now)
                return minutes_left(left) if left is not None else _UNKNOWN_SORTS_LAST
