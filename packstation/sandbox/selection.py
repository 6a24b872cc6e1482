"""Select Option (§5.5): a consignment made from the options request, allocated at once."""

from __future__ import annotations

import copy
from datetime import datetime

from packstation.sandbox.catalog import CarrierService, Catalog
from packstation.sandbox.lifecycle import ConsignmentState
from packstation.sandbox.model import (
    Allocation,
    ConsignmentRecord,
    DeliveryOptionRecord,
    PackageRecord,
    PotentialConsignment,
    ShipmentRequest,
    StateChange,
)
from packstation.sandbox.options import can_carry
from packstation.sandbox.references import Prefix, ReferenceCounters
from packstation.sandbox.tracking_numbers import tracking_number


def allocated_service(
    catalog: Catalog, offered: CarrierService, request: ShipmentRequest
) -> CarrierService:
    """The service actually allocated: the offered one unless a substitution rule applies.

    The promise (date and window) is kept; the carrier may change (reference §5.5).
    """
    heaviest = max(package.weight_kg for package in request.packages)
    for offered_reference, over_kg, substitute_reference in catalog.substitutions:
        if offered.reference == offered_reference and heaviest > over_kg:
            substitute = catalog.service(substitute_reference)
            if can_carry(substitute, request):
                return substitute
    return offered


def consignment_from_option(
    catalog: Catalog,
    counters: ReferenceCounters,
    option: DeliveryOptionRecord,
    potential: PotentialConsignment,
    now: datetime,
) -> ConsignmentRecord:
    request = copy.deepcopy(potential.request)  # each consignment owns its data
    offered = catalog.service(option.service_reference)
    service = allocated_service(catalog, offered, request)
    packages = []
    for spec in request.packages:
        package_reference = counters.next(Prefix.PACKAGE)
        packages.append(PackageRecord(package_reference, spec))
    consignment = ConsignmentRecord(
        reference=counters.next(Prefix.CONSIGNMENT),
        state=ConsignmentState.UNALLOCATED,
        request=request,
        packages=packages,
        created=now,
        shipping_date=option.shipping_date,
        history=[StateChange(now, ConsignmentState.UNALLOCATED)],
    )
    allocate(consignment, service, option, offered, now)
    return consignment


def allocate(
    consignment: ConsignmentRecord,
    service: CarrierService,
    option: DeliveryOptionRecord,
    offered: CarrierService,
    now: datetime,
) -> None:
    for package in consignment.packages:
        serial = int(package.reference.replace("-", "")[2:], 36)
        package.tracking_number = tracking_number(service.carrier.tracking_format, serial)
    consignment.allocation = Allocation(
        service_reference=service.reference,
        allocated_at=now,
        net=option.net,  # the quoted price stands even when the service is substituted
        delivery_date=option.delivery_date,
        option_reference=option.reference,
        offered_service_reference=None if service is offered else offered.reference,
    )
    consignment.move_to(ConsignmentState.ALLOCATED, now)
