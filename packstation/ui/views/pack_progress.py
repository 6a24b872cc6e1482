"""The steps of the pack as they happen, a spinner with the elapsed time once an action takes
longer than half a second, and Retry when an action failed or the pack was parked."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from packstation.ui.shortcuts import RETRY_KEYS, with_shortcut
from packstation.ui.widgets.plain_label import plain_label
from packstation.workflow.progress import PackStep

SPINNER_DELAY_SECONDS = 0.5
SPINNER_REFRESH_MILLISECONDS = 100
# The strip repaints at most this often: a pack's steps can follow each other within a few
# milliseconds, and painting each one held up the pack itself (docs/performance.md). A change
# after a quiet spell shows at once; the ones right behind it show together.
STEP_REPAINT_INTERVAL_MILLISECONDS = 100
SHOWN_STEPS = (
    PackStep.LOOKUP,
    PackStep.QUOTE,
    PackStep.RECONCILE,
    PackStep.SELECT,
    PackStep.LABEL,
    PackStep.PRINT,
)


class StepState(StrEnum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    FAILED = "failed"


_MARKS = {
    StepState.PENDING: "○",
    StepState.CURRENT: "●",
    StepState.DONE: "✔",
    StepState.FAILED: "✖",
}
# (text colour, bold). Set as palette and font, not a style sheet: a label's style sheet costs
# a re-polish each time, several times per pack (py-spy, docs/performance.md).
_LOOKS = {
    StepState.PENDING: ("#8a8a8a", False),
    StepState.CURRENT: ("#1f4e79", True),
    StepState.DONE: ("#1e7b34", False),
    StepState.FAILED: ("#b00020", True),
}


# The strip is one line across the centre column: a word per step.
_SHORT_NAMES = {
    PackStep.LOOKUP: "Order",
    PackStep.QUOTE: "Options",
    PackStep.RECONCILE: "Check",
    PackStep.SELECT: "Book",
    PackStep.LABEL: "Label",
    PackStep.PRINT: "Print",
    PackStep.DONE: "Done",
}


def step_text(step: PackStep) -> str:
    return QCoreApplication.translate("PackStep", step.value)


def short_step_text(step: PackStep) -> str:
    return QCoreApplication.translate("PackStep", _SHORT_NAMES[step])


class PackProgress(QWidget):
    retry_requested = Signal()

    def __init__(self, elapsed: Callable[[], float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._elapsed = elapsed
        self.states: dict[PackStep, StepState] = {}
        self._labels: dict[PackStep, QLabel] = {}
        strip = QHBoxLayout()
        strip.setSpacing(14)
        for step in SHOWN_STEPS:
            label = QLabel(self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self._labels[step] = label
            strip.addWidget(label)
        strip.addStretch(1)
        self._spinner = QProgressBar(self)
        self._spinner.setRange(0, 0)
        self._spinner.setMaximumWidth(120)
        self._spinner.setTextVisible(False)
        self.busy_text = plain_label(wrap=True)
        self.parked_reason = plain_label(wrap=True)
        self.parked_reason.setStyleSheet("color: #b00020;")
        self.retry = QPushButton(with_shortcut(self.tr("Retry"), RETRY_KEYS), self)
        self.retry.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.retry.clicked.connect(self.retry_requested)
        busy_row = QHBoxLayout()
        busy_row.addWidget(self._spinner)
        busy_row.addWidget(self.busy_text, 1)
        retry_row = QHBoxLayout()
        retry_row.addWidget(self.parked_reason, 1)
        retry_row.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(strip)
        layout.addLayout(busy_row)
        layout.addLayout(retry_row)
        self._busy_step: PackStep | None = None
        self._refresh = QTimer(self)
        self._refresh.setInterval(SPINNER_REFRESH_MILLISECONDS)
        self._refresh.timeout.connect(self._show_elapsed)
        self._unshown: set[PackStep] = set()
        self._last_shown = QElapsedTimer()
        self._show_later = QTimer(self)
        self._show_later.setSingleShot(True)
        self._show_later.timeout.connect(self._show_steps)
        self.reset()

    # ---- steps ---------------------------------------------------------------------------

    def reset(self) -> None:
        for step in SHOWN_STEPS:
            self._set(step, StepState.PENDING)
        self._labels[PackStep.RECONCILE].hide()
        self.set_busy(False)
        self.hide_retry()

    def step_started(self, step: PackStep) -> None:
        for other, state in self.states.items():
            if state is StepState.CURRENT:
                self._set(other, StepState.DONE)
        if step is PackStep.DONE:
            return
        if step is PackStep.RECONCILE:
            self._labels[step].show()
        self._set(step, StepState.CURRENT)
        self._busy_step = step

    def mark_done_through(self, last: PackStep) -> None:
        """Show a pack that is already at `last` (a resumed or looked-up pack) as done so far."""
        for step in SHOWN_STEPS:
            if step is not PackStep.RECONCILE:
                self._set(step, StepState.DONE)
            if step is last:
                break

    def failed(self) -> None:
        for step, state in self.states.items():
            if state is StepState.CURRENT:
                self._set(step, StepState.FAILED)

    def _set(self, step: PackStep, state: StepState) -> None:
        if self.states.get(step) is state:
            return
        self.states[step] = state
        self._unshown.add(step)
        if self._show_later.isActive():
            return
        since = self._last_shown.elapsed() if self._last_shown.isValid() else None
        if since is None or since >= STEP_REPAINT_INTERVAL_MILLISECONDS:
            # Shown on the loop's next turn, so the steps set in this one are painted together.
            self._show_later.start(0)
        else:
            self._show_later.start(STEP_REPAINT_INTERVAL_MILLISECONDS - since)

    def _show_steps(self) -> None:
        for step in sorted(self._unshown, key=SHOWN_STEPS.index):
            state = self.states[step]
            label = self._labels[step]
            label.setText(f"{_MARKS[state]} {short_step_text(step)}")
            colour, bold = _LOOKS[state]
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
            label.setPalette(palette)
            font = label.font()
            font.setBold(bold)
            label.setFont(font)
        self._unshown.clear()
        self._last_shown.start()

    # ---- busy and retry ------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        if busy:
            self._refresh.start()
        else:
            self._refresh.stop()
            self._busy_step = None
        self._spinner.hide()
        self.busy_text.hide()

    def _show_elapsed(self) -> None:
        seconds = self._elapsed()
        if seconds < SPINNER_DELAY_SECONDS:
            return
        what = step_text(self._busy_step) if self._busy_step else self.tr("Working")
        self.busy_text.setText(
            self.tr("%1… %2 s   (Esc: stop waiting; the order is parked safely)")
            .replace("%1", what)
            .replace("%2", f"{seconds:.1f}")
        )
        self._spinner.show()
        self.busy_text.show()

    def offer_retry(self, reason: str) -> None:
        self.parked_reason.setText(reason)
        self.parked_reason.show()
        self.retry.show()

    def hide_retry(self) -> None:
        self.parked_reason.hide()
        self.retry.hide()
