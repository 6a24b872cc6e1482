"""Pydantic models of the SortedPRO v1 resources, one module per resource."""

from packstation.api.models.allocation import AllocationResult
from packstation.api.models.base import ApiModel
from packstation.api.models.common import (
    Address,
    ApiLink,
    Barcode,
    Contact,
    Country,
    CountryIsoCode,
    Currency,
    Dimensions,
    LatLong,
    MetaData,
    Money,
    OperationResult,
    Price,
    TaxRate,
    TimeWindow,
    Weight,
    WithMessage,
)
from packstation.api.models.consignments import (
    Allocation,
    Consignment,
    ConsignmentSearch,
    ConsignmentSearchPage,
    ConsignmentStatus,
    ConsignmentSummary,
    FailedAllocation,
)
from packstation.api.models.customs import (
    CustomsDocument,
    CustomsDocumentation,
    CustomsDocumentKind,
)
from packstation.api.models.delivery_options import (
    DeliveryOption,
    DeliveryOptionDetails,
    DeliveryOptionsRequest,
    DeliveryOptionsResponse,
    DeliveryOptionsSummary,
    EstimatedDeliveryDate,
    PotentialConsignment,
)
from packstation.api.models.enums import (
    MANIFESTABLE_STATES,
    AddressType,
    ConsignmentState,
    Direction,
    WeightUnit,
)
from packstation.api.models.labels import LabelDocument, LabelFormat
from packstation.api.models.manifests import (
    ManifestFromQueryRequest,
    ManifestFromQueryResult,
    ShippingDateRange,
)
from packstation.api.models.orders import Order, RequiredDeliveryDate
from packstation.api.models.packages import ConsignmentLeg, Item, Package, PackageDetail
from packstation.api.models.settings_lookups import CarrierService, ShippingLocation

__all__ = [
    "MANIFESTABLE_STATES",
    "Address",
    "AddressType",
    "Allocation",
    "AllocationResult",
    "ApiLink",
    "ApiModel",
    "Barcode",
    "CarrierService",
    "Consignment",
    "ConsignmentLeg",
    "ConsignmentSearch",
    "ConsignmentSearchPage",
    "ConsignmentState",
    "ConsignmentStatus",
    "ConsignmentSummary",
    "Contact",
    "Country",
    "CountryIsoCode",
    "Currency",
    "CustomsDocument",
    "CustomsDocumentKind",
    "CustomsDocumentation",
    "DeliveryOption",
    "DeliveryOptionDetails",
    "DeliveryOptionsRequest",
    "DeliveryOptionsResponse",
    "DeliveryOptionsSummary",
    "Dimensions",
    "Direction",
    "EstimatedDeliveryDate",
    "FailedAllocation",
    "Item",
    "LabelDocument",
    "LabelFormat",
    "LatLong",
    "ManifestFromQueryRequest",
    "ManifestFromQueryResult",
    "MetaData",
    "Money",
    "OperationResult",
    "Order",
    "Package",
    "PackageDetail",
    "PotentialConsignment",
    "Price",
    "RequiredDeliveryDate",
    "ShippingDateRange",
    "ShippingLocation",
    "TaxRate",
    "TimeWindow",
    "Weight",
    "WeightUnit",
    "WithMessage",
]
