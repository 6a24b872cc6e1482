from __future__ import annotations

import shutil
import subprocess
import sys
import wave
from importlib.resources import files
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QFile, QLocale
from PySide6.QtGui import QImage

from packstation.resources import ICON_SIZES, icon_file_name
from packstation.resources.make_sounds import SOUNDS, write_all
from packstation.ui import i18n
from packstation.ui.app_icon import app_icon
from packstation.ui.messages import Severity
from packstation.ui.sounds import Sounds
from packstation.ui.style import apply_style, load_stylesheet

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = files("packstation.resources")


def test_desktop_file_is_valid() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed")
    result = subprocess.run(
        [validator, str(ROOT / "resources" / "packstation.desktop")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_icons_load_in_every_size(qapp) -> None:
    for size in ICON_SIZES:
        image = QImage()
        assert image.loadFromData((RESOURCES / "icons" / icon_file_name(size)).read_bytes())
        assert (image.width(), image.height()) == (size, size)
    assert not app_icon().isNull()
    assert (ROOT / "resources" / "icons" / "packstation.svg").is_file()


def test_sounds_are_short_distinct_and_regenerate_identically(tmp_path) -> None:
    write_all(tmp_path)
    lengths = {}
    for name in SOUNDS:
        packaged = (RESOURCES / "sounds" / f"{name}.wav").read_bytes()
        assert (tmp_path / f"{name}.wav").read_bytes() == packaged
        with wave.open(str(tmp_path / f"{name}.wav")) as sound:
            lengths[name] = sound.getnframes() / sound.getframerate()
    assert lengths["success"] == pytest.approx(0.15, abs=0.01)
    assert lengths["warning"] == pytest.approx(0.26, abs=0.01)
    assert lengths["error"] == pytest.approx(0.3, abs=0.01)


def test_sounds_never_raise_offscreen(qapp) -> None:
    sounds = Sounds(enabled=True)
    for severity in Severity:
        sounds.play(severity)
    sounds.set_enabled(False)
    sounds.play(Severity.ERROR)
    assert not sounds.enabled


def test_stylesheet_loads_and_its_builtin_arrow_images_exist(qapp) -> None:
    sheet = load_stylesheet()
    assert 'role="primary"' in sheet
    assert 'severity="error"' in sheet
    for url in ("arrow-down-16.png", "arrow-up-16.png"):
        assert QFile.exists(f":/qt-project.org/styles/commonstyle/images/{url}")
    before = (qapp.styleSheet(), qapp.palette(), qapp.font())
    apply_style(qapp)
    try:
        assert qapp.styleSheet() == sheet
    finally:  # the rest of the run keeps the platform's look
        sheet_before, palette_before, font_before = before
        qapp.setStyleSheet(sheet_before)
        qapp.setPalette(palette_before)
        qapp.setFont(font_before)


def test_english_needs_no_translation(qapp) -> None:
    assert i18n.install_translator(qapp, QLocale(QLocale.Language.English)) is None
    (german,) = i18n.candidate_names(QLocale("de_AT"))
    assert german.index("de_AT") < german.index("de")


TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
</context>
</TS>
"""


def test_a_compiled_translation_is_installed(qapp, tmp_path, monkeypatch) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    folder = tmp_path / "translations"
    folder.mkdir()
    (folder / "packstation_de.ts").write_text(TS, encoding="utf-8")
    subprocess.run(
        [lrelease, str(folder / "packstation_de.ts"), "-qm", str(folder / "packstation_de.qm")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    monkeypatch.setattr(i18n, "files", lambda package: tmp_path)
    translator = i18n.install_translator(qapp, QLocale("de_DE"))
    try:
        assert translator is not None
        assert QCoreApplication.translate("SettingsDialog", "Settings") == "Einstellungen"
    finally:
        qapp.removeTranslator(translator)
