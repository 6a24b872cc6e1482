"""One rendered label page, drawn at its own proportions (4x6 in for a label) on white."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BORDER_COLOUR = QColor("#9a9a9a")


class LabelPage(QWidget):
    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    @property
    def aspect(self) -> float:
        """Height over width: 1.5 for a 4x6 in label."""
        if self.image.width() == 0:
            return 1.5
        return self.image.height() / self.image.width()

    def fit_width(self, width: int) -> None:
        self.setFixedSize(QSize(width, round(width * self.aspect)))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = QRect(0, 0, self.width() - 1, self.height() - 1)
        painter.fillRect(target, Qt.GlobalColor.white)
        painter.drawImage(target, self.image)
        painter.setPen(BORDER_COLOUR)
        painter.drawRect(target)
        painter.end()
