"""The label as it will come out: every page, at true proportions, rendered off the loop."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from packstation.ui.pdf_pages import PdfRenderer, UnreadablePdfError
from packstation.ui.tasks import TaskRunner
from packstation.ui.widgets.label_page import LabelPage
from packstation.ui.widgets.plain_label import plain_label

PREVIEW_TASK = "label-preview"
PAGE_SPACING = 12
CAPTION_ALLOWANCE = 28


class LabelPreview(QWidget):
    rendered = Signal(int)  # pages shown

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._renderer = PdfRenderer(self)
        self._generation = itertools.count(1)
        self._current = 0
        self.pages: list[LabelPage] = []
        self.title = plain_label(self.tr("Label preview"), bold=True)
        self.status = plain_label(wrap=True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._holder = QWidget()
        self._pages_layout = QVBoxLayout(self._holder)
        self._pages_layout.setSpacing(PAGE_SPACING)
        self._pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._scroll.setWidget(self._holder)
        self._scroll.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self._scroll, 1)
        self.show_placeholder(self.tr("The label appears here once the parcel is booked."))

    # ---- what to show --------------------------------------------------------------------

    def show_placeholder(self, text: str) -> None:
        self._current = next(self._generation)
        self._set_pages([])
        self.status.setText(text)
        self.status.show()

    def show_pdf(self, data: bytes) -> None:
        generation = self._current = next(self._generation)
        self.status.setText(self.tr("Rendering the label…"))
        self.status.show()

        async def render() -> list[QImage]:
            return await self._renderer.render(data)

        def rendered(images: list[QImage]) -> None:
            if generation == self._current:
                self._set_pages(images)
                self.status.hide()
                self.rendered.emit(len(images))

        def failed(error: BaseException) -> bool:
            if not isinstance(error, UnreadablePdfError):
                return False
            if generation == self._current:
                self.show_placeholder(
                    self.tr("This label cannot be previewed; it prints as it came from SortedPRO.")
                )
            return True

        self._tasks.run(
            f"{PREVIEW_TASK}-{generation}", render, on_success=rendered, on_error=failed
        )

    @property
    def page_count(self) -> int:
        return len(self.pages)

    # ---- layout --------------------------------------------------------------------------

    def _set_pages(self, images: list[QImage]) -> None:
        while self._pages_layout.count():
            item = self._pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.pages = []
        total = len(images)
        for number, image in enumerate(images, start=1):
            if total > 1:
                caption = QLabel(
                    self.tr("Page %1 of %2").replace("%1", str(number)).replace("%2", str(total))
                )
                caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self._pages_layout.addWidget(caption)
            page = LabelPage(image)
            self.pages.append(page)
            self._pages_layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
        self._fit_pages()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_pages()
        return super().eventFilter(watched, event)

    def _fit_pages(self) -> None:
        """Each page as large as fits: the full width, or the full height for a single page."""
        if not self.pages:
            return
        viewport = self._scroll.viewport().size()
        margins = self._pages_layout.contentsMargins()
        width = viewport.width() - margins.left() - margins.right()
        height = viewport.height() - margins.top() - margins.bottom() - CAPTION_ALLOWANCE
        for page in self.pages:
            page.fit_width(max(60, min(width, int(height / page.aspect))))
