"""PDFs through real CUPS queues end up on the right paper at true size, never scaled to fit.

ps-pdf defaults to A4 and fit-to-page, ps-docs to Letter: each job has to say what it needs.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from packstation.printing.cups import CupsPrinter
from packstation.printing.factory import DefaultPrinterFactory
from packstation.printing.protocol import (
    DocumentFormat,
    DocumentKind,
    PageSize,
    PrintDocument,
    PrintOutcome,
)
from packstation.printing.routing import PrintRouter, StationPrinters
from packstation.printing.test_label import StationTestLabel, make_test_label_document
from tests.cups.cups_server import CAPTURE, DOCUMENTS, LABEL_PDF, CupsTestServer
from tests.cups.printed_pdf import (
    A4_POINTS,
    LABEL_POINTS,
    LETTER_POINTS,
    inch_tick_positions,
    page_sizes,
)
from tests.cups.samples import customs_invoice_pdf, label_pdf, label_zpl

pytestmark = pytest.mark.cups


def calibration_facts(target: str) -> StationTestLabel:
    return StationTestLabel("Bench 1", target, 203, datetime(2025, 3, 4, 9, 30))


async def test_pdf_labels_arrive_as_4x6_pages_one_per_package(cups_pdf: CupsTestServer) -> None:
    document = PrintDocument(
        DocumentKind.LABEL, DocumentFormat.PDF, label_pdf(packages=3), "EC-000-05B-MMQ label"
    )

    result = await CupsPrinter(LABEL_PDF).print_document(document)

    assert result.outcome == PrintOutcome.SUBMITTED, result.message
    assert page_sizes(cups_pdf.pdf_output(result.job_id)) == [LABEL_POINTS] * 3


async def test_the_test_label_ruler_measures_four_inches_when_printed(
    cups_pdf: CupsTestServer, qapp: object
) -> None:
    document = make_test_label_document(calibration_facts(LABEL_PDF), DocumentFormat.PDF)

    result = await CupsPrinter(LABEL_PDF).print_document(document)

    printed = cups_pdf.pdf_output(result.job_id)
    assert page_sizes(printed) == [LABEL_POINTS]
    ticks = inch_tick_positions(printed)
    assert len(ticks) == 5
    assert ticks[-1] - ticks[0] == pytest.approx(4.0, abs=0.01)


async def test_customs_documents_are_routed_to_the_document_queue_on_a4(
    cups_pdf: CupsTestServer,
) -> None:
    router = PrintRouter(
        StationPrinters(label_target=CAPTURE, document_target=DOCUMENTS),
        DefaultPrinterFactory(),
    )
    label = PrintDocument(DocumentKind.LABEL, DocumentFormat.ZPL, label_zpl(1), "EC-1 label")
    customs = PrintDocument(
        DocumentKind.CUSTOMS, DocumentFormat.PDF, customs_invoice_pdf(), "EC-1 invoice"
    )

    label_result = await router.print_document(label)
    customs_result = await router.print_document(customs)

    assert label_result.target == CAPTURE and customs_result.target == DOCUMENTS
    assert cups_pdf.captured_job(CAPTURE, label_result.job_id) == label.data
    assert page_sizes(cups_pdf.pdf_output(customs_result.job_id)) == [A4_POINTS]


async def test_letter_paper_when_the_station_is_set_to_letter(
    cups_pdf: CupsTestServer,
) -> None:
    router = PrintRouter(
        StationPrinters(CAPTURE, DOCUMENTS, document_paper=PageSize.LETTER),
        DefaultPrinterFactory(),
    )
    customs = PrintDocument(
        DocumentKind.INVOICE, DocumentFormat.PDF, customs_invoice_pdf(), "EC-1 invoice"
    )

    result = await router.print_document(customs)

    assert page_sizes(cups_pdf.pdf_output(result.job_id)) == [LETTER_POINTS]
