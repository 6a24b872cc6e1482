"""JSON examples copied from /work/shared/sortedpro-api.md. Where the reference elides a value
with "…", a plausible value of the documented type is put in its place (marked below)."""

from __future__ import annotations

from typing import Any

from tests.unit.api.helpers import PDF_BYTES, b64

# §5.4, one DeliveryOption (TaxRate spelling).
DELIVERY_OPTION: dict[str, Any] = {
    "Reference": "EDO-000-6DX-6XP",
    "EstimatedDeliveryDate": {
        "Date": "2019-06-19T00:00:00+00:00",
        "Guaranteed": True,
        "DayOfWeek": "Wednesday",
    },
    "DeliveryWindow": {"Start": "00:00:00", "End": "23:59:00", "UtcOffset": "+01:00"},
    "Carrier": "Carrier X",
    "CarrierService": "Tracked 48 Signed For",
    "CarrierServiceReference": "MPD_T48CX",
    "CarrierServiceTypes": ["Standard"],
    "Price": {
        "Net": 27.69,
        "Gross": 33.23,
        "TaxRate": {
            "Reference": "GB-0.2000",
            "CountryIsoCode": "GB",
            "Type": "Standard",
            "Rate": 0.2,
        },
        "VatAmount": 5.54,
        "Currency": {"Name": "Pound Sterling", "IsoCode": "GBP"},
    },
    "AllocationCutOff": "2019-06-17T00:00:00+01:00",
    "OperationalCutOff": "2019-06-17T00:00:00+01:00",
    "ServiceDirection": "Inbound, Outbound",
}

# §5.4, the minimal request body.
MINIMAL_DELIVERY_OPTIONS_REQUEST: dict[str, Any] = {
    "Packages": [
        {
            "Weight": {"Value": 0.5, "Unit": "Kg"},
            "Dimensions": {"Unit": "Cm", "Width": 10.0, "Length": 10.0, "Height": 10.0},
            "Description": "Socks",
            "Value": {"Amount": 5.99, "Currency": {"IsoCode": "GBP"}},
        }
    ],
    "Addresses": [
        {"AddressType": "Origin", "ShippingLocationReference": "Sorted1", "IsCached": False},
        {
            "AddressType": "Destination",
            "Contact": {
                "Title": "Mr",
                "FirstName": "Peter",
                "LastName": "McPetersson",
                "Telephone": "07702123456",
                "Email": "peter.mcpetersson@test.com",
            },
            "AddressLine1": "13 Porter Street",
            "Region": "Greater Manchester",
            "Postcode": "M1 5WG",
            "Country": {"Name": "Great Britain", "IsoCode": {"TwoLetterCode": "GB"}},
            "IsCached": False,
        },
    ],
}

# §5.4, Get Delivery Options Summary.
DELIVERY_OPTIONS_SUMMARY: dict[str, Any] = {
    "Reference": "EPC-000-039-EPK",
    "DeliveryOptions": ["2020-03-18T00:00:00"],
    "TimeSlots": None,
    "PickUp": None,
    "DropOff": None,
}

# §5.5, API version 1.1.
ALLOCATION_SUMMARY: dict[str, Any] = {
    "StatusCode": 200,
    "ApiLinks": [
        {"Rel": "detail", "Href": "https://api.electioapp.com/consignments/EC-000-05B-MMQ"},
        {"Rel": "label", "Href": "https://api.electioapp.com/labels/EC-000-05B-MMQ"},
    ],
    "Description": "Consignment EC-000-05B-MMQ has been successfully allocated with Carrier X "
    "Tracked 48 Signed For for shipping on 17/06/2019 00:00:00 +00:00",
    "ConsignmentLegs": [
        {
            "Leg": 1,
            "TrackingReferences": ["TRK00009823"],
            "CarrierReference": "CARRIER_X",
            "CarrierServiceReference": None,
            "CarrierName": "Carrier X",
        }
    ],
    "CarrierReference": "CARRIER_X",
    "CarrierName": "Carrier X",
    "CarrierServiceReference": "MPD_T48CX",
    "CarrierServiceName": "Tracked 48 Signed For",
}

# §5.5, the older bare array (the reference abbreviates the host as "...").
SELECT_BARE_LINKS: list[dict[str, str]] = [
    {"Rel": "detail", "Href": ".../consignments/EC-000-05B-0GT"},
    {"Rel": "label", "Href": ".../labels/EC-000-05B-0GT"},
]

# §5.7. The reference elides the middle of its double-encoded example; this is the same kind
# of value, and it starts with the same characters ("SlZCRVJpMHhMalFL").
LABEL_DOUBLE_ENCODED: dict[str, str] = {
    "File": b64(b64(PDF_BYTES).encode()),
    "ContentType": "application/pdf",
}

# §5.8 ("<base64>" replaced by a real PDF).
CUSTOMS_DOCUMENTS_LIST: dict[str, Any] = {
    "CommercialInvoiceDocuments": [{"Key": "INV_Example", "Value": b64(PDF_BYTES)}],
    "CN22Documents": [],
    "CN23Documents": [],
}

# §5.9.
MANIFEST_FROM_QUERY_REQUEST: dict[str, Any] = {
    "ShippingLocationReferences": ["Location1"],
    "States": ["Allocated"],
    "Carriers": ["CARRIER_X"],
    "LabelsPrinted": True,
}
MANIFEST_FROM_QUERY_RESPONSE: dict[str, Any] = {
    "Message": "Query found 10 consignment(s). 10 successfully queued to manifest. "
    "0 failed to be added to the queue",
    "FailedConsignments": ["EC-000-05A-Z6S"],  # the reference shows "EC-…"
}
MANIFEST_BY_REFERENCES_RESPONSE: list[dict[str, Any]] = [
    {
        "IsSuccess": True,
        "Message": "Consignment EC-000-002-5FG has been manifested successfully.",
        "Data": "EC-000-002-5FG",
        "ApiLinks": [
            {"Rel": "Link", "Href": "https://api.electioapp.com/consignments/EC-000-002-5FG"}
        ],
    }
]

