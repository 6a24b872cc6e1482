"""A question asked in place, without a modal dialog: numbered answers, Esc to leave it.

Used where the station needs a word from the packer in the middle of the work (why reprint?
really cancel?) while the event loop keeps running.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from packstation.ui.widgets.plain_label import plain_label

_NUMBER_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class InlineChoice(QFrame):
    chosen = Signal(str, str)  # topic, answer
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineChoice")
        self.setStyleSheet(
            "#inlineChoice { background: #fff4e0; border: 2px solid #a35c00; border-radius: 4px; }"
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.question = plain_label(point_size=13, bold=True, wrap=True)
        self._buttons_row = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(self._buttons_row)
        self.topic = ""
        self.answers: list[str] = []
        self.hide()

    def ask(self, topic: str, question: str, answers: list[str], dismiss_text: str) -> None:
        self.topic = topic
        self.answers = list(answers)
        self.question.setText(question)
        while self._buttons_row.count():
            item = self._buttons_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for number, answer in enumerate(self.answers, start=1):
            button = QPushButton(f"{number}  {answer}".replace("&", "&&"), self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, a=answer: self._choose(a))
            self._buttons_row.addWidget(button)
        leave = QPushButton(f"{dismiss_text} (Esc)".replace("&", "&&"), self)
        leave.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        leave.clicked.connect(self.dismiss)
        self._buttons_row.addWidget(leave)
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in _NUMBER_KEYS and _NUMBER_KEYS[Qt.Key(key)] <= len(self.answers):
            self._choose(self.answers[_NUMBER_KEYS[Qt.Key(key)] - 1])
            return
        if key == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)

    def _choose(self, answer: str) -> None:
        self.hide()
        self.chosen.emit(self.topic, answer)
