"""A well-formed response body for every client method: what the fuzzers start from.

Most come from the API reference's own examples (tests/unit/api/examples.py); the rest are
assembled from the documented field names, with every optional part filled in so that mutations
reach every validator.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.unit.api import examples
from tests.unit.api.helpers import PDF_BYTES, b64

CUSTOMS_DOCUMENTATION: dict[str, Any] = {
    "DesignatedPersonResponsible": "A Person",
    "ShipperCustomsReference": "GB123",
    "ImportersTelephone": "+1 555 0100",
    "ImportersEmail": "importer@example.com",
    "ReceiversShippingCost": {"Amount": 4.5, "Currency": "GBP"},
    "CategoryType": "SaleOfGoods",
    "CN23Comments": "Socks",
    "ReferencesOfAttachedInvoices": ["INV-1"],
    "DeclarationDate": "2019-06-17T00:00:00+00:00",
    "InvoiceDate": "2019-06-17T00:00:00",
    "ShippingTerms": "DAP",
}
ITEM: dict[str, Any] = {
    "Reference": "4f1b",
    "Sku": "SKU093434",
    "Description": "Wool socks",
    "CountryOfOrigin": {"Name": "United Kingdom", "IsoCode": "GB"},
    "HarmonisationCode": "6115950000",
    "Weight": {"Value": 0.2, "Unit": "Kg"},
    "Dimensions": {"Width": 1, "Length": 2, "Height": 3, "Unit": "Cm"},
    "Value": {"Amount": 5.99, "Currency": {"IsoCode": "GBP"}},
    "Quantity": 2,
    "Barcode": {"Code": "5012345678900", "BarcodeType": "EAN13"},
    "MetaData": [{"KeyValue": "Colour", "StringValue": "Red", "IntValue": 3}],
}
ORDER: dict[str, Any] = {
    **copy.deepcopy(examples.ORDER),
    "DeliveryOptionReference": "EDO-000-6D0-000",
    "ShippingDate": "2019-06-17T00:00:00",
    "EarliestDeliveryDate": "2019-06-18T00:00:00+00:00",
    "LatestDeliveryDate": "",
    "Weight": {"Value": 1.3, "Unit": "Kg"},
    "CustomsDocumentation": CUSTOMS_DOCUMENTATION,
    "Tags": ["fragile"],
}
ORDER["Packages"][0]["Items"] = [ITEM, {"Sku": "SKU2", "Quantity": 1}]
ORDER["Packages"][0]["Description"] = "Box of socks"
ORDER["Packages"][0]["Value"] = {"Amount": 11.98, "Currency": {"IsoCode": "GBP"}}
ORDER["Addresses"][1]["CustomerName"] = "Peter McPetersson"
ORDER["Addresses"][1]["Town"] = "Manchester"

DELIVERY_OPTIONS: dict[str, Any] = {
    "DeliveryOptions": [
        examples.DELIVERY_OPTION,
        {**examples.DELIVERY_OPTION, "Reference": "EDO-000-6DX-6XQ", "AllocationCutOff": None},
        # .NET writes a DateTime of unspecified kind without an offset.
        {
            **examples.DELIVERY_OPTION,
            "Reference": "EDO-000-6DX-6XS",
            "AllocationCutOff": "2026-11-23T17:30:00",
        },
    ],
    "NonGuaranteedDeliveryOption": {**examples.DELIVERY_OPTION, "Reference": "EDO-000-6DX-6XR"},
}
DELIVERY_OPTION_DETAILS: dict[str, Any] = {
    "Reference": "EDO-000-6DX-6XP",
    "ConsignmentDetail": {
        "Reference": "EPC-000-039-EPK",
        "Weight": {"Kg": 0.5},
        "Value": {"Amount": 5.99, "Currency": {"IsoCode": "GBP"}},
        "CustomsDocumentation": CUSTOMS_DOCUMENTATION,
        "DateCreated": "2019-06-17T09:30:00+01:00",
        "ConsignmentReferenceProvidedByCustomer": "PACK-001",
        "Addresses": examples.MINIMAL_DELIVERY_OPTIONS_REQUEST["Addresses"],
    },
    "DeliveryOption": examples.DELIVERY_OPTION,
}
CONSIGNMENT: dict[str, Any] = {
    **copy.deepcopy(examples.CONSIGNMENT),
    "FailedAllocation": {"Message": "No carrier", "AttemptedAllocationDate": "2019-06-17"},
    "ShippingDate": "2019-06-17T00:00:00",
    "CustomsDocumentation": CUSTOMS_DOCUMENTATION,
    "MetaData": [{"KeyValue": "Picker", "DateTimeValue": "2019-06-17T00:00:00Z"}],
    "Value": {"Amount": 5.99, "Currency": "GBP"},
    "Tags": ["a"],
}
SHIPPING_LOCATIONS: list[dict[str, Any]] = [
    {
        "Reference": "SL-DEMO-1",
        "Name": "Demo Warehouse",
        "CompanyName": "Packstation Demo Ltd",
        "AddressLine1": "1 Dock Road",
        "Town": "Manchester",
        "Postcode": "M1 1AA",
        "Country": {"Name": "United Kingdom", "IsoCode": "GB"},
        "DefaultLocationForReturns": False,
    }
]
CARRIER_SERVICES: list[dict[str, Any]] = [
    {
        "Reference": "DPD_NEXTDAY",
        "Name": "DPD Next Day",
        "CarrierReference": "DPD",
        "CarrierName": "DPD",
        "CollectionCutOff": "18:00:00",
        "IsConfigured": True,
    },
    {
        "Reference": "RM_TRACKED48",
        "Name": "Royal Mail Tracked 48",
        "MpdCarrierReference": "ROYAL_MAIL",
        "CarrierName": "Royal Mail",
        "CollectionCutOff": "24:00:00",
    },
]
CUSTOMS_DOCUMENTS: dict[str, Any] = {
    **examples.CUSTOMS_DOCUMENTS_LIST,
    "CN23Documents": [{"Key": "CN23_EP-000-05E-YRQ", "Value": b64(PDF_BYTES)}],
}


def label_payload(data: bytes, content_type: str = "application/pdf") -> dict[str, Any]:
    return {"File": b64(data), "ContentType": content_type}
