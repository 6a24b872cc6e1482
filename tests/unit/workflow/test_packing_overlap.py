"""What the pack does while it waits, and what it never does early.

Read-only work overlaps (the printer's state with the look-up, the label fetch with the
journal and the duplicate check, the printer's look before sending with the PRINTING commit);
every side effect (select, cancel, print) starts only once the journal is on the disk."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from packstation.printing.protocol import PrintDocument, PrinterStatus, PrintJobResult
from packstation.workflow.async_journal import AsyncJournal
from packstation.workflow.domain import Allocation, Destination
from packstation.workflow.packing import PackingService, WorkflowSettings
from packstation.workflow.states import PackState
from packstation.workflow.workflow_errors import PackedElsewhereError

from .fakes import NOW, FakeConsignment, FakePrinter, FakeShippingApi, make_order

ORDER = "EO-000-001-AAA"
ABROAD = "EO-000-002-INT"


@dataclass
class DiskWatchingApi(FakeShippingApi):
    """Fails a side effect made while the journal holds commits not yet fsynced."""

    journal: AsyncJournal | None = None
    unsynced_at_side_effect: list[str] = field(default_factory=list)

    def _check(self, what: str) -> None:
        assert self.journal is not None
        if self.journal.unsynced_commits:
            self.unsynced_at_side_effect.append(what)

    async def select(self, option_reference: str) -> Allocation:
        self._check(f"select {option_reference}")
        return await super().select(option_reference)

    async def cancel(self, consignment_reference: str) -> None:
        self._check(f"cancel {consignment_reference}")
        await super().cancel(consignment_reference)


@dataclass
class DiskWatchingPrinter(FakePrinter):
    journal: AsyncJournal | None = None
    log: list[str] = field(default_factory=list)
    unsynced_at_send: int = 0

    async def status(self) -> PrinterStatus:
        self.log.append("printer status")
        return await super().status()

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        assert self.journal is not None
        self.unsynced_at_send += self.journal.unsynced_commits
        self.log.append(f"print {document.kind.value}")
        return await super().print_document(document)


@dataclass
class WatchingFactory:
    journal: AsyncJournal
    printers: dict[str, DiskWatchingPrinter] = field(default_factory=dict)

    def open(self, target: str) -> DiskWatchingPrinter:
        return self.printers.setdefault(
            target, DiskWatchingPrinter(target=target, journal=self.journal)
        )


@pytest.fixture
def api(journal: AsyncJournal) -> DiskWatchingApi:
    fake = DiskWatchingApi(journal=journal)
    fake.add_order(make_order(ORDER))
    germany = Destination("A Person", "Berlin", "10115", "DE", "Germany")
    fake.add_order(make_order(ABROAD, destination=germany, is_international=True))
    return fake


def service(api: FakeShippingApi, journal: AsyncJournal, printers: WatchingFactory):
    return PackingService(
        api=api,
        journal=journal,
        printers=printers,
        settings=WorkflowSettings(
            station="bench-1", shipping_location_reference="SL-1", label_printer="fake:label"
        ),
        clock=lambda: NOW,
    )


async def test_no_side_effect_starts_before_the_journal_is_on_the_disk(
    api: DiskWatchingApi, journal: AsyncJournal
) -> None:
    printers = WatchingFactory(journal)
    svc = service(api, journal, printers)
    home = await svc.scan_to_print(ORDER)
    abroad = await svc.scan_to_print(ABROAD)  # label, then customs documents
    await svc.reprint(home.pack_id, "smudged")
    await svc.cancel(abroad.pack_id)
    assert abroad.record.state is PackState.PRINT_SUBMITTED
    assert [d.kind.value for d in printers.open("fake:label").received] == [
        "label",
        "label",
        "customs",
        "label",
    ]
    assert api.unsynced_at_side_effect == []
    assert printers.open("fake:label").unsynced_at_send == 0


async def test_the_printer_is_asked_while_the_order_is_looked_up(
    api: DiskWatchingApi, journal: AsyncJournal
) -> None:
    printers = WatchingFactory(journal)
    printer = printers.open("fake:label")
    printer.log = api.calls  # one time line for both
    await service(api, journal, printers).scan_to_print(ORDER)
    quote = next(i for i, c in enumerate(api.calls) if c.startswith("quote"))
    assert api.calls.index("printer status") < quote
    assert api.calls.count("printer status") == 1


async def test_the_label_is_fetched_while_the_duplicate_check_runs(
    api: DiskWatchingApi, journal: AsyncJournal
) -> None:
    await service(api, journal, WatchingFactory(journal)).scan_to_print(ORDER)
    after_select = api.calls[next(i for i, c in enumerate(api.calls) if c.startswith("select")) :]
    assert after_select[1].startswith("get_label"), after_select
    assert after_select[2] == "find_consignments", after_select
    assert sum(c.startswith("get_label") for c in api.calls) == 1


async def test_a_label_fetched_early_is_dropped_when_another_station_booked_first(
    api: DiskWatchingApi, journal: AsyncJournal
) -> None:
    # Another station's consignment for the order, made before this one's, appears only
    # once this station has passed its look-up (the race the duplicate check is for).
    real_select = api.select

    async def select_after_the_other_station(option_reference: str) -> Allocation:
        api.consignments["EC-OTHER"] = FakeConsignment(
            "EC-OTHER", f"{ORDER}-PS-BENCH2-X", created_at=NOW
        )
        return await real_select(option_reference)

    api.select = select_after_the_other_station  # type: ignore[method-assign]
    printers = WatchingFactory(journal)
    with pytest.raises(PackedElsewhereError):
        await service(api, journal, printers).scan_to_print(ORDER)
    [record] = await journal.packs_created_since(NOW.replace(year=2000))
    assert record.state is PackState.CANCELLED
    assert await journal.documents(record.pack_id) == []
    assert printers.open("fake:label").received == []
