"""The packages of the pack at hand: how many, and each one's weight and size.

Emits `packages_changed` once per finished edit that really changed something, so typing a
weight does not fire a re-quote per keystroke.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from packstation.workflow.domain import PackageSpec

DEFAULT_PACKAGE = PackageSpec(weight_kg=1.0, length_cm=30.0, width_cm=20.0, height_cm=10.0)
MAX_PACKAGES = 20
EDITOR_POINT_SIZE = 13.0
_FIELDS = ("weight_kg", "length_cm", "width_cm", "height_cm")
_LIMITS = {"weight_kg": (0.01, 70.0, 2)}
_SIZE_LIMITS = (1.0, 300.0, 0)


class PackagesEditor(QWidget):
    packages_changed = Signal(object)  # tuple[PackageSpec, ...]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._templates: list[PackageSpec] = [DEFAULT_PACKAGE]
        self._emitted: tuple[PackageSpec, ...] = (DEFAULT_PACKAGE,)
        self._rows: list[dict[str, QDoubleSpinBox]] = []
        self.count = QSpinBox(self)
        self.count.setRange(1, MAX_PACKAGES)
        self.count.setAccessibleName(self.tr("Number of parcels"))
        self._style(self.count)
        self.count.valueChanged.connect(self._count_changed)
        count_row = QHBoxLayout()
        count_row.addWidget(QLabel(self.tr("Parcels:")))
        count_row.addWidget(self.count)
        count_row.addStretch(1)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(6)
        headers = (
            self.tr("#"),
            self.tr("Weight (kg)"),
            self.tr("L (cm)"),
            self.tr("W (cm)"),
            self.tr("H (cm)"),
        )
        for column, text in enumerate(headers):
            self._grid.addWidget(QLabel(text), 0, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(count_row)
        layout.addLayout(self._grid)
        self._rebuild_rows(1)

    # ---- feeding and reading -------------------------------------------------------------

    def set_packages(self, packages: tuple[PackageSpec, ...]) -> None:
        packages = packages or (DEFAULT_PACKAGE,)
        self._templates = list(packages)
        self._emitted = packages
        self.count.blockSignals(True)
        self.count.setValue(len(packages))
        self.count.blockSignals(False)
        self._rebuild_rows(len(packages))
        for row, package in zip(self._rows, packages, strict=True):
            for name, box in row.items():
                box.blockSignals(True)
                box.setValue(float(getattr(package, name)))
                box.blockSignals(False)

    def packages(self) -> tuple[PackageSpec, ...]:
        result = []
        for index, row in enumerate(self._rows):
            template = self._templates[min(index, len(self._templates) - 1)]
            result.append(
                replace(
                    template,
                    weight_kg=row["weight_kg"].value(),
                    length_cm=row["length_cm"].value(),
                    width_cm=row["width_cm"].value(),
                    height_cm=row["height_cm"].value(),
                )
            )
        return tuple(result)

    def set_editable(self, editable: bool) -> None:
        self.count.setEnabled(editable)
        for row in self._rows:
            for box in row.values():
                box.setEnabled(editable)

    # ---- internals -----------------------------------------------------------------------

    def _count_changed(self, count: int) -> None:
        current = self.packages()
        last = current[-1]
        grown = current[:count] + tuple(last for _ in range(count - len(current)))
        self._templates = list(grown)
        self._rebuild_rows(count)
        for row, package in zip(self._rows, grown, strict=True):
            for name, box in row.items():
                box.blockSignals(True)
                box.setValue(float(getattr(package, name)))
                box.blockSignals(False)
        self._edited()

    def _rebuild_rows(self, count: int) -> None:
        while len(self._rows) > count:
            row = self._rows.pop()
            number = self._grid.itemAtPosition(len(self._rows) + 1, 0)
            label = number.widget() if number is not None else None
            for widget in (*row.values(), label):
                if widget is not None:
                    self._grid.removeWidget(widget)
                    widget.hide()
                    widget.deleteLater()
        while len(self._rows) < count:
            grid_row = len(self._rows) + 1
            self._grid.addWidget(QLabel(str(grid_row)), grid_row, 0)
            boxes = {}
            for column, name in enumerate(_FIELDS, start=1):
                box = self._spin_box(name)
                self._grid.addWidget(box, grid_row, column)
                boxes[name] = box
            self._rows.append(boxes)

    def _spin_box(self, name: str) -> QDoubleSpinBox:
        low, high, decimals = _LIMITS.get(name, _SIZE_LIMITS)
        box = QDoubleSpinBox(self)
        box.setRange(low, high)
        box.setDecimals(decimals)
        box.setKeyboardTracking(False)
        self._style(box)
        box.editingFinished.connect(self._edited)
        return box

    def _style(self, box: QAbstractSpinBox) -> None:
        font = box.font()
        font.setPointSizeF(EDITOR_POINT_SIZE)
        box.setFont(font)
        box.setMinimumWidth(64)

    def _edited(self) -> None:
        packages = self.packages()
        if packages != self._emitted:
            self._emitted = packages
            self.packages_changed.emit(packages)
