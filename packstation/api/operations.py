"""Every call the client makes, with its retry safety and its timeout class."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from packstation.api.timeouts import TimeoutKind


class Safety(Enum):
    SAFE = "safe"
    """Repeating it changes nothing on the server: retry on any transient failure."""
    UNSAFE = "unsafe"
    """It creates, allocates or changes something: retry only when the server never processed it."""


@dataclass(frozen=True, slots=True)
class Operation:
    key: str
    """A stable identifier for logs and tests: "select_delivery_option"."""
    action: str
    """Plain words that complete "could not ...": "select the delivery option"."""
    safety: Safety
    timeout: TimeoutKind


_S, _U = Safety.SAFE, Safety.UNSAFE
_T = TimeoutKind

GET_ORDER = Operation("get_order", "look up the order", _S, _T.LOOKUP)
GET_DELIVERY_OPTIONS = Operation(
    "get_delivery_options", "get delivery options", _S, _T.DELIVERY_OPTIONS
)
GET_DELIVERY_OPTIONS_SUMMARY = Operation(
    "get_delivery_options_summary", "get delivery dates", _S, _T.DELIVERY_OPTIONS
)
GET_DELIVERY_OPTION_DETAILS = Operation(
    "get_delivery_option_details", "check the delivery option", _S, _T.LOOKUP
)
SELECT_DELIVERY_OPTION = Operation(
    "select_delivery_option", "select the delivery option", _U, _T.SELECT
)
GET_LABELS = Operation("get_labels", "get the labels", _S, _T.LABELS)
GET_PACKAGE_LABEL = Operation("get_package_label", "get the package label", _S, _T.LABELS)
GET_CUSTOMS_DOCUMENTS = Operation(
    "get_customs_documents", "get the customs documents", _S, _T.LABELS
)
GET_CONSIGNMENT = Operation("get_consignment", "look up the consignment", _S, _T.LOOKUP)
GET_CONSIGNMENT_STATUS = Operation(
    "get_consignment_status", "check the consignment status", _S, _T.LOOKUP
)
SEARCH_CONSIGNMENTS = Operation("search_consignments", "search consignments", _S, _T.LOOKUP)
MANIFEST_FROM_QUERY = Operation("manifest_from_query", "manifest the consignments", _U, _T.MANIFEST)
MANIFEST_CONSIGNMENTS = Operation(
    "manifest_consignments", "manifest the consignments", _U, _T.MANIFEST
)
CANCEL_CONSIGNMENT = Operation("cancel_consignment", "cancel the consignment", _U, _T.CHANGE)
CANCEL_CONSIGNMENTS = Operation("cancel_consignments", "cancel the consignments", _U, _T.CHANGE)
DEALLOCATE_CONSIGNMENT = Operation(
    "deallocate_consignment", "deallocate the consignment", _U, _T.CHANGE
)
SET_READY_TO_SHIP = Operation(
    "set_ready_to_ship", "mark the consignments ready to ship", _U, _T.CHANGE
)
GET_SHIPPING_LOCATIONS = Operation(
    "get_shipping_locations", "get the shipping locations", _S, _T.LOOKUP
)
GET_CARRIER_SERVICES = Operation("get_carrier_services", "get the carrier services", _S, _T.LOOKUP)
