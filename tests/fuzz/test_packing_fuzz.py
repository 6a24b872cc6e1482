"""Scan to print with fuzzed labels and customs documents: the real PackingService and journal,
the real client and gateway for the documents, and a printer that records what it would send
(after the same ZPL guard the real printers apply). Every document it received is a whole file
of its format; a bad label ends as a clear ShippingError with the pack kept, never as a print."""

from __future__ import annotations

import asyncio
import itertools
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from random import Random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from packstation.api import LabelFormat
from packstation.printing.outgoing import DocumentRefusedError, outgoing_bytes, refused_result
from packstation.printing.protocol import (
    DocumentFormat,
    PrintDocument,
    PrinterCondition,
    PrinterStatus,
    PrintJobResult,
    PrintOutcome,
)
from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.gateway import SortedProGateway
from packstation.workflow.packing import PackingService, WorkflowSettings
from packstation.workflow.shipping_api import LabelFile, NamedDocument, ShippingError
from packstation.workflow.states import PackState
from tests.fuzz import templates
from tests.fuzz.budget import MAX_SECONDS_PER_PACK, PayloadCount, fuzz_settings
from tests.fuzz.json_mutation import Template
from tests.fuzz.label_files import is_printable_label, label_body
from tests.fuzz.responses import ScriptedTransport, fuzz_client, fuzzed_exchange
from tests.unit.workflow.fakes import NOW, FakeShippingApi, make_order

LABEL = Template("label", templates.label_payload(b""))
CUSTOMS = Template("customs documents", templates.CUSTOMS_DOCUMENTS)
PRINTABLE_FORMATS = {DocumentFormat.PDF: LabelFormat.PDF, DocumentFormat.ZPL: LabelFormat.ZPL}


@dataclass
class RecordingPrinter:
    """Sends nothing anywhere: keeps the bytes a real printer would have sent."""

    target: str
    sent: list[tuple[DocumentFormat, bytes]] = field(default_factory=list)
    refused: int = 0

    async def status(self) -> PrinterStatus:
        return PrinterStatus(self.target, PrinterCondition.READY, "ready")

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        try:
            data = outgoing_bytes(document, self.target)
        except DocumentRefusedError as refusal:
            self.refused += 1
            return refused_result(self.target, refusal)
        self.sent.append((document.format, data))
        return PrintJobResult(
            self.target, PrintOutcome.SUBMITTED, "sent", job_id=str(len(self.sent))
        )


@dataclass
class RecordingPrinters:
    printers: dict[str, RecordingPrinter] = field(default_factory=dict)

    def open(self, target: str) -> RecordingPrinter:
        return self.printers.setdefault(target, RecordingPrinter(target))

    def everything_sent(self) -> list[tuple[DocumentFormat, bytes]]:
        return [sent for printer in self.printers.values() for sent in printer.sent]


class FuzzedDocumentsApi(FakeShippingApi):
    """The workflow's fake SortedPRO, except that labels and customs documents come from the
    real client and gateway, answering with fuzzed bodies."""

    rng: Random = Random(0)
    served: int = 0

    async def _documents(
        self, template: Template, body: Any, fetch: Callable[[SortedProGateway], Any]
    ) -> Any:
        rng = self.rng
        answers = [fuzzed_exchange(template, rng, body) for _ in range(rng.randint(1, 3))]
        transport = ScriptedTransport(answers)
        try:
            async with fuzz_client(transport) as client:
                return await fetch(SortedProGateway(client, "SL-DEMO-1"))
        finally:
            self.served += transport.served

    async def get_label(self, consignment_reference: str, label_format: str, dpi: int) -> LabelFile:
        await super().get_label(consignment_reference, label_format, dpi)
        return await self._documents(
            LABEL, label_body, lambda g: g.get_label(consignment_reference, label_format, dpi)
        )

    async def get_customs_documents(self, consignment_reference: str) -> list[NamedDocument]:
        return await self._documents(
            CUSTOMS, None, lambda g: g.get_customs_documents(consignment_reference)
        )


async def one_pack(
    packing: PackingService, api: FuzzedDocumentsApi, printers: RecordingPrinters, order: str
) -> tuple[Any, float]:
    before = len(printers.everything_sent())
    started = time.perf_counter()
    try:
        outcome: Any = await packing.scan_to_print(order)
    except ShippingError as error:
        outcome = error
    seconds = time.perf_counter() - started
    sent = printers.everything_sent()[before:]
    for document_format, data in sent:
        assert is_printable_label(data, PRINTABLE_FORMATS[document_format]), (
            document_format,
            data[:60],
        )
    if isinstance(outcome, ShippingError):
        # A label that is not a whole file stops the pack before the printer, with words for
        # the packer; the booking is kept (ALLOCATED), so the next scan fetches it again.
        assert outcome.user_message.strip()
        assert not sent, "a pack that failed still sent something to a printer"
        record = await packing.journal.find_open_pack_for_order(order)
        assert record is not None
        assert record.state in (PackState.ALLOCATED, PackState.PARKED), record.state
    else:
        assert outcome.record.state in (PackState.PRINT_SUBMITTED, PackState.PRINT_FAILED)
        archived = await packing.journal.documents(outcome.pack_id, "label")
        wanted = PRINTABLE_FORMATS[DocumentFormat(packing.settings.label_format)]
        assert archived and is_printable_label(archived[-1].data or b"", wanted)
    return outcome, seconds


async def _journal_in(directory: Path) -> AsyncJournal:
    return await AsyncJournal.open(directory / "journal.sqlite3")


def test_fuzzed_labels_never_reach_the_printer_broken() -> None:
    count = PayloadCount("packing: fuzzed labels to a recording printer")
    # On tmpfs where there is one: every journal step is fsynced, and this test takes hundreds.
    shm = Path("/dev/shm")
    directory = Path(
        tempfile.mkdtemp(prefix="packstation-fuzz-", dir=shm if shm.is_dir() else None)
    )
    orders = (f"EO-FZZ-{n // 1000:03d}-{n % 1000:03d}" for n in itertools.count())
    try:
        with asyncio.Runner() as runner:
            journal = runner.run(_journal_in(directory))
            api = FuzzedDocumentsApi()
            printers = RecordingPrinters()

            @fuzz_settings(count.name)
            @given(
                seed=st.integers(min_value=0, max_value=2**64 - 1),
                label_format=st.sampled_from(["pdf", "zpl"]),
                country=st.sampled_from(["GB", "DE", "US"]),
            )
            def one(seed: int, label_format: str, country: str) -> None:
                api.rng = Random(seed)
                order = next(orders)
                view = make_order(order)
                api.add_order(
                    replace(view, destination=replace(view.destination, country_code=country))
                )
                packing = PackingService(
                    api=api,
                    journal=journal,
                    printers=printers,
                    settings=WorkflowSettings(
                        station="fuzz-1",
                        shipping_location_reference="SL-DEMO-1",
                        label_format=label_format,
                        label_printer="record:label",
                        document_printer="record:documents",
                    ),
                    clock=lambda: NOW,
                )
                served_before = api.served
                _, seconds = runner.run(one_pack(packing, api, printers, order))
                count.add(max(1, api.served - served_before))
                count.timed(seconds, limit=MAX_SECONDS_PER_PACK)

            one()
            runner.run(journal.close())
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    count.check()
    assert printers.everything_sent(), (
        "no label was ever good enough to print: the fuzz is too harsh"
    )
