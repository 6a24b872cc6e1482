"""Opens a printer from its target string. Qt-free: the workflow may import this.

OS queues are CUPS queues on Linux and macOS, spooler queues on Windows. Printing a PDF to a
Windows queue needs Qt print support: the composition root passes `qt_queue_opener`
(qt_pdf.open_qt_queue), so this module never imports Qt itself. Without it, Windows queues
take ZPL only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from packstation.printing.cups import CupsPrinter
from packstation.printing.cups_client import CupsClient
from packstation.printing.folder import FolderPrinter
from packstation.printing.protocol import Printer
from packstation.printing.raw_tcp import RawTcpPrinter
from packstation.printing.targets import (
    FolderTarget,
    QueueBackend,
    QueueTarget,
    TcpTarget,
    parse_target,
)
from packstation.printing.win32_spooler import Win32Spooler
from packstation.printing.windows_spooler import Spooler, WindowsSpoolerPrinter

# (queue name, target string, the same queue without Qt: raw ZPL, state, jobs) -> printer
QtQueueOpener = Callable[[str, str, Printer | None], Printer]


class DefaultPrinterFactory:
    def __init__(
        self,
        *,
        cups_client: CupsClient | None = None,
        qt_queue_opener: QtQueueOpener | None = None,
        windows_spooler: Spooler | None = None,
        platform: str = sys.platform,
    ) -> None:
        self._cups_client = cups_client
        self._qt_queue_opener = qt_queue_opener
        self._windows_spooler = windows_spooler
        self._platform = platform

    def open(self, target: str) -> Printer:
        parsed = parse_target(target)
        match parsed:
            case FolderTarget(directory):
                return FolderPrinter(directory, target=target)
            case TcpTarget():
                return RawTcpPrinter(parsed)
            case QueueTarget(name, QueueBackend.CUPS):
                return self._cups(name, target)
            case QueueTarget(name, QueueBackend.QT):
                return self._qt(name, target)
            case QueueTarget(name, _):
                if self._uses_cups:
                    return self._cups(name, target)
                if self._qt_queue_opener is None:
                    return self._windows(name, target)
                return self._qt(name, target)
        raise ValueError(f"Unknown printer target '{target}'.")

    @property
    def _uses_cups(self) -> bool:
        return self._platform != "win32"

    def _cups(self, queue: str, target: str) -> CupsPrinter:
        if self._cups_client is None:
            self._cups_client = CupsClient()
        return CupsPrinter(queue, self._cups_client, target=target)

    def _windows(self, queue: str, target: str) -> WindowsSpoolerPrinter:
        if self._windows_spooler is None:
            self._windows_spooler = Win32Spooler()
        return WindowsSpoolerPrinter(queue, self._windows_spooler, target=target)

    def _qt(self, queue: str, target: str) -> Printer:
        if self._qt_queue_opener is None:
            raise ValueError(f"Printing to '{queue}' needs the desktop app's print support.")
        raw = self._cups(queue, target) if self._uses_cups else self._windows(queue, target)
        return self._qt_queue_opener(queue, target, raw)
