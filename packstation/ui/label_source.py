"""Which label bytes the preview shows for a pack: the archived PDF, or, on a ZPL station, the
same consignment's label fetched as PDF (ZPL cannot be drawn on screen)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from packstation.ui.tasks import TaskRunner
from packstation.ui.views.label_preview import LabelPreview
from packstation.workflow.packing import LABEL_DOCUMENT, PackingService, PackView
from packstation.workflow.shipping_api import ShippingError
from packstation.workflow.states import DONE_STATES, PackState

LABEL_SOURCE_TASK = "label-source"
STATES_WITH_LABEL = DONE_STATES | {PackState.LABEL_FETCHED, PackState.PRINT_FAILED}


class LabelSource(QObject):
    def __init__(
        self, packing: PackingService, tasks: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._packing = packing
        self._tasks = tasks
        self._shown: tuple[str, int] | None = None  # (pack_id, label document id)

    def forget(self) -> None:
        self._shown = None

    def show_label_of(self, view: PackView, preview: LabelPreview) -> None:
        record = view.record
        has_label = record.state in STATES_WITH_LABEL or (
            record.state is PackState.PARKED and record.parked_from in STATES_WITH_LABEL
        )
        if not has_label:
            self._shown = None
            preview.show_placeholder(
                self.tr("The label appears here once the parcel is booked.")
                if record.state is not PackState.CANCELLED
                else self.tr("This parcel is cancelled: its label must not be used.")
            )
            return
        pack_id = record.pack_id

        async def label_bytes() -> tuple[int, bytes | None]:
            documents = await self._packing.journal.documents(pack_id, LABEL_DOCUMENT)
            latest = next((d for d in reversed(documents) if d.data is not None), None)
            if latest is None:
                return -1, None
            if (pack_id, latest.document_id) == self._shown:
                return latest.document_id, b""  # already on screen
            if latest.format == "pdf":
                return latest.document_id, latest.data
            return latest.document_id, await self._packing.preview_pdf(pack_id)

        def loaded(result: tuple[int, bytes | None]) -> None:
            document_id, data = result
            if data == b"":
                return
            if data is None:
                preview.show_placeholder(self.tr("No label is archived for this parcel."))
                self._shown = None
                return
            self._shown = (pack_id, document_id)
            preview.show_pdf(data)

        def failed(error: BaseException) -> bool:
            if not isinstance(error, ShippingError):
                return False
            preview.show_placeholder(
                self.tr("The label preview could not be fetched; printing is not affected.")
            )
            return True

        self._tasks.run(
            f"{LABEL_SOURCE_TASK}-{pack_id}", label_bytes, on_success=loaded, on_error=failed
        )
