"""Short feedback sounds: success rises, a warning beeps twice, an error buzzes low.

QSoundEffect lives in PySide6.QtMultimedia, which PySide6-Essentials does not ship; when that
module is missing an error still gets the system beep and the other severities stay silent.
Playing never raises and never blocks: a station without a sound card simply stays quiet.
"""

from __future__ import annotations

import importlib
import logging
from contextlib import ExitStack
from importlib.resources import as_file, files
from typing import Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from packstation.ui.messages import Severity

log = logging.getLogger(__name__)

SOUND_FILES = {
    Severity.SUCCESS: "success.wav",
    Severity.WARNING: "warning.wav",
    Severity.ERROR: "error.wav",
}
SILENT_PLATFORMS = frozenset({"offscreen", "minimal"})


def _sound_effect_class() -> Any | None:
    try:
        module = importlib.import_module("PySide6.QtMultimedia")
    except ImportError:
        return None
    return getattr(module, "QSoundEffect", None)


def _platform_is_silent() -> bool:
    return QGuiApplication.platformName() in SILENT_PLATFORMS


class Sounds(QObject):
    def __init__(self, enabled: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._enabled = enabled
        self._silent = _platform_is_silent()
        # as_file only copies when the package is zipped; the stack keeps such copies alive.
        self._files = ExitStack()
        self._effects: dict[Severity, Any] = {} if self._silent else self._load_effects()

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled

    def play(self, severity: Severity) -> None:
        if not self._enabled or self._silent:
            return
        try:
            effect = self._effects.get(severity)
            if effect is not None:
                effect.play()
            elif severity is Severity.ERROR:
                QApplication.beep()
        except Exception:  # a sound is never worth an error dialog
            log.debug("could not play the %s sound", severity.value, exc_info=True)

    def _load_effects(self) -> dict[Severity, Any]:
        effect_class = _sound_effect_class()
        if effect_class is None:
            log.info("QtMultimedia is not installed: only errors make a sound (the system beep)")
            return {}
        effects: dict[Severity, Any] = {}
        folder = files("packstation.resources") / "sounds"
        try:
            for severity, name in SOUND_FILES.items():
                path = self._files.enter_context(as_file(folder / name))
                effect = effect_class(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effects[severity] = effect
        except Exception:
            log.info("sound effects are unavailable", exc_info=True)
            return {}
        return effects
