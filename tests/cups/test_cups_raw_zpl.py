"""ZPL through real CUPS queues: sent raw, byte for byte, without configuration commands."""

from __future__ import annotations

import logging

import pytest

from packstation.printing.cups import CupsPrinter
from packstation.printing.protocol import (
    DocumentFormat,
    DocumentKind,
    PrintDocument,
    PrintOutcome,
)
from packstation.printing.zpl_guard import count_labels, is_forbidden, parse_zpl
from tests.cups.cups_server import CAPTURE, SOCKET, ZEBRA, CupsTestServer
from tests.cups.samples import ZEBRA_DESIGNER_HEADER, label_zpl
from tests.cups.socket_listener import SocketListener

pytestmark = pytest.mark.cups


def zpl_document(data: bytes) -> PrintDocument:
    return PrintDocument(DocumentKind.LABEL, DocumentFormat.ZPL, data, "EC-000-05B-MMQ label")


async def test_zpl_arrives_byte_identical_with_one_block_per_package(
    cups_server: CupsTestServer,
) -> None:
    labels = label_zpl(packages=3)

    result = await CupsPrinter(CAPTURE).print_document(zpl_document(labels))

    assert result.outcome == PrintOutcome.SUBMITTED, result.message
    arrived = cups_server.captured_job(CAPTURE, result.job_id)
    assert arrived == labels
    assert count_labels(arrived) == 3
    assert "document-format" not in cups_server.captured_options(CAPTURE, result.job_id)


async def test_configuration_commands_never_reach_the_printer(
    cups_server: CupsTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    labels = label_zpl(packages=2)
    caplog.set_level(logging.INFO)

    result = await CupsPrinter(CAPTURE).print_document(zpl_document(ZEBRA_DESIGNER_HEADER + labels))

    arrived = cups_server.captured_job(CAPTURE, result.job_id)
    assert arrived.endswith(labels)  # the labels themselves, byte for byte
    assert not [command.name for command in parse_zpl(arrived) if is_forbidden(command.name)]
    assert b"NEWPASS" not in arrived
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "^JU" in logged and "^KP" in logged
    assert "Rue" not in logged  # names of commands, never the label's contents


async def test_a_queue_with_a_zebra_driver_still_gets_the_zpl_untouched(
    cups_server: CupsTestServer,
) -> None:
    labels = label_zpl(packages=2, dpi=203)

    result = await CupsPrinter(ZEBRA).print_document(zpl_document(labels))

    assert result.outcome == PrintOutcome.SUBMITTED, result.message
    assert cups_server.captured_job(ZEBRA, result.job_id) == labels


async def test_zpl_through_a_socket_queue_reaches_the_network_printer_unchanged(
    cups_server: CupsTestServer, socket_printer: SocketListener
) -> None:
    labels = label_zpl(packages=2, dpi=300)
    before = socket_printer.connection_count()

    result = await CupsPrinter(SOCKET).print_document(zpl_document(labels))

    assert result.outcome == PrintOutcome.SUBMITTED, result.message
    assert socket_printer.wait_for_connection(before) == labels
