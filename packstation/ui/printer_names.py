"""The OS printer queues, for the settings dialog and the smoke check (off the event loop)."""

from __future__ import annotations

from packstation.printing.qt_discovery import discover_os_printers


async def printer_names() -> list[str]:
    return [printer.name for printer in await discover_os_printers()]
