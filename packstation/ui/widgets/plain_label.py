"""QLabel that never interprets its text as HTML: API text and user input are shown as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(
    text: str = "",
    *,
    point_size: float | None = None,
    bold: bool = False,
    wrap: bool = False,
    selectable: bool = False,
) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if point_size is not None or bold:
        font = label.font()
        if point_size is not None:
            font.setPointSizeF(point_size)
        font.setBold(bold)
        label.setFont(font)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
