"""What the window needs from the sounds: one short sound per severity."""

from __future__ import annotations

from typing import Protocol

from packstation.ui.messages import Severity


class SoundPlayer(Protocol):
    def play(self, severity: Severity) -> None: ...


class SilentSounds:
    """For tests and the smoke check, and wherever audio is unavailable."""

    def __init__(self) -> None:
        self.played: list[Severity] = []

    def play(self, severity: Severity) -> None:
        self.played.append(severity)