# §5.3, Cancel many.
CANCEL_LIST_RESPONSE: list[dict[str, Any]] = [
    {
        "IsSuccess": True,
        "Message": "Consignment cancellation completed successfully",
        "Data": "EC-000-05D-1NS",
        "ApiLinks": None,
    }
]

# §5.2, status ("ExpectedDeliveryDate" and "Href" are "…" in the reference).
CONSIGNMENT_STATUS: dict[str, Any] = {
    "ConsignmentReferenceForAllLegsAssignedByMpd": "EC-000-087-01A",
    "Status": "Allocated",
    "ExpectedDeliveryDate": "2019-06-19T00:00:00+00:00",
    "ApiLink": {"Rel": "Link", "Href": "https://api.electioapp.com/consignments/EC-000-087-01A"},
}


def consignment_summary(reference: str, state: str = "Allocated") -> dict[str, Any]:
    """A §5.2 ConsignmentSummary with the documented field names."""
    return {
        "Reference": reference,
        "ConsignmentReferenceProvidedByCustomer": f"PACK-{reference[-3:]}",
        "DateCreated": "2019-06-17T09:30:00+01:00",
        "State": state,
        "ShippingDate": "2019-06-17T00:00:00+01:00",
        "MpdCarrierReference": "CARRIER_X",
        "MpdCarrierServiceReference": "MPD_T48CX",
        "MpdCarrierServiceName": "Tracked 48 Signed For",
        "DestinationAddressLine1": "13 Porter Street",
        "DestinationAddressTown": "Manchester",
        "DestinationAddressPostcode": "M1 5WG",
        "DestinationAddressCountry": "GB",
        "LabelsPrinted": False,
        "IsLate": False,
        "Value": {"Amount": 5.99, "Currency": {"IsoCode": "GBP"}},
        "Weight": {"Kg": 0.5},
        "ApiLink": {"Rel": "Link", "Href": f"https://api.electioapp.com/consignments/{reference}"},
        "FailedManifestMessage": None,
        "FailedManifestTimeStamp": None,
    }


# §5.2, Search Consignments.
SEARCH_PAGE: dict[str, Any] = {
    "Count": 2,
    "ConsignmentSummaries": [
        consignment_summary("EC-000-05B-MMQ"),
        consignment_summary("EC-000-05B-MMR", "ReadyToShip"),
    ],
}

# §6, the v1 error body.
V1_ERROR: dict[str, Any] = {
    "Code": "SampleErrorCode",
    "Message": "Item {reference} not found",
    "CorrelationId": "f94c7dbc-c542-40b9-b6da-bd98aa110939",
    "Details": [{"Code": "Missing", "Target": "Reference", "Message": "Not found"}],
}

# §5.1 and §5.2 objects, assembled from the documented field names.
ORDER: dict[str, Any] = {
    "OrderReference": "EO-000-002-0TT",
    "OrderReferenceProvidedByCustomer": "MyOrderRef001",
    "Packages": [
        {
            "Reference": "EP-000-05E-YRQ",
            "Weight": {"Value": 1.3, "Unit": "Kg"},
            "Dimensions": {"Unit": "Cm", "Width": 15.4, "Length": 21.7, "Height": 10.0},
            "Items": [{"Sku": "SKU093434", "Quantity": 1, "Weight": {"Kg": 0.2}}],
        }
    ],
    "DateCreated": "2019-06-17T09:30:00+01:00",
    "RequiredDeliveryDate": {
        "Date": "2019-06-19T00:00:00+00:00",
        "IsToBeExactlyOnTheDateSpecified": False,
        "DeliveryWindow": {"Start": "09:00:00", "End": "24:00:00", "UtcOffset": "0:00"},
    },
    "MetaData": [{"KeyValue": "Picker", "StringValue": "Sam"}],
    "Source": "Api",
    "Value": {"Amount": 5.99, "Currency": {"IsoCode": "GBP", "Name": "Pound Sterling"}},
    "Addresses": MINIMAL_DELIVERY_OPTIONS_REQUEST["Addresses"],
    "Direction": "Outbound",
    "Tags": None,
}

CONSIGNMENT: dict[str, Any] = {
    "Reference": "EC-000-05B-MMQ",
    "ConsignmentState": "Allocated",
    "ConsignmentReferenceProvidedByCustomer": "PACK-001",
    "CustomerReference": "0b5e3f5c-6f0f-4f8e-9b0e-2f1b9c6f7a10",
    "DateCreated": "2019-06-17T09:30:00+01:00",
    "ConsignmentLegs": [{"Leg": 1, "TrackingReferences": ["TRK00009823"]}],
    "Allocation": {
        "MpdCarrierServiceReference": "MPD_T48CX",
        "MpdCarrierServiceName": "Tracked 48 Signed For",
        "AllocationDate": "2019-06-17T10:00:00+01:00",
        "Price": {"Net": 27.69, "VatRate": {"Rate": 0.2}, "Currency": {"IsoCode": "GBP"}},
    },
    "LabelCount": 1,
    "LabelsPrinted": False,
    "Weight": {"Kg": 0.0},
    "Addresses": MINIMAL_DELIVERY_OPTIONS_REQUEST["Addresses"],
    "Packages": [{"Reference": "EP-000-05E-YRQ", "ConsignmentLegs": None}],
    "Direction": "Outbound",
}
