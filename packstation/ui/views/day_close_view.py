"""End of day: what is waiting per carrier, then one confirmed close that manifests in batches.

The summary and the close run through the TaskRunner ("day-close-summary", "day-close"), so a
double click or a repeated Ctrl+Enter cannot start a second close. The confirmation is an inline
bar, never a modal dialog inside a coroutine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QLocale, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.messages import MessageChannel
from packstation.ui.models.carrier_summary_model import CarrierSummaryModel, Column
from packstation.ui.models.row_table_model import SORT_ROLE
from packstation.ui.shortcuts import Keys, bind, with_shortcut
from packstation.ui.tasks import TaskRunner
from packstation.ui.views import day_close_texts as texts
from packstation.ui.views.manifest_result_panel import ManifestResultPanel
from packstation.ui.widgets.confirm_bar import ConfirmBar
from packstation.ui.widgets.plain_label import plain_label
from packstation.workflow.day_close import (
    DayClose,
    DayCloseProgress,
    DayCloseResult,
    DayCloseSummary,
)
from packstation.workflow.shipping_api import ShippingError

SUMMARY_TASK = "day-close-summary"
CLOSE_TASK = "day-close"
CLOSE_DAY_KEYS = Keys("Ctrl+Return", "Ctrl+Enter")
CLOSE_DAY_KEYPAD_KEYS = Keys("Ctrl+Enter", "Ctrl+Enter")  # the keypad's Enter key
REFRESH_KEYS = Keys("F5", "F5")
ROW_HEIGHT = 38
VISIBLE_CARRIER_ROWS = (3, 8)  # the table grows with the carriers, then scrolls
MINUTE_MS = 60_000

Clock = Callable[[], datetime]


class DayCloseView(QWidget):
    def __init__(
        self,
        day_close: DayClose,
        tasks: TaskRunner,
        messages: MessageChannel,
        parent: QWidget | None = None,
        *,
        clock: Clock = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._day_close = day_close
        self._tasks = tasks
        self._messages = messages
        self._clock = clock
        self._summary: DayCloseSummary | None = None
        self.carriers = CarrierSummaryModel(self, now=clock())
        self._build()
        self._fit_carrier_table()
        bind(self, CLOSE_DAY_KEYS, self.request_close)
        bind(self, CLOSE_DAY_KEYPAD_KEYS, self.request_close)
        bind(self, REFRESH_KEYS, self.refresh)
        tasks.busy_changed.connect(self._on_busy_changed)
        self._minute = QTimer(self)
        self._minute.setSingleShot(True)
        self._minute.timeout.connect(self._tick)
        self._schedule_tick()
        self._update_actions()

    # --- what the main window calls ----------------------------------------------------------

    def set_day_close(self, day_close: DayClose) -> None:
        """The runtime was rebuilt (settings changed): forget the old summary and load anew."""
        self._day_close = day_close
        self._summary = None
        self.confirm_bar.dismiss()
        self.refresh()

    def set_cutoffs(self, cutoffs: Mapping[str, time]) -> None:
        """Cut-offs for carriers whose services give none, keyed by carrier reference (or name)."""
        self.carriers.set_cutoffs(cutoffs)

    def refresh(self) -> None:
        day = self._clock().date()
        day_close = self._day_close
        self._tasks.run(
            SUMMARY_TASK,
            lambda: day_close.summarize(day),
            on_success=self._show_summary,
            on_error=self._summary_failed,
        )

    def request_close(self) -> None:
        """Ctrl+Enter or the button: ask first; nothing is sent until the bar is confirmed."""
        summary = self._summary
        if summary is None or summary.total == 0 or self._busy():
            return
        self.confirm_bar.ask(texts.confirmation(summary), texts.confirm_button_text(summary))

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = plain_label(self.tr("End of day"))
        self.title.setProperty("role", "title")
        self.day_label = plain_label()
        self.day_label.setProperty("role", "hint")
        self.refresh_button = QPushButton(with_shortcut(self.tr("Refresh"), REFRESH_KEYS), self)
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(16)
        header.addWidget(self.day_label, 1, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.refresh_button)

        self.carrier_table = self._carrier_table()
        self.empty_label = plain_label(wrap=True)
        self.empty_label.setProperty("severity", "info")
        self.empty_label.hide()
        self.not_printed_warning = plain_label(wrap=True, selectable=True)
        self.not_printed_warning.setProperty("severity", "warning")
        self.not_printed_warning.hide()

        self.close_button = QPushButton(
            with_shortcut(self.tr("Close the day"), CLOSE_DAY_KEYS), self
        )
        self.close_button.setProperty("role", "primary")
        self.close_button.clicked.connect(self.request_close)
        self.confirm_bar = ConfirmBar(self)
        self.confirm_bar.confirmed.connect(self._start_close)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Day close progress"))
        self.progress_text = plain_label()
        self.progress_bar.hide()
        self.progress_text.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addSpacing(12)
        actions.addWidget(self.progress_bar, 1)
        actions.addWidget(self.progress_text, 2)
        actions.addStretch(1)

        self.result_panel = ManifestResultPanel(self)
        self.result_panel.hide()

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.carrier_table)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.not_printed_warning)
        layout.addLayout(actions)
        layout.addWidget(self.confirm_bar)
        layout.addWidget(self.result_panel, 1)
        layout.addStretch(0)

    def _carrier_table(self) -> QTableView:
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.carriers)
        proxy.setSortRole(SORT_ROLE)
        table = QTableView(self)
        table.setModel(proxy)
        table.setAccessibleName(self.tr("Consignments waiting, by carrier"))
        table.setSortingEnabled(True)
        table.sortByColumn(Column.CARRIER, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table: every control stays reachable
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.CARRIER, QHeaderView.ResizeMode.Stretch)
        return table

    # --- the summary -------------------------------------------------------------------------

    def _show_summary(self, summary: DayCloseSummary) -> None:
        self._summary = summary
        self.confirm_bar.dismiss()
        self.carriers.set_now(self._clock())
        self.carriers.set_rows(summary.groups)
        self._fit_carrier_table()
        self.day_label.setText(self._day_text(summary.day))
        self.empty_label.setText(texts.nothing_waiting())
        self.empty_label.setVisible(summary.total == 0)
        self.not_printed_warning.setText(texts.not_printed_warning(summary.not_printed))
        self.not_printed_warning.setVisible(bool(summary.not_printed))
        self._update_actions()

    def _fit_carrier_table(self) -> None:
        fewest, most = VISIBLE_CARRIER_ROWS
        rows = min(max(self.carriers.rowCount(), fewest), most)
        table = self.carrier_table
        header = table.horizontalHeader().sizeHint().height()
        table.setFixedHeight(header + rows * ROW_HEIGHT + 2 * table.frameWidth())

    def _day_text(self, day: date) -> str:
        shown = QLocale().toString(
            QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat
        )
        updated = self._clock().strftime("%H:%M")
        return self.tr("{day} \u00b7 updated {time}").format(day=shown, time=updated)

    def _summary_failed(self, error: BaseException) -> bool:
        if not isinstance(error, ShippingError):
            return False
        self._messages.error(
            self.tr("Could not load the consignments waiting for a manifest: {reason}").format(
                reason=error.user_message
            )
        )
        return True

    # --- the close ---------------------------------------------------------------------------

    def _start_close(self) -> None:
        summary = self._summary
        if summary is None or self._busy():
            return
        day_close = self._day_close
        self.result_panel.hide()
        self.progress_bar.setRange(0, max(len(summary.groups), 1))
        self.progress_bar.setValue(0)
        self.progress_text.setText(self.tr("Starting the day close"))
        self._tasks.run(
            CLOSE_TASK,
            lambda: day_close.close(summary, progress=self._show_progress),
            on_success=self._show_result,
            on_error=self._close_failed,
        )

    def _show_progress(self, progress: DayCloseProgress) -> None:
        self.progress_bar.setRange(0, max(progress.carriers_total, 1))
        self.progress_bar.setValue(progress.carriers_done)
        self.progress_text.setText(progress.current)

    def _show_result(self, result: DayCloseResult) -> None:
        self.result_panel.show_result(result, self._clock())
        self.result_panel.show()
        all_good, text = texts.result_message(result)
        if all_good:
            self._messages.success(text)
        else:
            self._messages.warning(text)
        self.refresh()

    def _close_failed(self, error: BaseException) -> bool:
        if not isinstance(error, ShippingError):
            return False
        self._messages.error(
            self.tr(
                "The day close stopped: {reason} Consignments already sent stay sent; press F5 "
                "to see what is still waiting, then close again."
            ).format(reason=error.user_message)
        )
        self.refresh()
        return True

    # --- state -------------------------------------------------------------------------------

    def _busy(self) -> bool:
        return self._tasks.is_busy(CLOSE_TASK) or self._tasks.is_busy(SUMMARY_TASK)

    def _on_busy_changed(self, key: str, busy: bool) -> None:
        if key in (SUMMARY_TASK, CLOSE_TASK):
            self._update_actions()

    def _update_actions(self) -> None:
        closing = self._tasks.is_busy(CLOSE_TASK)
        has_work = self._summary is not None and self._summary.total > 0
        self.close_button.setEnabled(has_work and not self._busy())
        self.confirm_bar.confirm_button.setEnabled(not self._busy())
        self.refresh_button.setEnabled(not self._busy())
        self.progress_bar.setVisible(closing)
        self.progress_text.setVisible(closing)

    def _tick(self) -> None:
        self.carriers.set_now(self._clock())
        self._schedule_tick()

    def _schedule_tick(self) -> None:
        """Tick on the minute, so "time left" changes when the wall clock does."""
        now = self._clock()
        self._minute.start(max(MINUTE_MS - (now.second * 1000 + now.microsecond // 1000), 1000))
