"""Search Consignments filters (§5.2), from a query string whose names ignore case."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from packstation.sandbox.catalog import Catalog
from packstation.sandbox.lifecycle import ConsignmentState, parse_state
from packstation.sandbox.model import ConsignmentRecord
from packstation.sandbox.query import Query
from packstation.sandbox.request_fields import Problems, parse_date
from packstation.sandbox.store import Store

MAX_TAKE = 1000


@dataclass(frozen=True)
class ConsignmentFilter:
    reference: str | None = None
    customer_reference: str | None = None
    search_term: str | None = None
    tracking_reference: str | None = None
    states: frozenset[ConsignmentState] | None = None
    created_from: date | None = None
    created_to: date | None = None
    shipping_from: date | None = None
    shipping_to: date | None = None
    carrier_service: str | None = None
    shipping_location: str | None = None
    labels_printed: bool | None = None
    postcode: str | None = None
    destination_country: str | None = None
    direction: str | None = None

    def candidates(self, store: Store) -> Iterable[ConsignmentRecord]:
        """The records worth checking, through an index when a filter allows one."""
        if self.reference is not None:
            found = store.consignments.get(self.reference.upper())
            return [] if found is None else [found]
        if self.tracking_reference is not None:
            found = store.by_tracking_number(self.tracking_reference)
            return [] if found is None else [found]
        if self.customer_reference is not None:
            return store.by_customer_reference(self.customer_reference)
        return store.consignments.values()

    def matches(self, consignment: ConsignmentRecord, catalog: Catalog) -> bool:
        request = consignment.request
        destination = request.address("Destination") or {}
        checks = (
            self.states is None or consignment.state in self.states,
            date_within(consignment.created.date(), self.created_from, self.created_to),
            date_within(consignment.shipping_date, self.shipping_from, self.shipping_to),
            self.labels_printed is None or consignment.labels_printed == self.labels_printed,
            self.direction is None or request.direction.lower() == self.direction.lower(),
            self.shipping_location is None
            or catalog.same_location(request.shipping_location_reference, self.shipping_location),
            _same(_postcode_key(destination.get("Postcode")), _postcode_key(self.postcode)),
            _same(
                ((destination.get("Country") or {}).get("IsoCode") or {}).get("TwoLetterCode"),
                self.destination_country,
            ),
            self.carrier_service is None or _service_matches(consignment, self.carrier_service),
            self.search_term is None or _contains_term(consignment, self.search_term),
        )
        return all(checks)


def parse_filter(query: Query) -> ConsignmentFilter:
    problems = Problems()
    states = _parse_states(query.get_all("state"), problems)
    labels_printed = query.get("labelsPrinted")
    if labels_printed is not None and labels_printed.lower() not in ("true", "false"):
        problems.invalid("labelsPrinted", "labelsPrinted must be true or false.")
    consignment_filter = ConsignmentFilter(
        reference=query.get("reference"),
        customer_reference=query.get("referenceProvidedByCustomer"),
        search_term=query.get("searchTerm"),
        tracking_reference=query.get("trackingReference"),
        states=states,
        created_from=parse_date(query.get("createdDateFrom"), "createdDateFrom", problems),
        created_to=parse_date(query.get("createdDateTo"), "createdDateTo", problems),
        shipping_from=parse_date(query.get("shippingDateFrom"), "shippingDateFrom", problems),
        shipping_to=parse_date(query.get("shippingDateTo"), "shippingDateTo", problems),
        carrier_service=query.get("carrierService"),
        shipping_location=query.get("shippingLocationReference"),
        labels_printed=None if labels_printed is None else labels_printed.lower() == "true",
        postcode=query.get("postCode"),
        destination_country=query.get("destinationCountryCode"),
        direction=query.get("direction"),
    )
    problems.raise_if_any()
    return consignment_filter


def search(store: Store, catalog: Catalog, query: ConsignmentFilter) -> list[ConsignmentRecord]:
    """Every match, newest first."""
    matches = [c for c in query.candidates(store) if query.matches(c, catalog)]
    matches.sort(key=lambda consignment: (consignment.created, consignment.reference), reverse=True)
    return matches


def _parse_states(values: list[str], problems: Problems) -> frozenset[ConsignmentState] | None:
    texts = [text for value in values for text in value.split(",") if text.strip()]
    if not texts:
        return None
    states = set()
    for text in texts:
        state = parse_state(text)
        if state is None:
            problems.invalid("state", f"Unknown consignment state {text.strip()!r}.")
        else:
            states.add(state)
    return frozenset(states)


def date_within(day: date | None, first: date | None, last: date | None) -> bool:
    if first is None and last is None:
        return True
    if day is None:
        return False
    return (first is None or day >= first) and (last is None or day <= last)


def _same(value: object, wanted: str | None) -> bool:
    return wanted is None or (isinstance(value, str) and value.lower() == wanted.lower())


def _postcode_key(postcode: object) -> str | None:
    return postcode.replace(" ", "") if isinstance(postcode, str) else None


def _service_matches(consignment: ConsignmentRecord, wanted: str) -> bool:
    allocation = consignment.allocation
    return allocation is not None and allocation.service_reference.lower() == wanted.lower()


def _contains_term(consignment: ConsignmentRecord, term: str) -> bool:
    needle = term.lower()
    haystack = [consignment.reference, consignment.request.customer_reference or ""]
    haystack += [package.tracking_number or "" for package in consignment.packages]
    return any(needle in text.lower() for text in haystack)
