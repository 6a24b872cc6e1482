"""The SortedPRO API key: typed once, kept in the OS keyring, afterwards only ever shown masked.

Keyring calls can block (a locked keyring waits for its unlock prompt), so they run in a worker
thread. A typed key leaves the edit line as soon as it is handed to the keyring.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from packstation.api_key_store import (
    KeyringUnavailableError,
    forget_api_key,
    load_api_key,
    masked,
    store_api_key,
)
from packstation.config import ApiEnvironment
from packstation.ui.tasks import TaskRunner
from packstation.ui.widgets.field_with_message import FieldWithMessage

LOAD_KEY_TASK = "settings-load-api-key"


class ApiKeyField(FieldWithMessage):
    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        row = QWidget()
        super().__init__(row, parent)
        self._tasks = tasks
        self._environment = ApiEnvironment.DEMO
        self._stored: str | None = None
        self._forget = False
        self.edit = QLineEdit(row)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(self.tr("API key"))
        self.forget_button = QPushButton(self.tr("Forget ke&y"), row)
        self.forget_button.clicked.connect(self._forget_clicked)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.forget_button)
        row.setFocusProxy(self.edit)

    @property
    def environment(self) -> ApiEnvironment:
        return self._environment

    def set_environment(self, environment: ApiEnvironment) -> None:
        self._environment = environment
        self._stored = None
        self._forget = False
        self.edit.clear()
        self.set_error(None)
        if environment is ApiEnvironment.DEMO:
            self._set_usable(False)
            self.edit.setPlaceholderText(self.tr("Not needed for the demo sandbox"))
            return
        self._set_usable(True)
        self.forget_button.setEnabled(False)
        self.edit.setPlaceholderText(self.tr("Checking the keyring…"))
        self._load()

    def has_change(self) -> bool:
        return bool(self.edit.text().strip()) or self._forget

    async def apply(self) -> str | None:
        """Store a typed key or forget the stored one. Returns why it failed, or None."""
        environment = self._environment
        typed = self.edit.text().strip()
        self.edit.clear()
        try:
            if typed:
                await asyncio.to_thread(store_api_key, environment, typed)
                self._stored = typed
            elif self._forget:
                await asyncio.to_thread(forget_api_key, environment)
                self._stored = None
        except KeyringUnavailableError as error:
            self.set_error(str(error))
            return str(error)
        finally:
            self._forget = False
        self._show_stored()
        return None

    # --- loading what is stored ---------------------------------------------------------------

    def _load(self) -> None:
        environment = self._environment
        self._tasks.run(
            LOAD_KEY_TASK,
            lambda: asyncio.to_thread(load_api_key, environment),
            on_success=lambda key: self._loaded(environment, key),
            on_error=lambda error: self._load_failed(environment, error),
        )

    def _loaded(self, environment: ApiEnvironment, key: str | None) -> None:
        if environment is not self._environment:
            # The environment changed while the keyring answered; the task key is still
            # busy until this callback returns, so ask again from the next loop turn.
            QTimer.singleShot(0, self._load)
            return
        self._stored = key
        self._show_stored()

    def _load_failed(self, environment: ApiEnvironment, error: BaseException) -> bool:
        if not isinstance(error, KeyringUnavailableError):
            return False
        if environment is self._environment:
            self.set_error(str(error))
            self.edit.setPlaceholderText(self.tr("Cannot be stored on this computer"))
            self._set_usable(False)
        return True

    # --- showing it -------------------------------------------------------------------------

    def _show_stored(self) -> None:
        if self._stored:
            self.edit.setPlaceholderText(
                self.tr("{masked} stored").format(masked=masked(self._stored))
            )
            self.edit.setToolTip(self.tr("Type a new key to replace the stored one."))
        else:
            self.edit.setPlaceholderText(self.tr("Not set: paste the API key here"))
            self.edit.setToolTip("")
        self.forget_button.setEnabled(bool(self._stored) and self.edit.isEnabled())

    def _forget_clicked(self) -> None:
        self._forget = True
        self.edit.clear()
        self.edit.setPlaceholderText(self.tr("Will be forgotten when you save"))
        self.forget_button.setEnabled(False)

    def _set_usable(self, usable: bool) -> None:
        self.edit.setEnabled(usable)
        self.forget_button.setEnabled(usable)
