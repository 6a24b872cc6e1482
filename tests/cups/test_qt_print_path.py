"""Printing PDFs through QPrinter (the Windows path) into the test cupsd's CUPS-PDF queue."""

from __future__ import annotations

from datetime import datetime

import pytest

from packstation.printing.cups import CupsPrinter
from packstation.printing.cups_client import CupsClient
from packstation.printing.protocol import (
    DocumentFormat,
    DocumentKind,
    PrintDocument,
    PrinterCondition,
    PrintOutcome,
)
from packstation.printing.qt_pdf import QtPdfPrinter
from packstation.printing.test_label import StationTestLabel, make_test_label_document
from tests.cups.cups_server import DISABLED, LABEL_PDF, CupsTestServer
from tests.cups.printed_pdf import LABEL_POINTS, inch_tick_positions, page_sizes
from tests.cups.samples import label_pdf

pytestmark = pytest.mark.cups


def qt_printer(queue: str) -> QtPdfPrinter:
    return QtPdfPrinter(queue, raw=CupsPrinter(queue))


async def test_labels_come_out_4x6_at_true_size(cups_pdf: CupsTestServer, qapp: object) -> None:
    facts = StationTestLabel("Bench 1", f"qt:{LABEL_PDF}", 203, datetime(2025, 3, 4, 9, 30))
    document = make_test_label_document(facts, DocumentFormat.PDF)

    result = await qt_printer(LABEL_PDF).print_document(document)

    assert result.outcome == PrintOutcome.SUBMITTED, result.message
    assert result.target == f"qt:{LABEL_PDF}" and result.job_id
    printed = cups_pdf.pdf_output(result.job_id)
    assert page_sizes(printed) == [LABEL_POINTS]
    ticks = inch_tick_positions(printed)
    assert len(ticks) == 5
    assert ticks[-1] - ticks[0] == pytest.approx(4.0, abs=0.01)


async def test_one_page_per_package(cups_pdf: CupsTestServer, qapp: object) -> None:
    document = PrintDocument(DocumentKind.LABEL, DocumentFormat.PDF, label_pdf(3), "EC-1 label")

    result = await qt_printer(LABEL_PDF).print_document(document)

    assert page_sizes(cups_pdf.pdf_output(result.job_id)) == [LABEL_POINTS] * 3


async def test_a_paused_queue_gets_no_job(cups_server: CupsTestServer, qapp: object) -> None:
    jobs_before = await CupsClient().jobs(DISABLED)
    document = PrintDocument(DocumentKind.LABEL, DocumentFormat.PDF, label_pdf(1), "EC-1 label")

    result = await qt_printer(DISABLED).print_document(document)

    assert result.outcome == PrintOutcome.FAILED
    assert result.condition == PrinterCondition.PAUSED
    assert await CupsClient().jobs(DISABLED) == jobs_before


async def test_a_broken_pdf_fails_with_a_message(cups_pdf: CupsTestServer, qapp: object) -> None:
    document = PrintDocument(DocumentKind.LABEL, DocumentFormat.PDF, b"%PDF-1.4 junk", "EC-1")

    result = await qt_printer(LABEL_PDF).print_document(document)

    assert result.outcome == PrintOutcome.FAILED
    assert "not a readable PDF" in result.message
