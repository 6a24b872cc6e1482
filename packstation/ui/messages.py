"""One message channel for the packer: non-modal, with severity, colour and sound.

Views post here; the main window shows the latest message in its banner and plays the sound.
With `headless=True` (tests, smoke) messages become log lines as well.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class Severity(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


SEVERITY_COLOURS = {
    Severity.INFO: "#1f4e79",
    Severity.SUCCESS: "#1e7b34",
    Severity.WARNING: "#a35c00",
    Severity.ERROR: "#b00020",
}


@dataclass(frozen=True)
class Message:
    severity: Severity
    text: str  # plain words, what happened and what to do next; shown as plain text
    detail: str | None = None
    at: datetime = field(default_factory=datetime.now)


class MessageChannel(QObject):
    posted = Signal(object)  # Message

    def __init__(self, parent: QObject | None = None, *, headless: bool = False) -> None:
        super().__init__(parent)
        self._headless = headless
        self.history: list[Message] = []

    def post(self, severity: Severity, text: str, detail: str | None = None) -> Message:
        message = Message(severity, text, detail)
        self.history.append(message)
        del self.history[:-200]
        if self._headless:
            log.info("[%s] %s", severity.value, text)
        self.posted.emit(message)
        return message

    def info(self, text: str, detail: str | None = None) -> Message:
        return self.post(Severity.INFO, text, detail)

    def success(self, text: str, detail: str | None = None) -> Message:
        return self.post(Severity.SUCCESS, text, detail)

    def warning(self, text: str, detail: str | None = None) -> Message:
        return self.post(Severity.WARNING, text, detail)

    def error(self, text: str, detail: str | None = None) -> Message:
        return self.post(Severity.ERROR, text, detail)

    @property
    def latest(self) -> Message | None:
        return self.history[-1] if self.history else None
