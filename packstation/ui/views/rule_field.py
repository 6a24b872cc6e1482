"""How a service is chosen when nobody clicks: cheapest, fastest, preferred, or by a deadline."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QSpinBox, QWidget

from packstation.config import RuleSettings
from packstation.ui.widgets.plain_label import plain_label

MAX_DELIVERY_DAYS = 30


class RuleField(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(self)
        for kind, label in (
            ("cheapest", self.tr("Cheapest")),
            ("fastest", self.tr("Fastest")),
            ("preferred", self.tr("Preferred carriers or services, in order")),
            ("deliver_by", self.tr("Cheapest that delivers within")),
        ):
            self.kind.addItem(label, kind)
        self.kind.setAccessibleName(self.tr("Auto-select rule"))
        self.preferences = QLineEdit(self)
        self.preferences.setPlaceholderText(self.tr("e.g. DPD Next Day, Evri, Royal Mail"))
        self.preferences.setAccessibleName(self.tr("Preferred carriers or services"))
        self.days = QSpinBox(self)
        self.days.setRange(0, MAX_DELIVERY_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Deliver within days"))
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind, 0, 0, 1, 2)
        layout.addWidget(plain_label(self.tr("Preference list")), 1, 0)
        layout.addWidget(self.preferences, 1, 1)
        layout.addWidget(plain_label(self.tr("Deliver within")), 2, 0)
        layout.addWidget(self.days, 2, 1)
        layout.setColumnStretch(1, 1)
        self.setFocusProxy(self.kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.preferences.textChanged.connect(self.changed)
        self.days.valueChanged.connect(self.changed)
        self._kind_changed()

    def set_rule(self, rule: RuleSettings) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(rule.kind), 0))
        self.preferences.setText(", ".join(rule.preferences))
        self.days.setValue(rule.deliver_within_days or 0)

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self.preferences.setEnabled(kind == "preferred")
        self.days.setEnabled(kind == "deliver_by")
        self.changed.emit()
