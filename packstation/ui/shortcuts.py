"""Every keyboard shortcut of the window, and how a button shows its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Keys:
    sequence: str  # as QKeySequence reads it; empty for keys handled by a widget itself
    shown: str  # as the button says it


BOOK_KEYS = Keys("", "Enter")  # the scan field and the options table handle Enter
BOOK_ANYWAY_KEYS = Keys("Ctrl+Return", "Ctrl+Enter")
PRINT_KEYS = Keys("F4", "F4")
REPRINT_KEYS = Keys("F5", "F5")
CANCEL_PARCEL_KEYS = Keys("Ctrl+Del", "Ctrl+Del")
RETRY_KEYS = Keys("Ctrl+R", "Ctrl+R")
ABANDON_KEYS = Keys("Esc", "Esc")
PACKING_KEYS = Keys("F2", "F2")
PARKED_KEYS = Keys("F7", "F7")
DAY_CLOSE_KEYS = Keys("F9", "F9")
SETTINGS_KEYS = Keys("Ctrl+,", "Ctrl+,")
ABOUT_KEYS = Keys("F1", "F1")
OPTION_KEYS = tuple(Keys(f"Alt+{n}", f"Alt+{n}") for n in range(1, 10))


def with_shortcut(text: str, keys: Keys) -> str:
    """Button text with its key, e.g. "Reprint (F5)"; "&" doubled so Qt shows it literally."""
    shown = QCoreApplication.translate("Shortcuts", keys.shown)
    return f"{text.replace('&', '&&')} ({shown})"


def bind(parent: QWidget, keys: Keys, handler: Callable[[], None]) -> QShortcut:
    """A window-wide shortcut that does not auto-repeat: a held key is one press."""
    shortcut = QShortcut(QKeySequence(keys.sequence), parent)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.setAutoRepeat(False)
    shortcut.activated.connect(handler)
    return shortcut
