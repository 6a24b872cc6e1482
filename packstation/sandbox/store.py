"""The records, their lookup indexes, and which records changed since the last save.

Not locked itself: `SandboxState` holds the lock. Whoever changes a record calls `touch`, so
the state file writer re-serialises only what changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from packstation.sandbox.model import (
    ConsignmentRecord,
    DeliveryOptionRecord,
    ManifestRecord,
    OrderRecord,
    PotentialConsignment,
    ShipmentRequest,
)
from packstation.sandbox.options import OptionCandidate
from packstation.sandbox.references import Prefix, ReferenceCounters, stable_hex

SNAPSHOT_VERSION = 1


class Collection(StrEnum):
    """The store's record collections, named as the snapshot's JSON keys."""

    ORDERS = "orders"
    POTENTIALS = "potentials"
    OPTIONS = "options"
    CONSIGNMENTS = "consignments"
    MANIFESTS = "manifests"


@dataclass
class StoreSnapshot:
    """Everything that survives a restart; written as JSON by `persistence`."""

    version: int = SNAPSHOT_VERSION
    counters: dict[str, int] = field(default_factory=dict)
    orders: list[OrderRecord] = field(default_factory=list)
    potentials: list[PotentialConsignment] = field(default_factory=list)
    options: list[DeliveryOptionRecord] = field(default_factory=list)
    consignments: list[ConsignmentRecord] = field(default_factory=list)
    manifests: list[ManifestRecord] = field(default_factory=list)


Change = tuple[Collection, str]


class Store:
    def __init__(self, snapshot: StoreSnapshot | None = None) -> None:
        snapshot = snapshot or StoreSnapshot()
        self.counters = ReferenceCounters(snapshot.counters)
        self.orders = {order.reference: order for order in snapshot.orders}
        self.potentials = {p.reference: p for p in snapshot.potentials}
        self.options = {option.reference: option for option in snapshot.options}
        # Insertion order is creation order; listings rely on it.
        self.consignments: dict[str, ConsignmentRecord] = {}
        self.manifests = {manifest.reference: manifest for manifest in snapshot.manifests}
        self._by_customer_reference: dict[str, list[str]] = {}
        self._by_tracking: dict[str, str] = {}
        self._changes: dict[Change, None] = {}  # an ordered set: new records keep their order
        for consignment in snapshot.consignments:
            self.add_consignment(consignment)
        for collection in Collection:
            for key in self.records(collection):
                self.touch(collection, key)

    def records(self, collection: Collection) -> Mapping[str, object]:
        by_collection: dict[Collection, Mapping[str, object]] = {
            Collection.ORDERS: self.orders,
            Collection.POTENTIALS: self.potentials,
            Collection.OPTIONS: self.options,
            Collection.CONSIGNMENTS: self.consignments,
            Collection.MANIFESTS: self.manifests,
        }
        return by_collection[collection]

    # -- change tracking --------------------------------------------------------------------

    def touch(self, collection: Collection, key: str) -> None:
        self._changes[(collection, key)] = None

    @property
    def has_changes(self) -> bool:
        return bool(self._changes)

    def take_changes(self) -> list[Change]:
        changes = list(self._changes)
        self._changes.clear()
        return changes

    # -- adding records ---------------------------------------------------------------------

    def add_order(self, order: OrderRecord) -> None:
        self.orders[order.reference] = order
        self.touch(Collection.ORDERS, order.reference)

    def add_options(
        self, request: ShipmentRequest, candidates: Iterable[OptionCandidate], now: datetime
    ) -> tuple[PotentialConsignment, list[DeliveryOptionRecord]]:
        """Keep the request as a potential consignment (EPC-) with one EDO- per candidate."""
        potential = PotentialConsignment(
            self.counters.next(Prefix.POTENTIAL_CONSIGNMENT), request, now
        )
        for package_index, package in enumerate(request.packages):
            for item_index, item in enumerate(package.items):
                item.reference = item.reference or stable_hex(
                    potential.reference, package_index, item_index
                )
        options = [
            DeliveryOptionRecord(
                reference=self.counters.next(Prefix.DELIVERY_OPTION),
                potential_reference=potential.reference,
                service_reference=candidate.service.reference,
                shipping_date=candidate.shipping_date,
                delivery_date=candidate.delivery_date,
                allocation_cutoff=candidate.allocation_cutoff,
                operational_cutoff=candidate.operational_cutoff,
                net=candidate.net,
                created=now,
            )
            for candidate in candidates
        ]
        self.potentials[potential.reference] = potential
        self.touch(Collection.POTENTIALS, potential.reference)
        for option in options:
            self.options[option.reference] = option
            self.touch(Collection.OPTIONS, option.reference)
        return potential, options

    def add_consignment(self, consignment: ConsignmentRecord) -> None:
        self.consignments[consignment.reference] = consignment
        self.touch(Collection.CONSIGNMENTS, consignment.reference)
        customer_reference = consignment.request.customer_reference
        if customer_reference:
            key = customer_reference.lower()
            self._by_customer_reference.setdefault(key, []).append(consignment.reference)
        self.index_tracking(consignment)

    def add_manifest(self, manifest: ManifestRecord) -> None:
        self.manifests[manifest.reference] = manifest
        self.touch(Collection.MANIFESTS, manifest.reference)

    # -- indexes ----------------------------------------------------------------------------

    def index_tracking(self, consignment: ConsignmentRecord) -> None:
        for package in consignment.packages:
            if package.tracking_number:
                self._by_tracking[package.tracking_number.upper()] = consignment.reference

    def unindex_tracking(self, consignment: ConsignmentRecord) -> None:
        for package in consignment.packages:
            if package.tracking_number:
                self._by_tracking.pop(package.tracking_number.upper(), None)

    def by_customer_reference(self, customer_reference: str) -> list[ConsignmentRecord]:
        references = self._by_customer_reference.get(customer_reference.lower(), [])
        return [self.consignments[reference] for reference in references]

    def by_tracking_number(self, tracking_number: str) -> ConsignmentRecord | None:
        reference = self._by_tracking.get(tracking_number.upper())
        return None if reference is None else self.consignments[reference]

    def snapshot(self) -> StoreSnapshot:
        return StoreSnapshot(
            counters=self.counters.to_json(),
            orders=list(self.orders.values()),
            potentials=list(self.potentials.values()),
            options=list(self.options.values()),
            consignments=list(self.consignments.values()),
            manifests=list(self.manifests.values()),
        )
