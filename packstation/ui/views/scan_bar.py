"""The one large scan field. Scanners type like a keyboard and end with Enter.

Enter with text is a scan; Enter on an empty field confirms the highlighted option (the packer's
hands are full, so the field stays the one place the keyboard talks to). Up and Down move the
option highlight without leaving the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from packstation.workflow.scan import MAX_SCAN_LENGTH

SCAN_POINT_SIZE = 30.0


class ScanField(QLineEdit):
    scanned = Signal(str)
    confirm_requested = Signal()  # Enter on an empty field
    move_requested = Signal(int)  # -1 up, +1 down

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.isAutoRepeat():
                return  # a held Enter is one Enter
            text = self.text()
            if text.strip():
                self.scanned.emit(text)
            elif event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self.confirm_requested.emit()
            else:
                super().keyPressEvent(event)  # Ctrl+Enter etc.: leave to the shortcuts
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)


class ScanBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = ScanField(self)
        self.field.setObjectName("scanField")
        self.field.setProperty("role", "scan")  # the shared stylesheet's big scan field
        self.field.setPlaceholderText(self.tr("Scan an order, consignment or tracking number"))
        self.field.setMaxLength(MAX_SCAN_LENGTH * 4)
        self.field.setClearButtonEnabled(True)
        font = self.field.font()
        font.setPointSizeF(SCAN_POINT_SIZE)
        self.field.setFont(font)
        self.field.setMinimumHeight(76)
        self.field.setAccessibleName(self.tr("Scan field"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)

    def take_focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def accepted(self) -> None:
        """The scan was understood: clear the field for the next one."""
        self.field.clear()
        self.take_focus()

    def rejected(self) -> None:
        """Keep the garbled text visible but selected, so the next scan replaces it."""
        self.take_focus()
        self.field.selectAll()
