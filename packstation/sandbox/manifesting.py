"""Manifesting (§5.9): queued at once, settled to Manifested or ManifestFailed when due.

Settling is lazy: the state settles every due consignment before it answers any request, so
no timer thread is needed and a shifted sandbox clock settles them too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from packstation.sandbox.catalog import Catalog
from packstation.sandbox.errors import ErrorDetail, validation_failed
from packstation.sandbox.lifecycle import MANIFESTABLE, ConsignmentState, parse_state
from packstation.sandbox.model import ConsignmentRecord, ManifestRecord, PendingManifest
from packstation.sandbox.references import stable_hex
from packstation.sandbox.request_fields import Problems, parse_date
from packstation.sandbox.search import date_within
from packstation.sandbox.store import Collection, Store


@dataclass(frozen=True)
class ManifestQuery:
    states: frozenset[ConsignmentState]
    shipping_location_references: frozenset[str] | None = None  # upper case
    carriers: frozenset[str] | None = None  # carrier references, upper case
    labels_printed: bool | None = None
    shipping_date: date | None = None
    shipping_date_from: date | None = None
    shipping_date_to: date | None = None

    def matches(self, consignment: ConsignmentRecord, catalog: Catalog) -> bool:
        if consignment.state not in self.states or consignment.allocation is None:
            return False
        request = consignment.request
        locations = self.shipping_location_references
        here = request.shipping_location_reference
        if locations is not None and not any(
            catalog.same_location(here, name) for name in locations
        ):
            return False
        carrier = catalog.service(consignment.allocation.service_reference).carrier
        if self.carriers is not None and carrier.reference.upper() not in self.carriers:
            return False
        if self.labels_printed is not None and consignment.labels_printed != self.labels_printed:
            return False
        return _date_matches(consignment.shipping_date, self)


def _date_matches(shipping_date: date | None, query: ManifestQuery) -> bool:
    on_the_day = query.shipping_date is None or shipping_date == query.shipping_date
    return on_the_day and date_within(
        shipping_date, query.shipping_date_from, query.shipping_date_to
    )


def parse_manifest_query(body: Any) -> ManifestQuery:
    problems = Problems()
    if not isinstance(body, Mapping):
        problems.invalid("", "The request body must be a JSON object.")
        problems.raise_if_any()
    states = _parse_states(body.get("States"), problems)
    ranges = body.get("ShippingDateRanges")
    if ranges is not None and not isinstance(ranges, Mapping):
        problems.invalid("ShippingDateRanges", 'An object {"StartDate", "EndDate"}.')
        ranges = None
    labels_printed = body.get("LabelsPrinted")
    if labels_printed is not None and not isinstance(labels_printed, bool):
        problems.invalid("LabelsPrinted", "LabelsPrinted must be true, false or null.")
        labels_printed = None
    query = ManifestQuery(
        states=states,
        shipping_location_references=_upper_set(body, "ShippingLocationReferences", problems),
        carriers=_upper_set(body, "Carriers", problems),
        labels_printed=labels_printed,
        shipping_date=parse_date(body.get("ShippingDate"), "ShippingDate", problems),
        shipping_date_from=parse_date(
            (ranges or {}).get("StartDate"), "ShippingDateRanges.StartDate", problems
        ),
        shipping_date_to=parse_date(
            (ranges or {}).get("EndDate"), "ShippingDateRanges.EndDate", problems
        ),
    )
    problems.raise_if_any()
    return query


def _parse_states(raw: Any, problems: Problems) -> frozenset[ConsignmentState]:
    if not isinstance(raw, list) or not raw:
        problems.required("States", "States is required: Allocated, ManifestFailed, ReadyToShip.")
        return frozenset()
    states = set()
    for index, text in enumerate(raw):
        state = parse_state(text) if isinstance(text, str) else None
        if state is None or state not in MANIFESTABLE:
            problems.invalid(
                f"States[{index}]",
                "Only Allocated, ManifestFailed and ReadyToShip can be manifested.",
            )
        else:
            states.add(state)
    return frozenset(states)


def _upper_set(body: Mapping[str, Any], key: str, problems: Problems) -> frozenset[str] | None:
    raw = body.get(key)
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(entry, str) for entry in raw):
        problems.invalid(key, f"{key} must be an array of strings.")
        return None
    return frozenset(entry.upper() for entry in raw) or None


def parse_manifest_references(body: Any) -> list[str]:
    references = body.get("ConsignmentReferences") if isinstance(body, Mapping) else None
    if not isinstance(references, list) or not references:
        raise validation_failed(
            [
                ErrorDetail(
                    "Required", "ConsignmentReferences", "At least one consignment reference."
                )
            ]
        )
    if not all(isinstance(reference, str) for reference in references):
        raise validation_failed(
            [ErrorDetail("Invalid", "ConsignmentReferences", "References must be strings.")]
        )
    return [reference.upper() for reference in references]


def queue(
    consignment: ConsignmentRecord,
    now: datetime,
    delay_seconds: float,
    failure: str | None,
    batch: str,
) -> None:
    consignment.move_to(ConsignmentState.MANIFESTING, now)
    consignment.pending_manifest = PendingManifest(
        now + timedelta(seconds=delay_seconds), batch, failure
    )


def failure_message(carrier_name: str) -> str:
    return (
        f"{carrier_name} rejected the manifest: the collection could not be booked "
        "(sandbox simulated failure). Try again."
    )


def settle(
    consignments: Sequence[ConsignmentRecord], store: Store, catalog: Catalog, seed: int
) -> None:
    """Apply the due outcome to each consignment; file the manifested ones in manifests."""
    for consignment in consignments:
        pending = consignment.pending_manifest
        assert pending is not None
        assert consignment.allocation is not None
        consignment.pending_manifest = None
        store.touch(Collection.CONSIGNMENTS, consignment.reference)
        if pending.failure_message is not None:
            consignment.failed_manifest_message = pending.failure_message
            consignment.failed_manifest_at = pending.due_at
            consignment.move_to(ConsignmentState.MANIFEST_FAILED, pending.due_at)
            continue
        carrier = catalog.service(consignment.allocation.service_reference).carrier
        location = consignment.request.shipping_location_reference
        reference = stable_hex(seed, "manifest", pending.batch, carrier.reference, location)
        manifest = store.manifests.get(reference)
        if manifest is None:
            manifest = ManifestRecord(reference, location, carrier.reference, pending.due_at, [])
        manifest.consignments.append(consignment.reference)
        store.add_manifest(manifest)
        consignment.manifest_reference = reference
        consignment.failed_manifest_message = None
        consignment.failed_manifest_at = None
        consignment.move_to(ConsignmentState.MANIFESTED, pending.due_at)
