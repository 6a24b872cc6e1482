"""The status bar: environment, label printer state, this station's figures, parked packs.

The printer and the figures are polled every ten seconds through the task runner, so a slow
printer or journal never blocks the window; a poll still running is not started again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from packstation.printing.protocol import PrinterStatus
from packstation.ui.shortcuts import PARKED_KEYS, with_shortcut
from packstation.ui.station_stats import StationStats
from packstation.ui.tasks import TaskRunner
from packstation.ui.widgets.plain_label import plain_label

log = logging.getLogger(__name__)

POLL_MILLISECONDS = 10_000
PRINTER_TASK = "printer-status"
STATS_TASK = "station-stats"
GOOD = "color: #1e7b34; font-weight: bold;"
BAD = "color: #b00020; font-weight: bold;"


class StationStatus(QWidget):
    parked_clicked = Signal()

    def __init__(
        self,
        *,
        environment: str,
        tasks: TaskRunner,
        printer_status: Callable[[], Awaitable[PrinterStatus]],
        stats: Callable[[], Awaitable[StationStats]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._printer_status = printer_status
        self._stats = stats
        self.environment = plain_label(environment, bold=True)
        self.printer = plain_label(self.tr("Printer: checking…"))
        self.figures = plain_label(self.tr("Today: –"))
        self.parked = QPushButton(self)
        self.parked.setFlat(True)
        self.parked.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.parked.clicked.connect(self.parked_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(24)
        for widget in (self.environment, self.printer, self.figures):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.parked)
        self._show_parked(0)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MILLISECONDS)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        self.refresh_printer()
        self.refresh_figures()

    def refresh_printer(self) -> None:
        self._tasks.run(
            PRINTER_TASK,
            self._printer_status,
            on_success=self._show_printer,
            on_error=self._printer_unknown,
        )

    def refresh_figures(self) -> None:
        self._tasks.run(STATS_TASK, self._stats, on_success=self._show_figures)

    def _show_printer(self, status: PrinterStatus) -> None:
        if status.healthy:
            self.printer.setText(self.tr("Printer: ready"))
            self.printer.setStyleSheet(GOOD)
        else:
            self.printer.setText(
                self.tr("Printer: %1 – %2")
                .replace("%1", status.condition.value.replace("_", " "))
                .replace("%2", status.message)
            )
            self.printer.setStyleSheet(BAD)

    def _printer_unknown(self, error: BaseException) -> bool:
        # A status poll must never raise a crash dialog every ten seconds.
        log.warning("printer status unavailable: %s", type(error).__name__)
        self.printer.setText(self.tr("Printer: status unknown (check the printer setting)"))
        self.printer.setStyleSheet(BAD)
        return True

    def _show_figures(self, stats: StationStats) -> None:
        self.figures.setText(
            self.tr("Today: %1 packed · last hour: %2")
            .replace("%1", str(stats.packed_today))
            .replace("%2", str(stats.packed_last_hour))
        )
        self._show_parked(stats.parked)

    def _show_parked(self, count: int) -> None:
        self.parked.setText(
            with_shortcut(self.tr("Parked: %1").replace("%1", str(count)), PARKED_KEYS)
        )
        self.parked.setStyleSheet(BAD if count else "color: #4a4a4a;")
