"""The crash dialog: non-modal, with a copyable report and the reassurance that the pack is safe.

Shown with `show()`, never `exec()`, so the event loop (and any pack in flight) keeps running.
Further crashes while it is open are appended to the same report.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from packstation.ui.crash_report import crash_report
from packstation.ui.widgets.plain_label import plain_label

SEPARATOR = "\n\n" + "-" * 60 + "\n\n"


class CrashDialog(QDialog):
    def __init__(self, redact: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._redact = redact
        self.setWindowTitle(self.tr("packstation hit a problem"))
        self.setModal(False)
        self.resize(760, 480)
        self.explanation = plain_label(
            self.tr(
                "Something unexpected went wrong inside packstation. The pack is safe in the "
                "journal: scan the order again to carry on where it stopped. If this happens "
                "again, press Copy report and send it to your support contact (it holds no API "
                "key and no customer details)."
            ),
            point_size=13,
            wrap=True,
        )
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setFont(QFont("DejaVu Sans Mono", 9))
        copy = QPushButton(self.tr("Copy report"), self)
        copy.clicked.connect(self.copy_report)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(copy)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)

    def add_error(self, error: BaseException, context: str = "") -> None:
        text = crash_report(error, self._redact, context)
        existing = self.report.toPlainText()
        self.report.setPlainText(existing + SEPARATOR + text if existing else text)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
