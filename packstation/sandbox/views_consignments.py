"""JSON for consignments: full record, search summary, status, select result, tracking."""

from __future__ import annotations

from packstation.sandbox.catalog import CarrierService, Catalog
from packstation.sandbox.lifecycle import ConsignmentState
from packstation.sandbox.model import ConsignmentRecord, JsonDict, PackageRecord
from packstation.sandbox.shapes import Shapes, api_link, iso_datetime, iso_day, money
from packstation.sandbox.views_common import package_json

_TRACKING_EVENTS = {
    ConsignmentState.ALLOCATED: ("INFORMATION_RECEIVED", "The carrier has received the details"),
    ConsignmentState.MANIFESTED: ("MANIFESTED", "The consignment is on the carrier's manifest"),
    ConsignmentState.MANIFEST_FAILED: ("MANIFEST_FAILED", "The manifest was not accepted"),
    ConsignmentState.CANCELLED: ("CANCELLED", "The consignment was cancelled"),
}


class ConsignmentViews:
    def __init__(self, catalog: Catalog, shapes: Shapes, customer_reference: str) -> None:
        self._catalog = catalog
        self._shapes = shapes
        self._customer_reference = customer_reference

    def _service(self, consignment: ConsignmentRecord) -> CarrierService | None:
        allocation = consignment.allocation
        return None if allocation is None else self._catalog.service(allocation.service_reference)

    def _legs(
        self, consignment: ConsignmentRecord, packages: list[PackageRecord]
    ) -> list[JsonDict]:
        service = self._service(consignment)
        if service is None:
            return []
        return [
            {
                "Leg": 1,
                "TrackingReferences": [p.tracking_number for p in packages if p.tracking_number],
                "CarrierReference": service.carrier.reference,
                "CarrierServiceReference": None,
                "CarrierName": service.carrier.name,
            }
        ]

    def consignment(self, consignment: ConsignmentRecord) -> JsonDict:
        request = consignment.request
        service = self._service(consignment)
        allocation = consignment.allocation
        estimated = None if allocation is None else iso_day(allocation.delivery_date)
        return {
            "Reference": consignment.reference,
            "ConsignmentState": consignment.state.value,
            "ConsignmentReferenceProvidedByCustomer": request.customer_reference,
            "CustomerReference": self._customer_reference,
            "DateCreated": iso_datetime(consignment.created),
            "ShippingDate": iso_day(consignment.shipping_date),
            "RequestedDeliveryDate": estimated,
            "EarliestDeliveryDate": estimated,
            "LatestDeliveryDate": estimated,
            "CollectionDate": None,
            "DateDelivered": None,
            "FirstAttemptedDeliveryDate": None,
            "AttemptedDeliveryDate": None,
            "DateReturned": None,
            "DateShipped": None,
            "DateCollected": None,
            "ConsignmentLegs": self._legs(consignment, consignment.packages),
            "Allocation": None
            if allocation is None or service is None
            else {
                "CarrierServiceGroupReference": service.group_reference,
                "MpdCarrierServiceGroupName": service.group_name,
                "MpdCarrierServiceReference": service.reference,
                "MpdCarrierServiceName": service.name,
                "AllocationDate": iso_datetime(allocation.allocated_at),
                "Price": self._shapes.price(allocation.net, service.vat_rate, "GB"),
            },
            "FailedAllocation": None,
            "LabelCount": len(consignment.packages) if allocation is not None else 0,
            "LabelsPrinted": consignment.labels_printed,
            "DateLabelsWereFirstPrinted": iso_datetime(consignment.labels_first_printed),
            "FailedManifestMessage": consignment.failed_manifest_message,
            "FailedManifestTimeStamp": iso_datetime(consignment.failed_manifest_at),
            "MetaData": request.metadata,
            "Source": request.source,
            "IsLate": False,
            "LateForCustomer": False,
            "Weight": self._shapes.weight(request.total_weight_kg),
            "Value": money(request.total_value),
            "CustomsDocumentation": request.customs_documentation,
            "Direction": request.direction,
            "Tags": request.tags,
            "Addresses": request.addresses,
            "Packages": [
                package_json(
                    package.spec,
                    self._shapes,
                    Reference=package.reference,
                    ConsignmentLegs=self._legs(consignment, [package]),
                    Charges=[],
                )
                for package in consignment.packages
            ],
            "LocationInformation": None,
        }

    def summary(self, consignment: ConsignmentRecord, base_url: str) -> JsonDict:
        request = consignment.request
        service = self._service(consignment)
        allocation = consignment.allocation
        destination = request.address("Destination") or {}
        country = destination.get("Country") or {}
        shipping_terms = (request.customs_documentation or {}).get("ShippingTerms")
        return {
            "Reference": consignment.reference,
            "ConsignmentReferenceProvidedByCustomer": request.customer_reference,
            "DateCreated": iso_datetime(consignment.created),
            "State": consignment.state.value,
            "ShippingDate": iso_day(consignment.shipping_date),
            "MpdCarrierReference": None if service is None else service.carrier.reference,
            "MpdCarrierServiceReference": None if service is None else service.reference,
            "MpdCarrierServiceName": None if service is None else service.name,
            "MpdCarrierServiceGroupName": None if service is None else service.group_name,
            "MpdCarrierServiceGroupReference": None if service is None else service.group_reference,
            "AllocationDate": None if allocation is None else iso_datetime(allocation.allocated_at),
            "ShippedDate": None,
            "Source": request.source,
            "DestinationAddressLine1": destination.get("AddressLine1"),
            "DestinationAddressTown": destination.get("Town"),
            "DestinationAddressPostcode": destination.get("Postcode"),
            "DestinationAddressCountry": country.get("Name"),
            "DestinationShippingLocationReference": destination.get("ShippingLocationReference"),
            "RequestedDeliveryDate": None,
            "RequestedDeliveryDateIsToBeExactlyOnTheDateSpecified": False,
            "LabelsPrinted": consignment.labels_printed,
            "DateLabelsWereFirstPrinted": iso_datetime(consignment.labels_first_printed),
            "EstimatedDeliveryDate": None
            if allocation is None
            else iso_day(allocation.delivery_date),
            "ShippingTerms": shipping_terms,
            "FailedAllocationDate": None,
            "FailedAllocationMessage": None,
            "FailedAllocationCarrierReference": None,
            "FailedAllocationCarrierServiceReference": None,
            "FailedAllocationCarrierServiceName": None,
            "FailedAllocationCarrierServiceGroupReference": None,
            "IsLate": False,
            "DeliveryDate": None,
            "CollectionDate": None,
            "AttemptedDeliveryDate": None,
            "Value": money(request.total_value),
            "Weight": self._shapes.weight(request.total_weight_kg),
            "ApiLink": api_link("Link", f"{base_url}/consignments/{consignment.reference}"),
            "FailedManifestMessage": consignment.failed_manifest_message,
            "FailedManifestTimeStamp": iso_datetime(consignment.failed_manifest_at),
        }

    @staticmethod
    def status(consignment: ConsignmentRecord, base_url: str) -> JsonDict:
        allocation = consignment.allocation
        return {
            "ConsignmentReferenceForAllLegsAssignedByMpd": consignment.reference,
            "Status": consignment.state.value,
            "ExpectedDeliveryDate": None
            if allocation is None
            else iso_day(allocation.delivery_date),
            "ApiLink": api_link("Link", f"{base_url}/consignments/{consignment.reference}"),
        }

    @staticmethod
    def links(consignment: ConsignmentRecord, base_url: str) -> list[JsonDict]:
        return [
            api_link("detail", f"{base_url}/consignments/{consignment.reference}"),
            api_link("label", f"{base_url}/labels/{consignment.reference}"),
        ]

    def allocation_summary(self, consignment: ConsignmentRecord, base_url: str) -> JsonDict:
        service = self._service(consignment)
        assert service is not None
        assert consignment.shipping_date is not None
        shipping = consignment.shipping_date.strftime("%d/%m/%Y")
        return {
            "StatusCode": 200,
            "ApiLinks": self.links(consignment, base_url),
            "Description": (
                f"Consignment {consignment.reference} has been successfully allocated with "
                f"{service.carrier.name} {service.name} for shipping on {shipping} 00:00:00 +00:00"
            ),
            "ConsignmentLegs": self._legs(consignment, consignment.packages),
            "CarrierReference": service.carrier.reference,
            "CarrierName": service.carrier.name,
            "CarrierServiceReference": service.reference,
            "CarrierServiceName": service.name,
        }

    def tracking(self, consignment: ConsignmentRecord) -> JsonDict | None:
        """Events since the latest allocation; None when there is no tracking (yet)."""
        service = self._service(consignment)
        if service is None:
            return None
        history = consignment.history
        start = max(
            i for i, change in enumerate(history) if change.state is ConsignmentState.ALLOCATED
        )
        location = self._catalog.location(consignment.request.shipping_location_reference)
        events = [
            {
                "TimeStamp": iso_datetime(change.at),
                "Code": _TRACKING_EVENTS[change.state][0],
                "Description": _TRACKING_EVENTS[change.state][1],
                "SignedBy": None,
                "Location": None if location is None else location.town,
            }
            for change in history[start:]
            if change.state in _TRACKING_EVENTS
        ]
        return {
            "ConsignmentReferenceForAllLegsAssignedByMpd": consignment.reference,
            "TrackedPackages": [
                {
                    "PackageReferenceForAllLegsAssignedByMpd": package.reference,
                    "Legs": [{"CarrierServiceName": service.name, "Events": events}],
                }
                for package in consignment.packages
            ],
        }
