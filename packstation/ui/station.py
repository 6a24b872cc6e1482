"""What the window needs from a running station: the workflow services and how it is connected.

Built from the runtime by `packstation.app`, or from fakes by the tests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from packstation.config import StationSettings
from packstation.printing.protocol import PrinterFactory
from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.day_close import DayClose
from packstation.workflow.packing import PackingService
from packstation.workflow.shipping_api import CarrierInfo


@dataclass(frozen=True)
class Station:
    packing: PackingService
    day_close: DayClose
    journal: AsyncJournal
    settings: StationSettings
    environment_label: str  # short, for the status bar
    demo_banner: str | None = None  # the persistent demo-mode banner; None outside demo mode
    demo_base_url: str | None = None  # the embedded sandbox, for its demo orders
    printers: PrinterFactory | None = None  # for the settings dialog's test label
    carriers: Callable[[], Awaitable[list[CarrierInfo]]] | None = None  # day-close cut-offs
