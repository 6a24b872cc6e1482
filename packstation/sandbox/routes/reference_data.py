"""Account configuration: shipping locations, carriers, services, package sizes (§10 rows 24-26).

The reference documents these routes but not their response shapes; these are the sandbox's.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from packstation.sandbox.addresses import location_address
from packstation.sandbox.catalog import PackageSize
from packstation.sandbox.clock import LONDON
from packstation.sandbox.routes.http import json_response
from packstation.sandbox.services import Services
from packstation.sandbox.shapes import Shapes, dimensions, window


def routes(services: Services) -> list[Route]:
    catalog = services.state.catalog
    shapes = Shapes(legacy=services.config.legacy_shapes)

    def package_size(size: PackageSize) -> dict[str, Any]:
        return {
            "Reference": size.reference,
            "Name": size.name,
            "Dimensions": dimensions(size.length_cm, size.width_cm, size.height_cm),
            "Weight": shapes.weight(size.nominal_weight_kg),
        }

    async def shipping_locations(request: Request) -> Response:
        return json_response(
            [
                {
                    "Reference": location.reference,
                    "Name": location.name,
                    "Address": location_address(location),
                    "OperationalCutOff": location.operational_cutoff.strftime("%H:%M:%S"),
                    "IsDefault": index == 0,
                }
                for index, location in enumerate(catalog.locations)
            ]
        )

    async def carrier_services(request: Request) -> Response:
        today = services.state.clock.now().astimezone(LONDON).date()
        return json_response(
            [
                {
                    "Reference": service.reference,
                    "Name": service.name,
                    "CarrierReference": service.carrier.reference,
                    "CarrierName": service.carrier.name,
                    "CarrierServiceGroupReference": service.group_reference,
                    "CarrierServiceGroupName": service.group_name,
                    "CarrierServiceTypes": list(service.service_types),
                    "Guaranteed": service.guaranteed,
                    "MaxWeight": shapes.weight(service.max_weight_kg),
                    "MaxLength": {"Value": service.max_length_cm, "Unit": "Cm"},
                    "MaxGirth": {"Value": service.max_girth_cm, "Unit": "Cm"},
                    "Zones": sorted(zone.value for zone in service.zones),
                    "CollectionCutOff": service.cutoff.strftime("%H:%M:%S"),
                    "DeliveryWindow": window(*service.window, today),
                    "Tags": sorted(service.tags),
                }
                for service in catalog.services
            ]
        )

    async def carriers(request: Request) -> Response:
        return json_response([{"Reference": c.reference, "Name": c.name} for c in catalog.carriers])

    async def package_sizes(request: Request) -> Response:
        return json_response([package_size(size) for size in catalog.package_sizes])

    async def default_package_size(request: Request) -> Response:
        return json_response(package_size(catalog.package_sizes[1]))

    return [
        Route("/shippinglocations", shipping_locations, methods=["GET"]),
        Route("/shippinglocations/assigned", shipping_locations, methods=["GET"]),
        Route("/carrierservices", carrier_services, methods=["GET"]),
        Route("/carriers", carriers, methods=["GET"]),
        Route("/carriers/getcarriers", carriers, methods=["GET"]),
        Route("/packagesizes", package_sizes, methods=["GET"]),
        Route("/packagesizes/default", default_package_size, methods=["GET"]),
    ]
