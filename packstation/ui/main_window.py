"""The main window: a shell around the station's pages.

Top: the demo banner and the message banner. Middle: the packing page (F2) and the end of day
(F9). Bottom: the station status. The window exists before the runtime does (it says what it is
starting), `attach` gives it a running station and `detach` takes it away again (settings
changed: the runtime is rebuilt). Closing the window only asks `packstation.app` to shut down.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.messages import MessageChannel
from packstation.ui.shortcuts import (
    ABOUT_KEYS,
    DAY_CLOSE_KEYS,
    PACKING_KEYS,
    PARKED_KEYS,
    SETTINGS_KEYS,
    bind,
    with_shortcut,
)
from packstation.ui.sound_player import SoundPlayer
from packstation.ui.style import set_style_property
from packstation.ui.tasks import TaskRunner
from packstation.ui.widgets.message_banner import MessageBanner
from packstation.ui.widgets.plain_label import plain_label

# The pages, the dialogs and the workflow behind them are imported when first needed: the window
# shows (and says "Starting…") before the API client, the models and the pages are loaded.
if TYPE_CHECKING:
    from packstation.config import StationSettings
    from packstation.printing.protocol import PrintJobResult
    from packstation.ui.about_dialog import AboutDialog
    from packstation.ui.crash_dialog import CrashDialog
    from packstation.ui.station import Station
    from packstation.ui.views.day_close_view import DayCloseView
    from packstation.ui.views.packing_page import PackingPage
    from packstation.ui.views.parked_dialog import ParkedDialog
    from packstation.ui.views.settings_dialog import SettingsDialog
    from packstation.ui.views.station_status import StationStatus
    from packstation.workflow.journal import PackRecord

MINIMUM_SIZE = (1024, 700)
PRINTERS_TASK = "printer-discovery"
TEST_LABEL_TASK = "test-label"
CUTOFFS_TASK = "carrier-cutoffs"


class MainWindow(QMainWindow):
    close_requested = Signal()
    settings_saved = Signal(object)  # StationSettings

    def __init__(
        self,
        *,
        messages: MessageChannel,
        sounds: SoundPlayer,
        redact: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("packstation")
        self.setMinimumSize(*MINIMUM_SIZE)
        self.messages = messages
        self.tasks = TaskRunner(self)  # the shell's own work; each station gets its own runner
        self.tasks.unexpected_error.connect(self.show_crash)
        self._redact = redact
        self.station: Station | None = None
        self.current_settings: StationSettings | None = None  # also before a station runs
        self.station_tasks: TaskRunner | None = None
        self.packing_page: PackingPage | None = None
        self.day_close_page: DayCloseView | None = None
        self.status: StationStatus | None = None
        self.crash_dialog: CrashDialog | None = None
        self.parked_dialog: ParkedDialog | None = None
        self.settings_dialog: SettingsDialog | None = None

        self.demo_banner = plain_label(point_size=13, bold=True)
        set_style_property(self.demo_banner, "severity", "warning")
        self.demo_banner.hide()
        self.banner = MessageBanner(messages, sounds, self)
        self.starting = plain_label(point_size=18, wrap=True)
        self.starting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs = QTabWidget(self)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # No frame around the pages: Fusion repainted it under every label that changed, a
        # third of the window's painting during a pack (py-spy, docs/performance.md).
        self.tabs.setDocumentMode(True)
        self.settings_button = QPushButton(with_shortcut(self.tr("Settings"), SETTINGS_KEYS))
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.settings_button.clicked.connect(self.open_settings)
        self.statusBar().addPermanentWidget(self.settings_button)
        self.about_button = QPushButton(with_shortcut(self.tr("About"), ABOUT_KEYS))
        self.about_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.about_button.clicked.connect(self.open_about)
        self.statusBar().addPermanentWidget(self.about_button)
        self.about_dialog: AboutDialog | None = None
        self.tabs.currentChanged.connect(self._tab_changed)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.starting)
        self.pages.addWidget(self.tabs)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        bind(self, PACKING_KEYS, self.show_packing)
        bind(self, DAY_CLOSE_KEYS, self.show_day_close)
        bind(self, SETTINGS_KEYS, self.open_settings)
        bind(self, ABOUT_KEYS, self.open_about)
        bind(self, PARKED_KEYS, self.open_parked)
        self.show_starting(self.tr("Starting…"))

    # ---- station lifecycle ---------------------------------------------------------------

    def show_starting(self, text: str) -> None:
        self.starting.setText(text)
        self.pages.setCurrentWidget(self.starting)

    def attach(self, station: Station) -> None:
        from packstation.ui.station_stats import station_stats
        from packstation.ui.views.day_close_view import DayCloseView
        from packstation.ui.views.packing_page import PackingPage
        from packstation.ui.views.station_status import StationStatus

        self.station = station
        self.current_settings = station.settings
        tasks = self.station_tasks = TaskRunner(self)
        tasks.unexpected_error.connect(self.show_crash)
        self.packing_page = PackingPage(station, tasks, self.messages)
        self.day_close_page = DayCloseView(station.day_close, tasks, self.messages, self.tabs)
        self.tabs.addTab(self.packing_page, with_shortcut(self.tr("Packing"), PACKING_KEYS))
        self.tabs.addTab(self.day_close_page, with_shortcut(self.tr("End of day"), DAY_CLOSE_KEYS))
        self.demo_banner.setText(station.demo_banner or "")
        self.demo_banner.setVisible(station.demo_banner is not None)
        self.status = StationStatus(
            environment=station.environment_label,
            tasks=tasks,
            printer_status=station.packing.label_printer_status,
            stats=lambda: station_stats(station.journal, station.settings.station_name),
        )
        self.status.parked_clicked.connect(self.open_parked)
        self.statusBar().addWidget(self.status, 1)
        self.packing_page.session.pack_settled.connect(self.status.refresh_figures)
        self.pages.setCurrentWidget(self.tabs)
        self.status.start()
        self.packing_page.start()
        self._load_cutoffs(station, tasks)

    def _load_cutoffs(self, station: Station, tasks: TaskRunner) -> None:
        carriers, page = station.carriers, self.day_close_page
        if carriers is None or page is None:
            return

        async def cutoffs() -> dict[str, time]:
            return {
                c.reference: c.collection_cutoff for c in await carriers() if c.collection_cutoff
            }

        tasks.run(CUTOFFS_TASK, cutoffs, on_success=page.set_cutoffs)

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.day_close_page and self.day_close_page is not None:
            self.day_close_page.refresh()
        elif page is self.packing_page and self.packing_page is not None:
            self.packing_page.scan_bar.take_focus()

    async def detach(self) -> None:
        """Stop the station's work and drop its pages; the runtime can then be closed."""
        tasks = self.station_tasks
        if tasks is not None:
            tasks.cancel_all()
            await tasks.wait_idle()
        if self.status is not None:
            self.status.stop()
            self.statusBar().removeWidget(self.status)
            self.status.deleteLater()
        for dialog in (self.parked_dialog, self.settings_dialog):
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
        self.tabs.clear()
        for page in (self.packing_page, self.day_close_page):
            if page is not None:
                page.deleteLater()
        self.station = self.station_tasks = self.packing_page = self.day_close_page = None
        self.status = self.parked_dialog = self.settings_dialog = None

    # ---- pages and dialogs ---------------------------------------------------------------

    def show_packing(self) -> None:
        if self.packing_page is not None:
            self.tabs.setCurrentWidget(self.packing_page)
            self.packing_page.scan_bar.take_focus()

    def show_day_close(self) -> None:
        if self.day_close_page is not None:
            if self.tabs.currentWidget() is self.day_close_page:
                self.day_close_page.refresh()
            self.tabs.setCurrentWidget(self.day_close_page)

    def open_parked(self) -> None:
        station, tasks, page = self.station, self.station_tasks, self.packing_page
        if station is None or tasks is None or page is None:
            return
        if self.parked_dialog is None:
            from packstation.ui.views.parked_dialog import ParkedDialog
            from packstation.workflow.states import PackState

            journal = station.journal
            name = station.settings.station_name

            async def parked() -> list[PackRecord]:
                records = await journal.packs_in_states(frozenset({PackState.PARKED}))
                return [r for r in records if r.station == name]

            dialog = self.parked_dialog = ParkedDialog(parked, tasks, self)
            dialog.retry_requested.connect(page.session.retry_parked)
            dialog.cancel_requested.connect(page.session.cancel_pack)
            page.session.pack_settled.connect(dialog.refresh)
        self.parked_dialog.refresh()
        self.parked_dialog.show()
        self.parked_dialog.raise_()

    def open_about(self) -> None:
        from packstation.ui.about_dialog import AboutDialog

        settings = self.station.settings if self.station else self.current_settings
        environment = self.station.environment_label if self.station else self.tr("not connected")
        self.about_dialog = AboutDialog(
            environment=environment,
            data_dir=str(settings.data_dir) if settings else "",
            parent=self,
        )
        self.about_dialog.open()

    def open_settings(self) -> None:
        settings = self.station.settings if self.station else self.current_settings
        if settings is None:
            return
        if self.settings_dialog is not None:
            self.settings_dialog.show()
            self.settings_dialog.raise_()
            return

        from packstation.ui.printer_names import printer_names
        from packstation.ui.views.settings_dialog import SettingsDialog

        def open_with(names: list[str]) -> None:
            dialog = self.settings_dialog = SettingsDialog(settings, names, self, tasks=self.tasks)
            dialog.settings_saved.connect(self._settings_saved)
            dialog.test_label_requested.connect(self.print_test_label)
            dialog.show()

        self.tasks.run(PRINTERS_TASK, printer_names, on_success=open_with)

    def _settings_saved(self, settings: StationSettings) -> None:
        self.settings_dialog = None  # it closes itself; the next one shows the new settings
        self.settings_saved.emit(settings)

    def print_test_label(self, target: str) -> None:
        from packstation.printing.protocol import DocumentFormat
        from packstation.printing.test_label import StationTestLabel, print_test_label

        station = self.station
        printers = station.printers if station else None
        if station is None or printers is None:
            self.messages.warning(self.tr("Connect first: the printers are not set up yet."))
            return
        facts = StationTestLabel(
            station=station.settings.station_name,
            target=target,
            dpi=station.settings.label_dpi,
            printed_at=datetime.now(),
        )
        label_format = DocumentFormat(station.settings.label_format)

        async def print_it() -> PrintJobResult:
            return await print_test_label(printers.open(target), facts, label_format)

        def printed(result: PrintJobResult) -> None:
            if result.delivered:
                self.messages.success(
                    self.tr(
                        "Test label sent to %1. Hold a ruler to it: the line must be 4 in."
                    ).replace("%1", result.target)
                )
            else:
                self.messages.error(
                    self.tr("The test label did not print: %1").replace("%1", result.message)
                )

        def refused(error: BaseException) -> bool:
            if not isinstance(error, ValueError):
                return False
            self.messages.error(str(error))
            return True

        self.tasks.run(TEST_LABEL_TASK, print_it, on_success=printed, on_error=refused)

    # ---- failures ------------------------------------------------------------------------

    def show_crash(self, context: object, error: object = None) -> None:
        """For `TaskRunner.unexpected_error(key, error)` and for `sys.excepthook`."""
        if not isinstance(error, BaseException):
            return
        if self.crash_dialog is None:
            from packstation.ui.crash_dialog import CrashDialog

            self.crash_dialog = CrashDialog(self._redact, self)
        self.crash_dialog.add_error(error, str(context))
        self.crash_dialog.show()
        self.crash_dialog.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        event.accept()
        self.close_requested.emit()
