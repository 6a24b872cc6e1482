"""Install the app's translation (and Qt's own, for standard buttons) for the user's language.

Translations are `packstation/resources/translations/packstation_<lang>.qm`, read through
importlib.resources; see docs/translations.md for how to make one. A missing file is normal:
the source strings are English.
"""

from __future__ import annotations

import logging
from importlib.resources import files

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

TRANSLATION_PREFIX = "packstation_"


class _InMemoryTranslator(QTranslator):
    """QTranslator.load(data) does not copy the bytes: keep them as long as the translator."""

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data

    def load_data(self) -> bool:
        return self.load(self.data)


def candidate_names(locale: QLocale) -> list[str]:
    """'de_AT' -> ['de_AT', 'de'], for each of the user's preferred UI languages, in order."""
    names: list[str] = []
    for language in locale.uiLanguages():
        parts = language.replace("-", "_").split("_")
        for end in range(len(parts), 0, -1):
            name = "_".join(parts[:end])
            if name not in names:
                names.append(name)
    return names


def _load_packaged(name: str, parent: QObject) -> QTranslator | None:
    resource = files("packstation.resources") / "translations" / f"{TRANSLATION_PREFIX}{name}.qm"
    if not resource.is_file():
        return None
    translator = _InMemoryTranslator(resource.read_bytes(), parent)
    if not translator.load_data():
        log.warning("translation %s could not be loaded", resource.name)
        return None
    return translator


def _load_qt_base(locale: QLocale, parent: QObject) -> QTranslator | None:
    translator = QTranslator(parent)
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(locale, "qtbase", "_", directory) else None


def install_translator(app: QApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Installs the best packaged translation for `locale` (default: the system's).

    Returns the app's translator, or None when the strings stay in English.
    """
    locale = locale or QLocale.system()
    for name in candidate_names(locale):
        if name.startswith("en"):
            return None  # the source language
        translator = _load_packaged(name, app)
        if translator is not None:
            qt_base = _load_qt_base(locale, app)
            if qt_base is not None:
                app.installTranslator(qt_base)
            app.installTranslator(translator)
            log.info("user interface language: %s", name)
            return translator
    return None
