"""The window icon, in every packaged size, read through importlib.resources."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QIcon, QPixmap

from packstation.resources import ICON_SIZES, icon_file_name


def app_icon() -> QIcon:
    icon = QIcon()
    folder = files("packstation.resources") / "icons"
    for size in ICON_SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData((folder / icon_file_name(size)).read_bytes()):
            icon.addPixmap(pixmap)
    return icon
