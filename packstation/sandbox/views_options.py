"""JSON for delivery options, their summary and details, and orders (§5.1, §5.4)."""

from __future__ import annotations

from packstation.sandbox.catalog import Catalog
from packstation.sandbox.model import (
    DeliveryOptionRecord,
    JsonDict,
    OrderRecord,
    PotentialConsignment,
)
from packstation.sandbox.shapes import Shapes, iso_datetime, iso_day, money, window
from packstation.sandbox.views_common import package_json

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class OptionViews:
    def __init__(self, catalog: Catalog, shapes: Shapes, customer_reference: str) -> None:
        self._catalog = catalog
        self._shapes = shapes
        self._customer_reference = customer_reference

    def option(self, option: DeliveryOptionRecord, *, legacy: bool = False) -> JsonDict:
        service = self._catalog.service(option.service_reference)
        delivery = option.delivery_date
        return {
            "Reference": option.reference,
            "EstimatedDeliveryDate": {
                "Date": iso_day(delivery),
                "Guaranteed": service.guaranteed,
                "DayOfWeek": DAY_NAMES[delivery.weekday()],
            },
            "DeliveryWindow": window(*service.window, delivery),
            "Carrier": service.carrier.name,
            "CarrierService": service.name,
            "CarrierServiceReference": service.reference,
            "CarrierServiceTypes": list(service.service_types),
            "Price": self._shapes.price(option.net, service.vat_rate, "GB", legacy=legacy),
            "AllocationCutOff": iso_datetime(option.allocation_cutoff),
            "OperationalCutOff": iso_datetime(option.operational_cutoff),
            "ServiceDirection": "Inbound, Outbound",
        }

    def options_response(self, options: list[DeliveryOptionRecord]) -> JsonDict:
        return {
            "DeliveryOptions": [self.option(option) for option in options],
            "NonGuaranteedDeliveryOption": None,
        }

    @staticmethod
    def summary_response(
        potential: PotentialConsignment, options: list[DeliveryOptionRecord]
    ) -> JsonDict:
        dates = sorted({option.delivery_date for option in options})
        return {
            "Reference": potential.reference,
            "DeliveryOptions": [f"{day.isoformat()}T00:00:00" for day in dates],
            "TimeSlots": None,
            "PickUp": None,
            "DropOff": None,
        }

    def details_response(
        self, option: DeliveryOptionRecord, potential: PotentialConsignment
    ) -> JsonDict:
        """As the 2020 doc example shows it: Weight as {"Kg"} and the rate as VatRate."""
        request = potential.request
        return {
            "Reference": None,
            "ConsignmentDetail": {
                "Reference": potential.reference,
                "CustomerReference": self._customer_reference,
                "Weight": self._shapes.weight(request.total_weight_kg, legacy=True),
                "Value": money(request.total_value),
                "CustomsDocumentation": request.customs_documentation,
                "DateCreated": iso_datetime(potential.created),
                "ShippingDate": iso_day(option.shipping_date),
                "RequestedDeliveryDate": None,
                "EarliestDeliveryDate": iso_day(option.delivery_date),
                "LatestDeliveryDate": iso_day(option.delivery_date),
                "ConsignmentReferenceProvidedByCustomer": request.customer_reference,
                "Addresses": request.addresses,
            },
            "DeliveryOption": self.option(option, legacy=True),
        }

    def order(self, order: OrderRecord, option: DeliveryOptionRecord | None) -> JsonDict:
        request = order.request
        required = None
        if option is not None:
            service = self._catalog.service(option.service_reference)
            required = {
                "Date": iso_day(option.delivery_date),
                "IsToBeExactlyOnTheDateSpecified": True,
                "DeliveryWindow": window(*service.window, option.delivery_date),
            }
        return {
            "OrderReference": order.reference,
            "OrderReferenceProvidedByCustomer": order.customer_reference,
            "DeliveryOptionReference": order.delivery_option_reference,
            "Packages": [package_json(spec, self._shapes) for spec in request.packages],
            "DateCreated": iso_datetime(order.created),
            "RequiredDeliveryDate": required,
            "ShippingDate": None if option is None else iso_day(option.shipping_date),
            "MetaData": request.metadata,
            "EarliestDeliveryDate": None if option is None else iso_day(option.delivery_date),
            "LatestDeliveryDate": None if option is None else iso_day(option.delivery_date),
            "Weight": self._shapes.weight(request.total_weight_kg),
            "Source": request.source,
            "Value": money(request.total_value),
            "Addresses": request.addresses,
            "CustomsDocumentation": request.customs_documentation,
            "Direction": request.direction,
            "Tags": request.tags,
        }
