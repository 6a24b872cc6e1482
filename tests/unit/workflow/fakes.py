"""In-memory stand-ins for SortedPRO and a printer, with switches for the failures under test."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from packstation.printing.protocol import (
    PrintDocument,
    PrinterCondition,
    PrinterStatus,
    PrintJobResult,
    PrintOutcome,
)
from packstation.workflow.domain import (
    Allocation,
    Destination,
    OptionSummary,
    OrderItem,
    OrderView,
    PackageSpec,
)
from packstation.workflow.shipping_api import (
    CarrierInfo,
    ConsignmentInfo,
    ConsignmentQuery,
    LabelFile,
    ManifestOutcome,
    NamedDocument,
    NotFoundError,
    OptionExpiredError,
    OutcomeUnknownError,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PACKAGE = PackageSpec(weight_kg=1.0, length_cm=30, width_cm=20, height_cm=10)


def make_order(ref: str = "EO-000-001-AAA", **kw: object) -> OrderView:
    base = OrderView(
        order_reference=ref,
        customer_order_number="SHOP-1",
        destination=Destination("A Person", "Manchester", "M1 1AA", "GB", "United Kingdom"),
        items=(OrderItem("SKU-1", "Socks", 2),),
        packages=(PACKAGE,),
        customer_option_reference=None,
        shipping_location_reference="SL-DEMO-1",
        is_international=False,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


@dataclass
class FakeConsignment:
    reference: str
    client_reference: str
    state: str = "Allocated"
    created_at: datetime = NOW
    tracking: tuple[str, ...] = ("TRK1",)


@dataclass
class FakeShippingApi:
    orders: dict[str, OrderView] = field(default_factory=dict)
    consignments: dict[str, FakeConsignment] = field(default_factory=dict)
    options_by_ref: dict[str, tuple[OptionSummary, str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    # failure switches
    select_mode: str = (
        "ok"  # ok | lost_after_commit | lost_before_commit | duplicate_lost | expired
    )
    select_delay: float = 0.0
    quote_expired_first: bool = False
    manifest_fails: set[str] = field(default_factory=set)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add_order(self, order: OrderView) -> None:
        self.orders[order.order_reference] = order

    async def get_order(self, order_reference: str) -> OrderView:
        self.calls.append(f"get_order {order_reference}")
        try:
            return self.orders[order_reference]
        except KeyError:
            raise NotFoundError(f"Order {order_reference} was not found.") from None

    async def get_option(self, option_reference: str) -> OptionSummary:
        self.calls.append(f"get_option {option_reference}")
        try:
            return self.options_by_ref[option_reference][0]
        except KeyError:
            raise NotFoundError("no such option") from None

    async def quote(
        self, order: OrderView, packages: Sequence[PackageSpec], client_reference: str
    ) -> list[OptionSummary]:
        self.calls.append(f"quote {client_reference}")
        n = next(self._counter)
        cutoff = NOW + timedelta(hours=5)
        if self.quote_expired_first and n == 1:
            cutoff = NOW - timedelta(minutes=5)
        options = [
            OptionSummary(
                reference=f"EDO-000-00{n}-CHP",
                carrier="Evri",
                service="Standard 48",
                service_reference="EVRI_48",
                delivery_date=date(2026, 11, 25),
                window_start=time(0, 0),
                window_end=time(23, 59),
                price_gross=Decimal("3.50"),
                currency="GBP",
                allocation_cutoff=cutoff,
                client_reference=client_reference,
            ),
            OptionSummary(
                reference=f"EDO-000-00{n}-FST",
                carrier="DPD",
                service="Next Day",
                service_reference="DPD_ND",
                delivery_date=date(2026, 11, 24),
                window_start=time(0, 0),
                window_end=time(23, 59),
                price_gross=Decimal("7.20"),
                currency="GBP",
                allocation_cutoff=cutoff,
                client_reference=client_reference,
            ),
        ]
        for o in options:
            self.options_by_ref[o.reference] = (o, client_reference)
        return options

    def _create(self, client_reference: str) -> FakeConsignment:
        n = next(self._counter)
        c = FakeConsignment(
            reference=f"EC-000-000-{n:03d}",
            client_reference=client_reference,
            created_at=NOW + timedelta(seconds=n),
            tracking=(f"TRK{n}",),
        )
        self.consignments[c.reference] = c
        return c

    async def select(self, option_reference: str) -> Allocation:
        self.calls.append(f"select {option_reference}")
        if self.select_delay:
            await asyncio.sleep(self.select_delay)
        option, client_reference = self.options_by_ref[option_reference]
        if self.select_mode == "expired":
            raise OptionExpiredError("expired")
        if self.select_mode == "lost_before_commit":
            raise OutcomeUnknownError("connection dropped")
        consignment = self._create(client_reference)
        if self.select_mode == "duplicate_lost":
            self._create(client_reference)
        if self.select_mode in ("lost_after_commit", "duplicate_lost"):
            raise OutcomeUnknownError("connection dropped after commit")
        return Allocation(
            consignment_reference=consignment.reference,
            carrier_name=option.carrier,
            carrier_reference=option.carrier.upper(),
            service_name=option.service,
            service_reference=option.service_reference,
            tracking_numbers=consignment.tracking,
        )

    def _info(self, c: FakeConsignment) -> ConsignmentInfo:
        return ConsignmentInfo(
            reference=c.reference,
            client_reference=c.client_reference,
            state=c.state,
            created_at=c.created_at,
            shipping_date=NOW.date(),
            carrier_reference="DPD",
            carrier_name="DPD",
            service_name="Next Day",
            tracking_numbers=c.tracking,
            labels_printed=False,
            failed_manifest_message="Carrier rejected the postcode"
            if c.state == "ManifestFailed"
            else None,
        )

    async def get_consignment(self, consignment_reference: str) -> ConsignmentInfo:
        self.calls.append(f"get_consignment {consignment_reference}")
        return self._info(self.consignments[consignment_reference])

    async def find_consignments(self, query: ConsignmentQuery) -> AsyncIterator[ConsignmentInfo]:
        self.calls.append("find_consignments")
        for c in list(self.consignments.values()):
            if query.client_reference and c.client_reference != query.client_reference:
                continue
            if query.search_term and query.search_term not in c.client_reference:
                continue
            if query.states and c.state not in query.states:
                continue
            yield self._info(c)

    async def get_label(self, consignment_reference: str, label_format: str, dpi: int) -> LabelFile:
        self.calls.append(f"get_label {consignment_reference}")
        data = b"%PDF-1.4 label " + consignment_reference.encode() + b"\n%%EOF"
        if label_format == "zpl":
            data = b"^XA^FD" + consignment_reference.encode() + b"^FS^XZ\n"
        return LabelFile(format=label_format, dpi=dpi, data=data, page_count=1)

    async def get_customs_documents(self, consignment_reference: str) -> list[NamedDocument]:
        return [NamedDocument("CommercialInvoice", "INV", b"%PDF-1.4 invoice\n%%EOF")]

    async def cancel(self, consignment_reference: str) -> None:
        self.calls.append(f"cancel {consignment_reference}")
        self.consignments[consignment_reference].state = "Cancelled"

    async def manifest(
        self,
        *,
        states: Sequence[str],
        shipping_location_reference: str | None,
        carrier_references: Sequence[str],
    ) -> ManifestOutcome:
        self.calls.append(f"manifest {','.join(carrier_references)}")
        queued = 0
        for c in self.consignments.values():
            if c.state in states:
                c.state = "ManifestFailed" if c.reference in self.manifest_fails else "Manifested"
                queued += 1
        return ManifestOutcome(f"Query found {queued} consignment(s).", ())

    async def carriers(self) -> list[CarrierInfo]:
        return [CarrierInfo("DPD", "DPD", time(17, 30))]

    def live_for(self, client_reference: str) -> list[FakeConsignment]:
        return [
            c
            for c in self.consignments.values()
            if c.client_reference == client_reference and c.state != "Cancelled"
        ]


@dataclass
class FakePrinter:
    target: str = "fake:label"
    outcome: PrintOutcome = PrintOutcome.SUBMITTED
    condition: PrinterCondition = PrinterCondition.READY
    received: list[PrintDocument] = field(default_factory=list)
    can_check_delivery: bool = True

    async def status(self) -> PrinterStatus:
        return PrinterStatus(
            self.target, self.condition, "ok" if self.condition == "ready" else "off"
        )

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        if self.outcome is PrintOutcome.FAILED:
            return PrintJobResult(self.target, PrintOutcome.FAILED, "printer is offline")
        self.received.append(document)
        return PrintJobResult(self.target, self.outcome, "sent", job_id=str(len(self.received)))

    async def has_received(self, document_name: str) -> bool | None:
        if not self.can_check_delivery:
            return None
        return any(d.name == document_name for d in self.received)


@dataclass
class FakePrinterFactory:
    printers: dict[str, FakePrinter] = field(default_factory=dict)

    def open(self, target: str) -> FakePrinter:
        return self.printers.setdefault(target, FakePrinter(target=target))
