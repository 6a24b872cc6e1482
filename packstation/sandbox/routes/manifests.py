"""Manifest list and manifest files (§5.9)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from packstation.sandbox.errors import not_found
from packstation.sandbox.model import ManifestRecord
from packstation.sandbox.paperwork import manifest_lines
from packstation.sandbox.routes.http import json_response, query_of
from packstation.sandbox.services import Services
from packstation.sandbox.shapes import iso_datetime


def routes(services: Services) -> list[Route]:
    state = services.state

    def manifest_json(manifest: ManifestRecord) -> dict[str, Any]:
        location = state.catalog.location(manifest.shipping_location_reference)
        carrier = state.catalog.carrier(manifest.carrier_reference)
        carrier_file = (
            f"{manifest.carrier_reference}_{manifest.created:%Y%m%d}_{manifest.reference[:8]}"
        )
        return {
            "ManifestReference": manifest.reference,
            "ManifestFileStorageContainer": "manifests",
            "ManifestFileName": f"{manifest.reference}.pdf",
            "ShippingLocationReference": manifest.shipping_location_reference,
            "ShippingLocationName": None if location is None else location.name,
            "Created": iso_datetime(manifest.created),
            "CarrierName": None if carrier is None else carrier.name,
            "BookingsCount": len(manifest.consignments),
            "ManifestFileNameSentToCarrier": f"{carrier_file}.csv",
        }

    async def manifest_list(request: Request) -> Response:
        wanted = query_of(request).get("shippingLocationReference")
        with state.reading() as store:
            manifests = [
                manifest_json(manifest)
                for manifest in store.manifests.values()
                if wanted is None
                or state.catalog.same_location(manifest.shipping_location_reference, wanted)
            ]
        return json_response(manifests)

    async def manifest_file(request: Request) -> Response:
        reference = str(request.path_params["reference"]).lower()
        with state.reading() as store:
            manifest = store.manifests.get(reference)
            if manifest is None:
                raise not_found("Manifest", reference)
            summary = manifest_json(manifest)
            consignments = [store.consignments[ref] for ref in manifest.consignments]
            rows = manifest_lines(consignments)
            header = [
                f"{summary['CarrierName']} - {summary['ShippingLocationName']}",
                f"Created {summary['Created']}",
            ]
            key = (state.generation, manifest.reference, len(rows))
        title = f"Manifest {manifest.reference}"
        encoded = await run_in_threadpool(services.renders.manifest, key, title, header, rows)
        return json_response(encoded)

    return [
        Route("/consignments/customer/manifests", manifest_list, methods=["GET"]),
        Route("/consignments/customer/manifest/{reference}", manifest_file, methods=["GET"]),
    ]
