from __future__ import annotations

from PySide6.QtCore import Qt

from packstation import __version__
from packstation.ui.about_dialog import AboutDialog


def test_the_about_box_shows_the_package_version_as_plain_text(qtbot) -> None:
    dialog = AboutDialog(environment="Demo (built-in sandbox)", data_dir="/tmp/<b>x</b>")
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.version.text() == f"packstation {__version__}"
    assert __version__ != "0.0.0+source"  # the metadata of the installed package is read
    for label in dialog.findChildren(type(dialog.version)):
        assert label.textFormat() is Qt.TextFormat.PlainText
