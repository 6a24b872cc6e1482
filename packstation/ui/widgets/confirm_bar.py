"""An inline confirmation for an action that cannot be undone: no modal dialog, no nested loop.

The bar says what will happen; the action only runs from its confirm button. Esc dismisses it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from packstation.ui.widgets.plain_label import plain_label


class ConfirmBar(QFrame):
    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("severity", "warning")
        self.message = plain_label(wrap=True)
        self.message.setAccessibleName(self.tr("Confirmation"))
        self.confirm_button = QPushButton(self)
        self.confirm_button.setProperty("role", "danger")
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"), self)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.confirm_button)
        layout.addWidget(self.cancel_button)
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.dismiss)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.dismiss)
        self.hide()

    def ask(self, message: str, confirm_text: str) -> None:
        """Show the question with focus on the confirm button: Space confirms, Esc backs out."""
        self.message.setText(message)
        self.confirm_button.setText(confirm_text.replace("&", "&&"))
        self.show()
        self.confirm_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.cancelled.emit()

    def _confirm(self) -> None:
        if self.isVisible():
            self.hide()
            self.confirmed.emit()
