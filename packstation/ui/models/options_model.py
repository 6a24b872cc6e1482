"""The delivery options table: a thin adapter over immutable `OptionSummary` rows.

The choice (the customer's or the rule's) is starred and highlighted. `set_now` re-reads the
cells only, so the cut-off countdown ticks without resetting the selection.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from packstation.ui.display_text import delivery_text, price_text, time_left_text
from packstation.ui.models.row_table_model import (
    ROW_ROLE,
    SORT_ROLE,
    RowTableModel,
)
from packstation.workflow.domain import OptionSummary
from packstation.workflow.packing import utc_now
from packstation.workflow.rules import CUTOFF_SAFETY_MARGIN_SECONDS

OPTION_ROLE = ROW_ROLE  # the OptionSummary of the row
IS_CHOICE_ROLE = Qt.ItemDataRole.UserRole + 3  # bool: the highlighted choice
IS_EXPIRED_ROLE = Qt.ItemDataRole.UserRole + 4  # bool: past its cut-off (with the margin)

# Under this, the time left turns amber: the packer should book now.
CUTOFF_WARNING_SECONDS = 15 * 60
CHOICE_BACKGROUND = QColor("#d8f0dc")
WARNING_COLOUR = QColor("#a35c00")
EXPIRED_COLOUR = QColor("#8a8a8a")
CHOICE_MARK = "★ "
_NO_PRICE = Decimal("1e9")


class Column(IntEnum):
    SERVICE = 0  # carrier and service: one column reads better on a narrow screen
    DELIVERY = 1  # date and window
    PRICE = 2
    TIME_LEFT = 3


class OptionsModel(RowTableModel[OptionSummary, Column]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column, parent)
        self._choice_reference: str | None = None
        self._now = utc_now()
        self._headers = {
            Column.SERVICE: self.tr("Carrier · service"),
            Column.DELIVERY: self.tr("Delivery"),
            Column.PRICE: self.tr("Price"),
            Column.TIME_LEFT: self.tr("Cut-off"),
        }

    # ---- feeding -------------------------------------------------------------------------

    def set_options(
        self,
        options: Sequence[OptionSummary],
        *,
        choice_reference: str | None = None,
        now: datetime | None = None,
    ) -> None:
        self._choice_reference = choice_reference
        if now is not None:
            self._now = now
        self.set_rows(options)

    def clear(self) -> None:
        self.set_options(())

    def set_now(self, now: datetime) -> None:
        self._now = now
        self.columns_changed(Column.SERVICE, Column.TIME_LEFT)

    def option_at(self, row: int) -> OptionSummary | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # ---- cells ---------------------------------------------------------------------------

    def header_text(self, column: Column) -> str:
        return self._headers[column]

    def alignment(self, column: Column) -> Qt.AlignmentFlag:
        if column in (Column.PRICE, Column.TIME_LEFT):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return super().alignment(column)

    def cell(self, option: OptionSummary, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(option, column)
        if role == SORT_ROLE:
            return self._sort_key(option, column)
        if role == IS_CHOICE_ROLE:
            return self._is_choice(option)
        if role == IS_EXPIRED_ROLE:
            return self._is_expired(option)
        if role == Qt.ItemDataRole.BackgroundRole and self._is_choice(option):
            return QBrush(CHOICE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(option, column)
        return None

    def _is_choice(self, option: OptionSummary) -> bool:
        return option.reference == self._choice_reference

    def _is_expired(self, option: OptionSummary) -> bool:
        return option.is_expired(self._now, CUTOFF_SAFETY_MARGIN_SECONDS)

    def _display(self, option: OptionSummary, column: Column) -> str:
        match column:
            case Column.SERVICE:
                mark = CHOICE_MARK if self._is_choice(option) else ""
                guaranteed = self.tr(" (guaranteed)") if option.guaranteed else ""
                return f"{mark}{option.carrier} · {option.service}{guaranteed}"
            case Column.DELIVERY:
                return delivery_text(option.delivery_date, option.window_start, option.window_end)
            case Column.PRICE:
                return price_text(option.price_gross, option.currency)
            case Column.TIME_LEFT:
                return time_left_text(option.allocation_cutoff, self._now)

    def _sort_key(self, option: OptionSummary, column: Column) -> Any:
        match column:
            case Column.DELIVERY:
                start = option.window_start.isoformat() if option.window_start else ""
                return f"{option.delivery_date or date.max}{start}"
            case Column.PRICE:
                return float(option.price_gross if option.price_gross is not None else _NO_PRICE)
            case Column.TIME_LEFT:
                if option.allocation_cutoff is None:
                    return float("inf")
                return (option.allocation_cutoff - self._now).total_seconds()
            case _:
                return self._display(option, column).removeprefix(CHOICE_MARK).casefold()

    def _foreground(self, option: OptionSummary, column: Column) -> QBrush | None:
        if self._is_expired(option):
            return QBrush(EXPIRED_COLOUR)
        if column is Column.TIME_LEFT and option.allocation_cutoff is not None:
            left = (option.allocation_cutoff - self._now).total_seconds()
            if left < CUTOFF_WARNING_SECONDS:
                return QBrush(WARNING_COLOUR)
        return None


class OptionsProxy(QSortFilterProxyModel):
    """Sorts by the model's sort keys and numbers the visible rows 1-9 for the number keys."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)  # the ticking countdown must not reorder rows

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1) if section < 9 else ""
        return super().headerData(section, orientation, role)

    def option_at(self, row: int) -> OptionSummary | None:
        value = self.data(self.index(row, 0), OPTION_ROLE)
        return value if isinstance(value, OptionSummary) else None

    def row_of(self, reference: str) -> int | None:
        for row in range(self.rowCount()):
            option = self.option_at(row)
            if option is not None and option.reference == reference:
                return row
        return None
