"""Raw ZPL over TCP to a stand-in printer: a real asyncio listener on localhost."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from packstation.printing.protocol import (
    DocumentFormat,
    DocumentKind,
    PrintDocument,
    PrinterCondition,
    PrintOutcome,
)
from packstation.printing.raw_tcp import RawTcpPrinter
from packstation.printing.targets import TcpTarget
from packstation.printing.zebra_status import HOST_STATUS_QUERY

LABELS = b"^XA^FO50,50^A0N,30,30^FDEC-000-05B-MMQ 1/2^FS^XZ\n^XA^FO50,50^FDEC 2/2^FS^XZ\n"
QUICK = {"status_timeout": 0.1, "follow_seconds": 0.5}


def host_status(
    *, paper_out: bool = False, paused: bool = False, head_open: bool = False, waiting: int = 0
) -> bytes:
    """A ~HS answer as the ZPL manual lays it out."""
    first = f"030,{paper_out:d},{paused:d},1218,{waiting:03d},0,0,0,000,0,0,0"
    second = f"001,0,{head_open:d},0,0,2,4,0,00000000,1,000"
    return b"".join(b"\x02" + text.encode() + b"\x03\r\n" for text in (first, second, "1234,0"))


@dataclass
class FakeLabelPrinter:
    """Takes raw bytes on a port; answers ~HS from `answers` (the last one repeats) if given."""

    answers: list[bytes] = field(default_factory=list)
    received: list[bytes] = field(default_factory=list)
    queries: int = 0
    port: int = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        data = await reader.read(65536)
        if data == HOST_STATUS_QUERY and self.answers:
            self.queries += 1
            writer.write(self.answers[min(self.queries, len(self.answers)) - 1])
            await writer.drain()
        while chunk := await reader.read(65536):
            data += chunk
        if data != HOST_STATUS_QUERY:
            self.received.append(data)
        writer.close()


@pytest.fixture
async def label_printer() -> AsyncIterator[FakeLabelPrinter]:
    printer = FakeLabelPrinter()
    server = await asyncio.start_server(printer.handle, "127.0.0.1", 0)
    printer.port = server.sockets[0].getsockname()[1]
    async with server:
        yield printer


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def label(
    data: bytes = LABELS, document_format: DocumentFormat = DocumentFormat.ZPL
) -> PrintDocument:
    return PrintDocument(DocumentKind.LABEL, document_format, data, "EC-000-05B-MMQ label")


async def wait_for_delivery(printer: FakeLabelPrinter) -> list[bytes]:
    for _ in range(100):
        if printer.received:
            break
        await asyncio.sleep(0.01)
    return printer.received


async def test_zpl_arrives_byte_for_byte(label_printer: FakeLabelPrinter) -> None:
    printer = RawTcpPrinter(TcpTarget("127.0.0.1", label_printer.port), **QUICK)

    result = await printer.print_document(label())

    assert result.outcome == PrintOutcome.SUBMITTED, result.message
    assert result.target == f"tcp://127.0.0.1:{label_printer.port}"
    assert await wait_for_delivery(label_printer) == [LABELS]


async def test_configuration_is_stripped_before_sending(label_printer: FakeLabelPrinter) -> None:
    printer = RawTcpPrinter(TcpTarget("127.0.0.1", label_printer.port), **QUICK)

    await printer.print_document(label(b"~JR^XA^JUS^XZ" + LABELS))

    assert await wait_for_delivery(label_printer) == [b"^XA^XZ" + LABELS]


async def test_a_closed_port_fails_as_unreachable() -> None:
    printer = RawTcpPrinter(TcpTarget("127.0.0.1", free_port()), **QUICK)

    result = await printer.print_document(label())
    status = await printer.status()

    assert result.outcome == PrintOutcome.FAILED
    assert result.condition == PrinterCondition.UNREACHABLE
    assert "refused the connection" in result.message and "Reprint" in result.message
    assert status.condition == PrinterCondition.UNREACHABLE


async def test_pdf_is_not_sent_to_a_raw_port(label_printer: FakeLabelPrinter) -> None:
    printer = RawTcpPrinter(TcpTarget("127.0.0.1", label_printer.port), **QUICK)

    result = await printer.print_document(label(b"%PDF-1.4", DocumentFormat.PDF))

    assert result.outcome == PrintOutcome.FAILED
    assert "takes ZPL, not PDF" in result.message
    assert label_printer.received == []


async def test_a_ready_zebra_gets_the_label(label_printer: FakeLabelPrinter) -> None:
    label_printer.answers = [host_status(), host_status(waiting=1), host_status()]
    printer = RawTcpPrinter(TcpTarget("127.0.0.1", label_printer.port), **QUICK)

    result = await printer.print_document(label())

    assert result.outcome == PrintOutcome.SUBMITTED
    assert result.condition == PrinterCondition.READY
    assert label_printer.received == [LABELS]


@pytest.mark.parametrize(
    ("answer", "condition", "words"),
    [
        (host_status(paper_out=True), PrinterCondition.OUT_OF_MEDIA, "is out of labels"),
        (host_status(paused=True), PrinterCondition.PAUSED, "is paused"),
        (host_status(head_open=True), PrinterCondition.ERROR, "the print head is open"),
    ],
)
async def test_a_zebra_in_trouble_gets_nothing(
    label_printer: FakeLabelPrinter, answer: bytes, condition: PrinterCondition, words: str
) -> None:
    label_printer.answers = [answer]
    printer = RawTcpPrinter(TcpTarget("127.0.0.1", label_printer.port), **QUICK)

    result = await printer.print_document(label())
    status = await printer.status()

    assert result.outcome == PrintOutcome.FAILED
    assert result.condition == condition
    assert words in result.message and result.message.endswith("press Reprint.")
    assert status.condition == condition
    assert label_printer.received == []


async def test_running_out_on_this_label_is_reported_without_a_reprint(
    label_printer: FakeLabelPrinter,
) -> None:
    label_printer.answers = [host_status(), host_status(paper_out=True, waiting=1)]
    printer = RawTcpPrinter(TcpTarget("127.0.0.1", label_printer.port), **QUICK)

    result = await printer.print_document(label())

    assert result.outcome == PrintOutcome.SUBMITTED
    assert result.condition == PrinterCondition.OUT_OF_MEDIA
    assert "out of labels; the label prints once that is fixed" in result.message


async def test_a_printer_that_does_not_answer_status_is_only_checked_for_reachability(
    label_printer: FakeLabelPrinter,
) -> None:
    printer = RawTcpPrinter(TcpTarget("127.0.0.1", label_printer.port), **QUICK)

    status = await printer.status()

    assert status.condition == PrinterCondition.READY
