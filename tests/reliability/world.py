"""The ground truth after each step, and the invariants that must hold over it.

Ground truth is what SortedPRO (the sandbox) holds, what the journal holds and what the printer
really received; never what the workflow says it did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from packstation.workflow.journal import PackRecord, PrintRecord
from packstation.workflow.reconcile import reconcile_reference
from packstation.workflow.states import DONE_STATES, PackState

from .printer import RecordingPrinter
from .sandbox_process import ConsignmentRow

DELIVERED_OUTCOMES = frozenset({"submitted", "printed"})
_UNSETTLED = frozenset({PackState.SELECTING, PackState.PARKED})


@dataclass(frozen=True)
class PackFacts:
    record: PackRecord
    prints: tuple[PrintRecord, ...]
    label_document_ids: frozenset[int]

    @property
    def delivered_label_prints(self) -> list[PrintRecord]:
        return [
            p
            for p in self.prints
            if p.outcome in DELIVERED_OUTCOMES and p.document_id in self.label_document_ids
        ]


@dataclass
class World:
    consignments: list[ConsignmentRow]
    packs: list[PackFacts]
    shop_references: Mapping[str, str]  # the checkout's reference -> order reference
    orders: Iterable[str]
    packs_by_order: dict[str, list[PackFacts]] = field(init=False)

    def __post_init__(self) -> None:
        self.packs_by_order = defaultdict(list)
        for facts in self.packs:
            self.packs_by_order[facts.record.order_reference].append(facts)

    def order_of(self, consignment: ConsignmentRow) -> str | None:
        client = consignment.client_reference
        if client in self.shop_references:
            return self.shop_references[client]
        for order in self.orders:
            if client.upper().startswith(order.upper()):
                return order
        return None

    def live_for(self, order: str) -> list[ConsignmentRow]:
        return [c for c in self.consignments if c.live and self.order_of(c) == order]

    def all_for(self, order: str) -> list[ConsignmentRow]:
        return [c for c in self.consignments if self.order_of(c) == order]


def consignment_violations(world: World) -> list[str]:
    """Invariant 1: at most one live consignment per order, none the journal does not know."""
    problems: list[str] = []
    for order in world.orders:
        live = world.live_for(order)
        if len(live) > 1:
            problems.append(
                f"{order}: {len(live)} live consignments: {', '.join(c.reference for c in live)}"
            )
        packs = world.packs_by_order.get(order, [])
        for consignment in live:
            owners = [p for p in packs if p.record.consignment_reference == consignment.reference]
            in_flight = [
                p
                for p in packs
                if p.record.allocation is None
                and p.record.select_attempted
                and p.record.state in _UNSETTLED
                and reconcile_reference(p.record).casefold()
                == consignment.client_reference.casefold()
            ]
            if not owners and not in_flight:
                problems.append(
                    f"{order}: live consignment {consignment.reference} "
                    f"({consignment.client_reference}) is not in the journal"
                )
            for owner in owners:
                if owner.record.state is PackState.CANCELLED:
                    problems.append(
                        f"{order}: pack {owner.record.pack_id[:8]} is cancelled but its "
                        f"consignment {consignment.reference} is live"
                    )
    return problems


def print_violations(
    world: World, printer: RecordingPrinter, reprints_asked: Mapping[str, int]
) -> list[str]:
    """Invariant 2: printed only if the printer got it; a second label only when asked."""
    problems: list[str] = []
    for facts in world.packs:
        record = facts.record
        received = printer.labels_for(record.pack_id)
        tag = f"{record.order_reference} pack {record.pack_id[:8]}"
        for job in facts.delivered_label_prints:
            index = int(job.job_id or 0) - 1
            if not 0 <= index < len(printer.received) or (
                f" {record.pack_id[:8]} " not in printer.received[index].name
            ):
                problems.append(f"{tag}: the journal says job {job.job_id} printed; it did not")
        if record.state in DONE_STATES and not received:
            problems.append(
                f"{tag}: shown as {record.state.value} but no label reached the printer"
            )
        allowed = 1 + reprints_asked.get(record.pack_id, 0)
        if len(received) > allowed:
            problems.append(
                f"{tag}: {len(received)} labels reached the printer, "
                f"{allowed - 1} reprint(s) were asked for"
            )
    return problems


def parked_violations(world: World) -> list[str]:
    return [
        f"{p.record.order_reference}: parked without a reason"
        for p in world.packs
        if p.record.state is PackState.PARKED and not (p.record.parked_reason or "").strip()
    ]
