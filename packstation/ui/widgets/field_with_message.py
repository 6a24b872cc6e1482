"""A form field with its validation message right underneath, in red plain text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from packstation.ui.widgets.plain_label import plain_label


class FieldWithMessage(QWidget):
    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error_label: QLabel = plain_label(wrap=True)
        self.error_label.setProperty("role", "fieldError")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error_label)

    @property
    def error(self) -> str | None:
        return self.error_label.text() or None

    def set_error(self, message: str | None) -> None:
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        self.editor.setAccessibleDescription(message or "")
