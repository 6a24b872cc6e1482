"""The OS printers, through Qt print support (CUPS on Linux and macOS, the Windows spooler).

For the settings screen: names, the default printer, resolutions and page sizes, so the packer
picks a label printer that holds 4x6 inch labels and the DPI helper knows its resolution.
Only the UI imports this module (it needs Qt).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from packstation.printing.media import page_points
from packstation.printing.protocol import PageSize, PrinterCondition

SIZE_TOLERANCE_POINTS = 2.0

QT_PRINTER_CONDITIONS = {
    QPrinter.PrinterState.Idle: PrinterCondition.READY,
    QPrinter.PrinterState.Active: PrinterCondition.BUSY,
    QPrinter.PrinterState.Aborted: PrinterCondition.STOPPED,
    QPrinter.PrinterState.Error: PrinterCondition.ERROR,
}


@dataclass(frozen=True)
class OsPageSize:
    name: str
    width_points: float
    height_points: float

    def matches(self, page_size: PageSize) -> bool:
        width, height = page_points(page_size)
        return any(
            abs(self.width_points - w) <= SIZE_TOLERANCE_POINTS
            and abs(self.height_points - h) <= SIZE_TOLERANCE_POINTS
            for w, h in ((width, height), (height, width))
        )


@dataclass(frozen=True)
class OsPrinter:
    name: str  # the queue name: also the printer's target string
    description: str
    location: str
    make_and_model: str
    is_default: bool
    is_remote: bool
    resolutions: tuple[int, ...]  # the driver's choices; the default comes from status().dpi
    page_sizes: tuple[OsPageSize, ...]
    custom_page_sizes: bool
    condition: PrinterCondition

    def holds(self, page_size: PageSize) -> bool:
        return any(size.matches(page_size) for size in self.page_sizes) or self.custom_page_sizes


def list_os_printers() -> list[OsPrinter]:
    """Blocks while the print system answers: call through discover_os_printers."""
    return [_describe(info) for info in QPrinterInfo.availablePrinters()]


async def discover_os_printers() -> list[OsPrinter]:
    return await asyncio.to_thread(list_os_printers)


def _describe(info: QPrinterInfo) -> OsPrinter:
    return OsPrinter(
        name=info.printerName(),
        description=info.description(),
        location=info.location(),
        make_and_model=info.makeAndModel(),
        is_default=info.isDefault(),
        is_remote=info.isRemote(),
        resolutions=tuple(sorted(set(info.supportedResolutions()))),
        page_sizes=tuple(_page_size(size) for size in info.supportedPageSizes()),
        custom_page_sizes=info.supportsCustomPageSizes(),
        condition=QT_PRINTER_CONDITIONS.get(info.state(), PrinterCondition.UNKNOWN),
    )


def _page_size(size: QPageSize) -> OsPageSize:
    points = size.size(QPageSize.Unit.Point)
    return OsPageSize(size.name(), points.width(), points.height())
