"""The non-modal message banner: the latest message from the channel, coloured by severity,
with its sound. Plain text only: messages often quote SortedPRO's own words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from packstation.ui.messages import SEVERITY_COLOURS, Message, MessageChannel, Severity
from packstation.ui.sound_player import SoundPlayer
from packstation.ui.style import set_style_property
from packstation.ui.widgets.plain_label import plain_label

BANNER_POINT_SIZE = 15.0
SEVERITY_SYMBOLS = {
    Severity.INFO: "i",
    Severity.SUCCESS: "✔",
    Severity.WARNING: "!",
    Severity.ERROR: "✖",
}
AUDIBLE = frozenset({Severity.SUCCESS, Severity.WARNING, Severity.ERROR})


class MessageBanner(QFrame):
    def __init__(
        self, channel: MessageChannel, sounds: SoundPlayer, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self._sounds = sounds
        self._symbol = QLabel(self)
        self._symbol.setTextFormat(Qt.TextFormat.PlainText)
        self._symbol.setFixedWidth(36)
        self._symbol.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text_label = plain_label(point_size=BANNER_POINT_SIZE, wrap=True, selectable=True)
        self.detail_label = plain_label(wrap=True, selectable=True)
        self.detail_label.hide()
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.text_label)
        texts.addWidget(self.detail_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self._symbol)
        layout.addLayout(texts, 1)
        symbol_font = self._symbol.font()
        symbol_font.setPointSizeF(BANNER_POINT_SIZE + 4)
        symbol_font.setBold(True)
        self._symbol.setFont(symbol_font)
        self.severity: Severity | None = None
        # Room for two lines, so a longer message does not push the whole window down.
        self.setMinimumHeight(round(self.text_label.fontMetrics().lineSpacing() * 2 + 20))
        self._paint(Severity.INFO)
        self.text_label.setText(self.tr("Ready."))
        channel.posted.connect(self.show_message)

    def show_message(self, message: Message) -> None:
        self.severity = message.severity
        self._paint(message.severity)
        self.text_label.setText(message.text)
        self.detail_label.setText(message.detail or "")
        self.detail_label.setVisible(bool(message.detail))
        if message.severity in AUDIBLE:
            self._sounds.play(message.severity)

    def _paint(self, severity: Severity) -> None:
        self._symbol.setText(SEVERITY_SYMBOLS[severity])
        self._symbol.setStyleSheet(f"color: {SEVERITY_COLOURS[severity]};")
        set_style_property(self, "severity", severity.value)
