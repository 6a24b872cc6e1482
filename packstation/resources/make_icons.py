"""Render the app icon's PNG sizes from the SVG source at the repository top.

    python -m packstation.resources.make_icons

A developer tool: the installed app only reads the PNGs it produces.
"""

from __future__ import annotations

import sys
from importlib.resources import as_file, files
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from packstation.resources import ICON_SIZES, icon_file_name

SOURCE_SVG = Path(__file__).resolve().parents[2] / "resources" / "icons" / "packstation.svg"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE_SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE_SVG}")
    with as_file(files("packstation.resources") / "icons") as folder:
        for size in ICON_SIZES:
            render(renderer, size).save(str(folder / icon_file_name(size)))
    del app


if __name__ == "__main__":
    main()
