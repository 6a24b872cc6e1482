"""Station settings: connection, station, printers and the auto-select rule, validated per field.

Non-modal: the main window calls `show()`/`open()`. Saving writes the settings file and the API
key in worker threads (through the TaskRunner), then emits `settings_saved(StationSettings)`.
The API key goes to the OS keyring only, never into the settings file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from packstation.config import ApiEnvironment, StationSettings, save_settings
from packstation.ui.shortcuts import Keys, bind
from packstation.ui.style import set_style_property
from packstation.ui.tasks import TaskRunner
from packstation.ui.views.api_key_field import ApiKeyField
from packstation.ui.views.rule_field import RuleField
from packstation.ui.views.settings_validation import (
    STATION_NAME_MAX,
    Errors,
    Field,
    FormValues,
    build_settings,
    printer_target_error,
)
from packstation.ui.widgets.field_with_message import FieldWithMessage
from packstation.ui.widgets.plain_label import plain_label
from packstation.ui.widgets.printer_target_field import PrinterTargetField

SAVE_TASK = "settings-save"
WIDE_FIELD = 300  # room for "tcp://192.168.100.200:9100" and the masked key, unclipped
SAVE_KEYS = Keys("Ctrl+S", "Ctrl+S")


class SettingsDialog(QDialog):
    settings_saved = Signal(object)  # the new StationSettings
    test_label_requested = Signal(str)  # the label printer target to print a test label on

    def __init__(
        self,
        settings: StationSettings,
        printers: Sequence[str],
        parent: QWidget | None = None,
        *,
        tasks: TaskRunner | None = None,
        config_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setModal(False)
        self._settings = settings
        self._config_dir = config_dir
        self._tasks = tasks or TaskRunner(self)
        self.fields: dict[Field, FieldWithMessage] = {}
        self._build(printers)
        self._load(settings)
        self._connect_validation()
        bind(self, SAVE_KEYS, self.save)
        self.validate()

    # --- building ---------------------------------------------------------------------------

    def _build(self, printers: Sequence[str]) -> None:
        self.environment = QComboBox(self)
        for environment in ApiEnvironment:
            self.environment.addItem(environment.label, environment.value)
        self.api_key = ApiKeyField(self._tasks, self)
        self.api_key.edit.setMinimumWidth(WIDE_FIELD)
        self.shipping_location = QLineEdit(self)
        self.shipping_location.setPlaceholderText(self.tr("Empty: the account's default"))
        self.station_name = QLineEdit(self)
        self.station_name.setMaxLength(STATION_NAME_MAX)
        self.scan_to_print = QCheckBox(self.tr("&Scan to print: book and print on scan"), self)
        self.sounds = QCheckBox(self.tr("S&ounds"), self)
        self.action_deadline = self._spin(5, 600, self.tr(" s"))
        self.retention_days = self._spin(1, 365, self.tr(" days"))
        self.label_printer = PrinterTargetField(
            printers, self.tr("Default: the labels folder"), self
        )
        self.label_printer.setMinimumWidth(WIDE_FIELD)
        self.test_label_button = QPushButton(self.tr("&Print test label"), self)
        self.test_label_button.clicked.connect(self.request_test_label)
        self.document_printer = PrinterTargetField(
            printers, self.tr("Default: the documents folder"), self
        )
        self.document_printer.setMinimumWidth(WIDE_FIELD)
        self.label_format = self._choice((("PDF", "pdf"), ("ZPL", "zpl")))
        self.label_dpi = self._choice((("203 dpi", 203), ("300 dpi", 300)))
        self.rule = RuleField(self)

        connection = self._group(
            self.tr("Connection"),
            (
                (self.tr("&Environment"), Field.ENVIRONMENT, self.environment),
                (self.tr("API &key"), None, self.api_key),
                (self.tr("Shipping &location"), Field.SHIPPING_LOCATION, self.shipping_location),
            ),
        )
        station = self._group(
            self.tr("Station"),
            (
                (self.tr("Station &name"), Field.STATION_NAME, self.station_name),
                ("", Field.SCAN_TO_PRINT, self.scan_to_print),
                ("", Field.SOUNDS, self.sounds),
                (self.tr("Action &timeout"), Field.ACTION_DEADLINE, self.action_deadline),
                (self.tr("Keep &history"), Field.RETENTION_DAYS, self.retention_days),
            ),
        )
        label_row = QWidget(self)
        label_layout = QHBoxLayout(label_row)
        label_layout.setContentsMargins(0, 0, 0, 0)
        label_layout.addWidget(self.label_printer, 1)
        label_layout.addWidget(self.test_label_button)
        label_row.setFocusProxy(self.label_printer)
        printing = self._group(
            self.tr("Printing"),
            (
                (self.tr("La&bel printer"), Field.LABEL_PRINTER, label_row),
                (self.tr("&Document printer"), Field.DOCUMENT_PRINTER, self.document_printer),
                (self.tr("Label &format"), Field.LABEL_FORMAT, self.label_format),
                (self.tr("Label &resolution"), Field.LABEL_DPI, self.label_dpi),
            ),
        )
        choosing = self._group(
            self.tr("Choosing a service when nobody clicks"),
            ((self.tr("Auto-select r&ule"), Field.RULE, self.rule),),
        )

        self.status = plain_label(wrap=True)
        self.status.hide()
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("Save (Ctrl+S)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel (Esc)"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(connection)
        left.addWidget(station)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(printing)
        right.addWidget(choosing)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def _group(self, title: str, rows: Sequence[tuple[str, Field | None, QWidget]]) -> QGroupBox:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, field, editor in rows:
            shown: QWidget = editor
            if field is not None:
                shown = self.fields[field] = FieldWithMessage(editor, box)
            if caption:
                label = plain_label(caption)
                label.setBuddy(editor)
                form.addRow(label, shown)
            else:
                form.addRow(shown)
        return box

    def _spin(self, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        return spin

    def _choice(self, options: Sequence[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        for text, value in options:
            combo.addItem(text, value)
        return combo

    # --- values in and out -------------------------------------------------------------------

    def _load(self, settings: StationSettings) -> None:
        self.environment.setCurrentIndex(self.environment.findData(settings.environment.value))
        self.api_key.set_environment(settings.environment)
        self.shipping_location.setText(settings.shipping_location_reference or "")
        self.station_name.setText(settings.station_name)
        self.scan_to_print.setChecked(settings.scan_to_print)
        self.sounds.setChecked(settings.sounds)
        self.action_deadline.setValue(round(settings.action_deadline_seconds))
        self.retention_days.setValue(settings.retention_days)
        self.label_printer.set_text(settings.label_printer or "")
        self.document_printer.set_text(settings.document_printer or "")
        self.label_format.setCurrentIndex(self.label_format.findData(settings.label_format))
        self.label_dpi.setCurrentIndex(self.label_dpi.findData(settings.label_dpi))
        self.rule.set_rule(settings.rule)

    def values(self) -> FormValues:
        return FormValues(
            environment=ApiEnvironment(self.environment.currentData()),
            shipping_location=self.shipping_location.text(),
            station_name=self.station_name.text(),
            label_printer=self.label_printer.text(),
            document_printer=self.document_printer.text(),
            label_format=str(self.label_format.currentData()),
            label_dpi=int(self.label_dpi.currentData()),
            rule_kind=self.rule.current_kind(),
            preferences=self.rule.preferences.text(),
            deliver_within_days=self.rule.days.value(),
            scan_to_print=self.scan_to_print.isChecked(),
            sounds=self.sounds.isChecked(),
            action_deadline_seconds=float(self.action_deadline.value()),
            retention_days=self.retention_days.value(),
        )

    # --- validation -------------------------------------------------------------------------

    def _connect_validation(self) -> None:
        self.environment.currentIndexChanged.connect(self._environment_changed)
        for edit in (self.shipping_location, self.station_name):
            edit.textChanged.connect(self.validate)
        for printer in (self.label_printer, self.document_printer):
            printer.edited.connect(self.validate)
        self.rule.changed.connect(self.validate)

    def _environment_changed(self) -> None:
        self.api_key.set_environment(ApiEnvironment(self.environment.currentData()))
        self.validate()

    def validate(self) -> StationSettings | None:
        """Show every field's problem next to it; the new settings when there is none."""
        settings, errors = build_settings(self._settings, self.values())
        self._show_errors(errors)
        return settings

    def _show_errors(self, errors: Errors) -> None:
        for field, holder in self.fields.items():
            holder.set_error(errors.get(field))
        other = errors.get(Field.OTHER)
        if other:
            self._say("error", other)

    def _first_invalid(self) -> QWidget | None:
        for holder in self.fields.values():
            if holder.error:
                return holder.editor
        return None

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        if self._tasks.is_busy(SAVE_TASK):
            return
        settings = self.validate()
        if settings is None:
            self._say("error", self.tr("Not saved: correct the fields marked in red."))
            invalid = self._first_invalid()
            if invalid is not None:
                invalid.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._tasks.run(
            SAVE_TASK,
            lambda: self._write(settings),
            on_success=self._saved,
            on_error=self._save_failed,
            disable=(self.save_button,),
        )

    async def _write(self, settings: StationSettings) -> tuple[StationSettings, str | None]:
        await asyncio.to_thread(save_settings, settings, self._config_dir)
        key_problem = await self.api_key.apply() if self.api_key.has_change() else None
        return settings, key_problem

    def _saved(self, outcome: tuple[StationSettings, str | None]) -> None:
        settings, key_problem = outcome
        self._settings = settings
        self.settings_saved.emit(settings)
        if key_problem:
            self._say(
                "warning",
                self.tr("Settings saved. The API key was not stored: see the message under it."),
            )
            return
        self._say("success", self.tr("Settings saved."))
        self.accept()

    def _save_failed(self, error: BaseException) -> bool:
        if not isinstance(error, OSError):
            return False
        self._say(
            "error",
            self.tr("Not saved: the settings file could not be written ({reason}).").format(
                reason=error.strerror or type(error).__name__
            ),
        )
        return True

    def _say(self, severity: str, text: str) -> None:
        self.status.setText(text)
        set_style_property(self.status, "severity", severity)
        self.status.show()

    # --- test label -------------------------------------------------------------------------

    def request_test_label(self) -> None:
        text = self.label_printer.text()
        problem = printer_target_error(text)
        self.fields[Field.LABEL_PRINTER].set_error(problem)
        if problem:
            return
        default = self._settings.model_copy(update={"label_printer": None})
        self.test_label_requested.emit(text.strip() or default.effective_label_printer)
