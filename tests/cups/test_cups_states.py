"""Printer trouble on a real CUPS server is reported, with plain words, within two seconds."""

from __future__ import annotations

import time

import pytest

from packstation.printing.cups import CupsPrinter
from packstation.printing.cups_client import CupsClient, CupsJobState, CupsServer
from packstation.printing.factory import DefaultPrinterFactory
from packstation.printing.protocol import (
    DocumentFormat,
    DocumentKind,
    PrintDocument,
    PrinterCondition,
    PrintOutcome,
)
from tests.cups.cups_server import (
    CAPTURE,
    DISABLED,
    NO_PAPER,
    OFFLINE,
    REJECTING,
    ZEBRA,
    CupsTestServer,
    free_port,
)
from tests.cups.samples import label_zpl

pytestmark = pytest.mark.cups

# Following stops after two seconds (cups.JOB_FOLLOW_SECONDS); the rest is IPP round trips, which a
# loaded 2-core CI machine can stretch. Well under the job's own time: a follow loop that did not
# stop at its window would take far longer.
REPORTING_LIMIT_SECONDS = 6.0


def label(name: str = "EC-000-05B-MMQ label") -> PrintDocument:
    return PrintDocument(DocumentKind.LABEL, DocumentFormat.ZPL, label_zpl(1), name)


@pytest.mark.parametrize(
    ("queue", "condition"),
    [
        (CAPTURE, PrinterCondition.READY),
        (DISABLED, PrinterCondition.PAUSED),
        (REJECTING, PrinterCondition.STOPPED),
    ],
)
async def test_status_reports_the_queue_state(
    cups_server: CupsTestServer, queue: str, condition: PrinterCondition
) -> None:
    status = await CupsPrinter(queue).status()

    assert status.condition == condition, status.message
    assert queue in status.message


async def test_a_queue_working_on_a_job_is_busy(cups_server: CupsTestServer) -> None:
    client = CupsClient()
    job_id = await client.print_job(OFFLINE, b"^XA^XZ", "application/vnd.cups-raw", "busy", [])
    try:
        status = await CupsPrinter(OFFLINE, client).status()
    finally:
        await client.cancel_job(job_id)

    assert status.condition == PrinterCondition.BUSY


async def test_status_reports_the_driver_resolution(cups_server: CupsTestServer) -> None:
    status = await CupsPrinter(ZEBRA).status()

    assert status.healthy and status.dpi == 203


async def test_an_unknown_queue_is_an_error_that_names_it(cups_server: CupsTestServer) -> None:
    status = await DefaultPrinterFactory().open("no-such-queue").status()

    assert status.condition == PrinterCondition.ERROR
    assert "no printer queue named 'no-such-queue'" in status.message


async def test_cupsd_over_tcp_answers_the_same(cups_server: CupsTestServer) -> None:
    client = CupsClient(CupsServer.parse_host(f"127.0.0.1:{cups_server.port}"))

    status = await CupsPrinter(DISABLED, client).status()

    assert status.condition == PrinterCondition.PAUSED


async def test_a_dead_cupsd_is_reported_as_unreachable(cups_server: CupsTestServer) -> None:
    client = CupsClient(CupsServer.parse_host(f"127.0.0.1:{free_port()}"))

    result = await CupsPrinter(CAPTURE, client).print_document(label())

    assert result.outcome == PrintOutcome.FAILED
    assert result.condition == PrinterCondition.UNREACHABLE
    assert "CUPS" in result.message


@pytest.mark.parametrize(
    ("queue", "condition", "words"),
    [
        (DISABLED, PrinterCondition.PAUSED, "is paused. Resume it"),
        (REJECTING, PrinterCondition.STOPPED, "has stopped"),
    ],
)
async def test_a_queue_that_cannot_print_fails_without_queueing_a_job(
    cups_server: CupsTestServer, queue: str, condition: PrinterCondition, words: str
) -> None:
    client = CupsClient()
    jobs_before = await client.jobs(queue)

    result = await CupsPrinter(queue, client).print_document(label())

    assert result.outcome == PrintOutcome.FAILED
    assert result.condition == condition
    assert f"The label printer '{queue}' {words}" in result.message
    assert result.message.endswith("then press Reprint.")
    assert await client.jobs(queue) == jobs_before  # nothing left to print twice


@pytest.mark.parametrize(
    ("queue", "condition", "words"),
    [
        (NO_PAPER, PrinterCondition.OUT_OF_MEDIA, "is out of labels. Load labels, then"),
        (OFFLINE, PrinterCondition.OFFLINE, "Check that it is switched on and connected"),
    ],
)
async def test_trouble_after_submitting_is_reported_and_the_job_taken_back(
    cups_server: CupsTestServer, queue: str, condition: PrinterCondition, words: str
) -> None:
    client = CupsClient()
    started = time.monotonic()

    result = await CupsPrinter(queue, client).print_document(label())

    assert time.monotonic() - started < REPORTING_LIMIT_SECONDS
    assert result.outcome == PrintOutcome.FAILED
    assert result.condition == condition
    assert words in result.message
    assert result.job_id is not None
    job = await client.job_state(int(result.job_id.rsplit("-", 1)[1]))
    assert job.state == CupsJobState.CANCELED


async def test_a_failed_label_prints_once_on_reprint(cups_server: CupsTestServer) -> None:
    queue = "ps-reprint"
    directory = cups_server.capture_directory(queue)
    directory.mkdir(parents=True, exist_ok=True)
    cups_server.run("lpadmin", "-p", queue, "-E", "-v", f"capture:{directory}")
    cups_server.run("cupsdisable", queue)
    printer = CupsPrinter(queue)
    document = label()

    failed = await printer.print_document(document)
    cups_server.run("cupsenable", queue)
    reprinted = await printer.print_document(document)

    assert failed.outcome == PrintOutcome.FAILED
    assert reprinted.outcome == PrintOutcome.SUBMITTED and reprinted.job_id
    assert cups_server.captured_job(queue, reprinted.job_id) == document.data
    job_number = reprinted.job_id.rsplit("-", 1)[1]
    assert [path.name for path in directory.glob("*.bin")] == [f"job-{job_number}.bin"]


async def test_cups_remembers_which_labels_it_received(cups_server: CupsTestServer) -> None:
    printer = CupsPrinter(CAPTURE)
    await printer.print_document(label("EC-000-05B-MMQ print 7"))

    assert await printer.has_received("EC-000-05B-MMQ print 7") is True
    assert await printer.has_received("EC-000-05B-MMQ print 8") is None
