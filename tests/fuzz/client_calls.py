"""Every public method of `AsyncSortedPro`, with valid arguments and the body its route answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from packstation.api import (
    AsyncSortedPro,
    ConsignmentSearch,
    ConsignmentState,
    DeliveryOptionsRequest,
    LabelFormat,
    ManifestFromQueryRequest,
)
from tests.fuzz import templates
from tests.fuzz.json_mutation import Template
from tests.unit.api import examples
from tests.unit.api.helpers import PDF_BYTES, PNG_BYTES, ZPL_BYTES

EC = "EC-000-05B-MMQ"
OPTIONS_REQUEST = DeliveryOptionsRequest.model_validate(examples.MINIMAL_DELIVERY_OPTIONS_REQUEST)
MANIFEST_REQUEST = ManifestFromQueryRequest.model_validate(examples.MANIFEST_FROM_QUERY_REQUEST)
SEARCH = ConsignmentSearch(states=(ConsignmentState.ALLOCATED, ConsignmentState.READY_TO_SHIP))

Call = Callable[[AsyncSortedPro], Awaitable[Any]]


async def _every_match(api: AsyncSortedPro) -> list[Any]:
    return [row async for row in api.search_consignments(SEARCH, page_size=2)]


_CALLS: dict[str, tuple[Any, Call]] = {
    "get_order": (templates.ORDER, lambda api: api.get_order("EO-000-002-0TT")),
    "get_delivery_options": (
        templates.DELIVERY_OPTIONS,
        lambda api: api.get_delivery_options(OPTIONS_REQUEST),
    ),
    "get_delivery_options_summary": (
        examples.DELIVERY_OPTIONS_SUMMARY,
        lambda api: api.get_delivery_options_summary(OPTIONS_REQUEST),
    ),
    "get_delivery_option_details": (
        templates.DELIVERY_OPTION_DETAILS,
        lambda api: api.get_delivery_option_details("EDO-000-6DX-6XP"),
    ),
    "select_delivery_option (1.1 summary)": (
        examples.ALLOCATION_SUMMARY,
        lambda api: api.select_delivery_option("EDO-000-6DX-6XP"),
    ),
    "select_delivery_option (bare links)": (
        examples.SELECT_BARE_LINKS,
        lambda api: api.select_delivery_option("EDO-000-6DX-6XP"),
    ),
    "get_labels pdf": (
        templates.label_payload(PDF_BYTES),
        lambda api: api.get_labels(EC, LabelFormat.PDF),
    ),
    "get_labels zpl 300": (
        templates.label_payload(ZPL_BYTES, "application/zpl"),
        lambda api: api.get_labels(EC, LabelFormat.ZPL, 300),
    ),
    "get_package_label png": (
        templates.label_payload(PNG_BYTES, "image/png"),
        lambda api: api.get_package_label(EC, "EP-000-05E-YRQ", LabelFormat.PNG, 203),
    ),
    "get_customs_documents": (
        templates.CUSTOMS_DOCUMENTS,
        lambda api: api.get_customs_documents(EC),
    ),
    "get_consignment": (templates.CONSIGNMENT, lambda api: api.get_consignment(EC)),
    "get_consignment_status": (
        examples.CONSIGNMENT_STATUS,
        lambda api: api.get_consignment_status(EC),
    ),
    "search_consignments_page": (
        examples.SEARCH_PAGE,
        lambda api: api.search_consignments_page(
            SEARCH.for_state(ConsignmentState.ALLOCATED), take=100, skip=0
        ),
    ),
    "search_consignments": (examples.SEARCH_PAGE, _every_match),
    "manifest_from_query": (
        examples.MANIFEST_FROM_QUERY_RESPONSE,
        lambda api: api.manifest_from_query(MANIFEST_REQUEST),
    ),
    "manifest_consignments": (
        examples.MANIFEST_BY_REFERENCES_RESPONSE,
        lambda api: api.manifest_consignments([EC, "EC-000-05B-MMR"]),
    ),
    "cancel_consignment": ({}, lambda api: api.cancel_consignment(EC)),
    "cancel_consignments": (
        examples.CANCEL_LIST_RESPONSE,
        lambda api: api.cancel_consignments([EC]),
    ),
    "deallocate_consignment": ({}, lambda api: api.deallocate_consignment(EC)),
    "set_ready_to_ship": (
        examples.CANCEL_LIST_RESPONSE,
        lambda api: api.set_ready_to_ship([EC]),
    ),
    "get_shipping_locations": (
        templates.SHIPPING_LOCATIONS,
        lambda api: api.get_shipping_locations(),
    ),
    "get_shipping_locations assigned": (
        {"ShippingLocations": templates.SHIPPING_LOCATIONS},
        lambda api: api.get_shipping_locations(assigned_only=True),
    ),
    "get_carrier_services": (
        templates.CARRIER_SERVICES,
        lambda api: api.get_carrier_services(),
    ),
}
CALLS: dict[str, tuple[Template, Call]] = {
    name: (Template(name, document), call) for name, (document, call) in _CALLS.items()
}
PUBLIC_METHODS = frozenset(
    name
    for name in vars(AsyncSortedPro)
    if not name.startswith("_") and callable(getattr(AsyncSortedPro, name))
) - {"aclose"}
