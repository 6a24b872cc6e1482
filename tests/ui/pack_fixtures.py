"""A packing bench on the fake SortedPRO and printer: the real PackingService and journal, in
memory, behind the window's own views."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Coroutine
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from packstation.config import StationSettings
from packstation.ui.messages import MessageChannel
from packstation.ui.station import Station
from packstation.ui.tasks import TaskRunner
from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.day_close import DayClose
from packstation.workflow.domain import OptionSummary
from packstation.workflow.packing import PackingService, WorkflowSettings
from packstation.workflow.shipping_api import LabelFile
from tests.unit.workflow.fakes import (
    NOW,
    FakeConsignment,
    FakePrinterFactory,
    FakeShippingApi,
    make_order,
)

T = TypeVar("T")
ORDER = "EO-000-001-AAA"
SECOND_ORDER = "EO-000-001-BBB"
LABEL_PRINTER = "fake:label"
# Qt warnings fail the window's tests, except the offscreen platform's notes on what it lacks.

OFFSCREEN_NOTES = r"This plugin does not support"


def run(qtbot: Any, coroutine: Coroutine[Any, Any, T], timeout_ms: int = 10_000) -> T:
    """Run a coroutine on the qasync loop from a sync test."""
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=timeout_ms)
    return task.result()


def label_pdf(pages: int) -> bytes:
    """A real 4x6 inch PDF with one page per parcel."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(4 * inch, 6 * inch))
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica-Bold", 28)
        canvas.drawString(0.5 * inch, 5 * inch, f"Parcel {page} of {pages}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class LabelledFakeApi(FakeShippingApi):
    """The workflow's fake SortedPRO, with labels the preview can really draw and tracking
    numbers as long as a carrier's (a scanner reads them as tracking numbers)."""

    def _create(self, client_reference: str) -> FakeConsignment:
        consignment = super()._create(client_reference)
        consignment.tracking = (f"JD0000{consignment.reference[-3:]}00GB",)
        return consignment

    async def get_label(self, consignment_reference: str, label_format: str, dpi: int) -> LabelFile:
        label = await super().get_label(consignment_reference, label_format, dpi)
        if label_format == "pdf":
            return replace(label, data=label_pdf(1))
        return label


@dataclass
class Bench:
    api: LabelledFakeApi
    printers: FakePrinterFactory
    journal: AsyncJournal
    packing: PackingService
    station: Station
    messages: MessageChannel
    tasks: TaskRunner


async def open_bench(
    directory: Path, *, scan_to_print: bool = False, deadline_seconds: float = 30.0
) -> Bench:
    api = LabelledFakeApi()
    api.add_order(make_order(ORDER))
    api.add_order(make_order(SECOND_ORDER))
    printers = FakePrinterFactory()
    journal = await AsyncJournal.open(directory / "journal.sqlite3")
    packing = PackingService(
        api=api,
        journal=journal,
        printers=printers,
        settings=WorkflowSettings(
            station="bench-1",
            shipping_location_reference="SL-DEMO-1",
            label_printer=LABEL_PRINTER,
            action_deadline_seconds=deadline_seconds,
            # The fake's select never lands once cancelled, and the clock is frozen: no select
            # can still be on its way, so a stopped one is settled at once.
            select_settle_seconds=0.0,
        ),
        clock=lambda: NOW,
    )
    settings = StationSettings(
        data_dir=directory, station_name="bench-1", scan_to_print=scan_to_print, sounds=False
    )
    station = Station(
        packing=packing,
        day_close=DayClose(api=api, journal=journal, shipping_location_reference="SL-DEMO-1"),
        journal=journal,
        settings=settings,
        environment_label="Test bench",
        printers=printers,
    )
    return Bench(api, printers, journal, packing, station, MessageChannel(), TaskRunner())


def option(reference: str, carrier: str, price: str, *, hours_left: float = 5.0) -> OptionSummary:
    return OptionSummary(
        reference=reference,
        carrier=carrier,
        service="Next Day",
        service_reference=None,
        delivery_date=date(2026, 11, 24),
        window_start=time(9, 0),
        window_end=time(12, 0),
        price_gross=Decimal(price),
        currency="GBP",
        allocation_cutoff=NOW + timedelta(hours=hours_left),
    )
