"""The OS printers as Qt print support lists them, from the test cupsd."""

from __future__ import annotations

import pytest

from packstation.printing.protocol import PageSize, PrinterCondition
from packstation.printing.qt_discovery import discover_os_printers
from tests.cups.cups_server import CAPTURE, DISABLED, DOCUMENTS, ZEBRA, CupsTestServer

pytestmark = pytest.mark.cups


async def test_queues_are_listed_with_resolutions_and_paper(
    cups_server: CupsTestServer, qapp: object
) -> None:
    printers = {printer.name: printer for printer in await discover_os_printers()}

    assert cups_server.queues <= printers.keys()
    zebra = printers[ZEBRA]
    assert zebra.make_and_model == "Zebra ZPL Label Printer"
    assert zebra.resolutions == (203, 300, 600)
    assert zebra.holds(PageSize.LABEL_4X6)
    assert zebra.condition == PrinterCondition.READY
    assert printers[DOCUMENTS].holds(PageSize.A4)
    assert printers[CAPTURE].make_and_model == "Local Raw Printer"
    assert printers[DISABLED].condition != PrinterCondition.READY
