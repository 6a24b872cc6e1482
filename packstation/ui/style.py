"""The app's look: the Fusion style (the same on every platform) plus the packaged stylesheet."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

STYLESHEET_RESOURCE = "style.qss"
BASE_STYLE = "Fusion"
BASE_POINT_SIZE = 12.0  # readable from a step back at a packing bench
FOCUS_BLUE = "#0b57d0"  # Fusion draws focus frames and selections in the highlight colour


def load_stylesheet() -> str:
    return (files("packstation.resources") / STYLESHEET_RESOURCE).read_text(encoding="utf-8")


def apply_style(app: QApplication) -> None:
    app.setStyle(BASE_STYLE)
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), BASE_POINT_SIZE))
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(FOCUS_BLUE))
    app.setPalette(palette)
    app.setStyleSheet(load_stylesheet())


def set_style_property(widget: QWidget, name: str, value: str | None) -> None:
    """Set a property the stylesheet selects on (role, severity) and re-polish so it shows now."""
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
