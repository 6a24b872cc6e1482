"""The sandbox's state: the store behind one lock, and every action the API allows on it.

Each public method takes the lock, first settles manifests that have come due, and (when a
state file is configured) has the store saved after a change. Handlers render responses
inside `reading()` so that a response never mixes two moments of the store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from packstation.sandbox import manifesting, transitions
from packstation.sandbox.catalog import Catalog
from packstation.sandbox.clock import SandboxClock
from packstation.sandbox.config import ReselectMode, SandboxConfig
from packstation.sandbox.errors import ApiError, bad_request, not_found
from packstation.sandbox.faults import FaultEngine
from packstation.sandbox.lifecycle import MANIFESTABLE, ConsignmentState, require_state
from packstation.sandbox.model import (
    ConsignmentRecord,
    DeliveryOptionRecord,
    OrderRecord,
    PotentialConsignment,
    ShipmentRequest,
)
from packstation.sandbox.options import generate_candidates
from packstation.sandbox.persistence import SnapshotRenderer, StateFileWriter, load_snapshot
from packstation.sandbox.references import stable_fraction, stable_hex
from packstation.sandbox.seed import generate_orders, seed_store
from packstation.sandbox.selection import consignment_from_option
from packstation.sandbox.store import Collection, Store

S = ConsignmentState
Transition = Callable[[Store, ConsignmentRecord, datetime], None]


@dataclass(frozen=True)
class BulkResult:
    reference: str
    ok: bool
    message: str


class SandboxState:
    def __init__(
        self, config: SandboxConfig, catalog: Catalog, clock: SandboxClock, faults: FaultEngine
    ) -> None:
        self.config = config
        self.catalog = catalog
        self.clock = clock
        self._faults = faults
        self._lock = threading.RLock()
        self.generation = 0  # bumped by reset(), so caches keyed on it drop old renders
        snapshot = load_snapshot(config.state_file) if config.state_file else None
        self._store = self._seeded_store() if snapshot is None else Store(snapshot)
        self._manifesting = self._pending_manifests()
        self._renderer = SnapshotRenderer()
        self._writer = None
        if config.state_file is not None:
            self._writer = StateFileWriter(config.state_file, self._render_state_file)
            self._writer.schedule()

    def close(self) -> None:
        """Write the state file one last time (if there is one). Call without the lock."""
        if self._writer is not None:
            self._writer.close()

    def _render_state_file(self) -> list[bytes]:
        with self._lock:
            return self._renderer.render(self._store)

    # -- sessions ---------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Store]:
        with self._session() as store:
            yield store

    @contextmanager
    def _session(self) -> Iterator[Store]:
        with self._lock:
            try:
                self._settle_due()
                yield self._store
            finally:
                if self._writer is not None and self._store.has_changes:
                    self._writer.schedule()

    # -- lookups ----------------------------------------------------------------------------

    def order(self, reference: str) -> OrderRecord:
        with self.reading() as store:
            order = store.orders.get(reference.upper())
            if order is None:
                raise not_found("Order", reference)
            return order

    def option(self, reference: str) -> tuple[DeliveryOptionRecord, PotentialConsignment]:
        with self.reading() as store:
            option = store.options.get(reference.upper())
            if option is None:
                raise not_found("DeliveryOption", reference)
            return option, store.potentials[option.potential_reference]

    @staticmethod
    def consignment_in(store: Store, reference: str) -> ConsignmentRecord:
        consignment = store.consignments.get(reference.upper())
        if consignment is None:
            raise not_found("Consignment", reference)
        return consignment

    # -- delivery options -------------------------------------------------------------------

    def create_options(
        self, request: ShipmentRequest
    ) -> tuple[PotentialConsignment, list[DeliveryOptionRecord]]:
        now = self.clock.now()
        candidates = generate_candidates(self.catalog, request, now)
        with self._session() as store:
            return store.add_options(request, candidates, now)

    def select(self, reference: str) -> ConsignmentRecord:
        with self._session() as store:
            option = store.options.get(reference.upper())
            if option is None:
                raise not_found("DeliveryOption", reference)
            now = self.clock.now()
            if option.selected_consignments and self.config.reselect_mode is ReselectMode.ERROR:
                raise bad_request(
                    "DeliveryOptionAlreadySelected",
                    f"Delivery option {option.reference} has already been selected: consignment "
                    f"{option.selected_consignments[0]} was created from it.",
                )
            if now > option.allocation_cutoff:
                raise bad_request(
                    "DeliveryOptionExpired",
                    f"Delivery option {option.reference} expired at "
                    f"{option.allocation_cutoff.isoformat()}. Get new delivery options.",
                )
            potential = store.potentials[option.potential_reference]
            consignment = consignment_from_option(
                self.catalog, store.counters, option, potential, now
            )
            option.selected_consignments.append(consignment.reference)
            store.touch(Collection.OPTIONS, option.reference)
            store.add_consignment(consignment)
            return consignment

    # -- consignment actions ----------------------------------------------------------------

    def cancel(self, reference: str) -> None:
        self._act(transitions.cancel, reference)

    def deallocate(self, reference: str) -> None:
        self._act(transitions.deallocate, reference)

    def set_ready_to_ship(self, reference: str) -> None:
        self._act(transitions.set_ready_to_ship, reference)

    def set_not_ready_to_ship(self, reference: str) -> None:
        self._act(transitions.set_not_ready_to_ship, reference)

    def mark_labels_printed(self, reference: str) -> None:
        self._act(transitions.mark_labels_printed, reference)

    def _act(self, transition: Transition, reference: str) -> None:
        with self._session() as store:
            transition(store, self.consignment_in(store, reference), self.clock.now())

    def bulk(self, action: Callable[[str], None], references: list[str]) -> list[BulkResult]:
        """Apply `action` to each reference; one result per item, as the bulk endpoints answer."""
        results = []
        with self._session():
            for reference in references:
                try:
                    action(reference)
                except ApiError as error:
                    results.append(BulkResult(reference, False, error.message))
                else:
                    results.append(BulkResult(reference, True, ""))
        return results

    # -- manifesting ------------------------------------------------------------------------

    def manifest(self, references: list[str]) -> list[BulkResult]:
        with self._session() as store:
            now = self.clock.now()
            batch = stable_hex("batch", now.isoformat(), *references)

            def queue(reference: str) -> None:
                self._queue_manifest(self.consignment_in(store, reference), now, batch)

            results = self.bulk(queue, references)
            self._settle_due()
            return results

    def manifest_from_query(self, query: manifesting.ManifestQuery) -> int:
        with self._session() as store:
            now = self.clock.now()
            found = [c for c in store.consignments.values() if query.matches(c, self.catalog)]
            batch = stable_hex("batch", now.isoformat(), *(c.reference for c in found))
            for consignment in found:
                self._queue_manifest(consignment, now, batch)
            self._settle_due()
            return len(found)

    def _queue_manifest(self, consignment: ConsignmentRecord, now: datetime, batch: str) -> None:
        require_state(
            consignment.reference,
            consignment.state,
            MANIFESTABLE,
            "manifested",
            "ConsignmentCannotBeManifested",
        )
        assert consignment.allocation is not None
        carrier = self.catalog.service(consignment.allocation.service_reference).carrier
        attempt = sum(1 for change in consignment.history if change.state is S.MANIFESTING)
        die = stable_fraction(self.config.seed, "manifest", consignment.reference, attempt)
        fails = self._faults.manifest_should_fail(consignment.reference) or (
            die < self.config.manifest_failure_rate
        )
        failure = manifesting.failure_message(carrier.name) if fails else None
        manifesting.queue(consignment, now, self.config.manifest_delay_seconds, failure, batch)
        self._store.touch(Collection.CONSIGNMENTS, consignment.reference)
        self._manifesting.add(consignment.reference)

    def _settle_due(self) -> None:
        if not self._manifesting:
            return
        now = self.clock.now()
        due = [
            consignment
            for reference in sorted(self._manifesting)
            if (consignment := self._store.consignments[reference]).pending_manifest is not None
            and consignment.pending_manifest.due_at <= now
        ]
        if due:
            manifesting.settle(due, self._store, self.catalog, self.config.seed)
            self._manifesting.difference_update(c.reference for c in due)

    def _pending_manifests(self) -> set[str]:
        return {
            consignment.reference
            for consignment in self._store.consignments.values()
            if consignment.pending_manifest is not None
        }

    # -- admin ------------------------------------------------------------------------------

    def reset(self) -> None:
        with self._session():
            self.clock.reset()
            self._store = self._seeded_store()
            self._manifesting = set()
            self._renderer = SnapshotRenderer()  # the new store's records are all new to it
            self.generation += 1

    def set_clock_offset(self, seconds: float) -> datetime:
        with self._session():
            self.clock.set_offset(seconds)
            self._settle_due()
            return self.clock.now()

    def generate_orders(self, count: int) -> list[OrderRecord]:
        with self._session() as store:
            return generate_orders(store, self.catalog, self.config.seed, self.clock.now(), count)

    def _seeded_store(self) -> Store:
        store = Store()
        seed_store(
            store, self.catalog, self.config.seed, self.clock.now(), self.config.extra_orders
        )
        return store
