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
SOURCE_LANGUAGE = "en"


class _InMemoryTranslator(QTranslator):
    """QTranslator.load(data) does not copy the bytes: keep them as long as the translator."""

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data

    def load_data(self) -> bool:
        return self.load(self.data)


def candidate_names(locale: QLocale) -> list[list[str]]:
    """Per preferred UI language, in order: its names, most specific first, then fallbacks.

    ['de-AT', 'de', 'en-GB'] -> [['de_AT', 'de'], ['en_GB', 'en']]: a regional translation wins
    over the plain language one, and English (the source) ends the search.
    """
    by_language: dict[str, list[str]] = {}
    for language in locale.uiLanguages():
        name = language.replace("-", "_")
        by_language.setdefault(name.split("_")[0], []).append(name)
    groups = []
    for names in by_language.values():
        ordered: list[str] = []
        for name in names + [shorter for n in names for shorter in _shorter(n)]:
            if name not in ordered:
                ordered.append(name)
        groups.append(ordered)
    return groups


def _shorter(name: str) -> list[str]:
    parts = name.split("_")
    return ["_".join(parts[:end]) for end in range(len(parts) - 1, 0, -1)]


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
    for names in candidate_names(locale):
        if names[0].startswith(SOURCE_LANGUAGE):
            return None
        for name in names:
            translator = _load_packaged(name, app)
            if translator is not None:
                qt_base = _load_qt_base(locale, app)
                if qt_base is not None:
                    app.installTranslator(qt_base)
                app.installTranslator(translator)
                log.info("user interface language: %s", name)
                return translator
    return None
