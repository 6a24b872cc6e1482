"""About packstation: the version (the one from the package metadata), the connection, the data."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from packstation import __version__


class AboutDialog(QDialog):
    """Non-modal: open() it, never exec() it."""

    def __init__(self, *, environment: str, data_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About packstation"))
        title = QLabel(self.tr("packstation %1").replace("%1", __version__))
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setPointSize(18)
        font.setBold(True)
        title.setFont(font)
        self.version = title
        details = QLabel(
            self.tr(
                "Packing station for the SortedPRO shipping API.\n\n"
                "Connected to: %1\nJournal and labels: %2\n\n"
                "Python %3 · Qt for Python %4"
            )
            .replace("%1", environment)
            .replace("%2", data_dir)
            .replace("%3", platform.python_version())
            .replace("%4", pyside_version)
        )
        details.setTextFormat(Qt.TextFormat.PlainText)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(details)
        layout.addWidget(buttons)
