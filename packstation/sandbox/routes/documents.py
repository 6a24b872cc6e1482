"""Labels (§5.7) and customs documents (§5.8)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from packstation.sandbox.documents import CustomsDocumentKind
from packstation.sandbox.errors import ApiError, not_found
from packstation.sandbox.lifecycle import LABELLED
from packstation.sandbox.model import ConsignmentRecord, PackageRecord
from packstation.sandbox.paperwork import (
    customs_data,
    declaration_kind,
    needs_customs,
    package_labels,
)
from packstation.sandbox.renders import CONTENT_TYPES, parse_dpi, parse_label_format
from packstation.sandbox.routes.http import json_response, path_reference
from packstation.sandbox.services import Services
from packstation.sandbox.store import Store

_INVOICE = CustomsDocumentKind.COMMERCIAL_INVOICE


def allocated(store: Store, services: Services, reference: str, what: str) -> ConsignmentRecord:
    """The consignment, if it is in a state that has labels and documents; else a 404."""
    consignment = services.state.consignment_in(store, reference)
    if consignment.state not in LABELLED or consignment.allocation is None:
        raise ApiError(
            404,
            f"{what}NotAvailable",
            f"Consignment {consignment.reference} has no {what.lower()} in state "
            f"{consignment.state.value}; they exist once it is allocated.",
        )
    return consignment


def package_of(consignment: ConsignmentRecord, reference: str) -> PackageRecord:
    for package in consignment.packages:
        if package.reference == reference.upper():
            return package
    raise not_found("Package", reference)


def routes(services: Services) -> list[Route]:
    state = services.state
    renders = services.renders

    def cache_key(consignment: ConsignmentRecord, *parts: object) -> tuple[object, ...]:
        """Changes with the allocation, so a re-allocated consignment is rendered afresh."""
        assert consignment.allocation is not None
        allocated_at = consignment.allocation.allocated_at
        return (state.generation, consignment.reference, allocated_at, *parts)

    async def labels(request: Request) -> Response:
        params = request.path_params
        package_reference = params.get("package")
        is_package = package_reference is not None
        label_format = parse_label_format(params.get("format"), package_level=is_package)
        dpi = parse_dpi(params.get("dpi"), label_format)
        with state.reading() as store:
            consignment = allocated(store, services, path_reference(request), "Labels")
            packages = consignment.packages
            if package_reference is not None:
                packages = [package_of(consignment, package_reference)]
            inputs = package_labels(consignment, packages, state.catalog)
            key = cache_key(consignment, package_reference)
        encoded = await run_in_threadpool(renders.label, key, label_format, dpi, inputs)
        state.mark_labels_printed(consignment.reference)
        return json_response({"File": encoded, "ContentType": CONTENT_TYPES[label_format]})

    async def all_customs_documents(request: Request) -> Response:
        body: dict[str, list[dict[str, str]]] = {
            "CommercialInvoiceDocuments": [],
            "CN22Documents": [],
            "CN23Documents": [],
        }
        with state.reading() as store:
            consignment = allocated(store, services, path_reference(request), "Documents")
            if not needs_customs(consignment, state.catalog):
                return json_response(body)  # §9 decision: a domestic consignment has none
            today = state.clock.now().date()
            kind = declaration_kind(consignment)
            jobs: list[tuple[str, str, CustomsDocumentKind, PackageRecord | None]]
            jobs = [("CommercialInvoiceDocuments", f"INV_{consignment.reference}", _INVOICE, None)]
            jobs += [
                (f"{kind.value}Documents", f"{kind.value}_{package.reference}", kind, package)
                for package in consignment.packages
            ]
            work = [
                (group, name, kind_, cache_key(consignment, kind_, name), data)
                for group, name, kind_, package in jobs
                if (data := customs_data(consignment, package, today))
            ]
        for group, name, kind_, key, data in work:
            encoded = await run_in_threadpool(renders.customs, key, kind_, data)
            body[group].append({"Key": name, "Value": encoded})
        return json_response(body)

    async def commercial_invoice(request: Request) -> Response:
        return await one_customs_document(request, _INVOICE, None)

    async def declaration(request: Request) -> Response:
        text = str(request.path_params["kind"]).upper()
        if text not in (CustomsDocumentKind.CN22, CustomsDocumentKind.CN23):
            raise ApiError(400, "InvalidDocumentType", f"Document type {text} is not CN22 or CN23.")
        package = str(request.path_params["package"])
        return await one_customs_document(request, CustomsDocumentKind(text), package)

    async def one_customs_document(
        request: Request, kind: CustomsDocumentKind, package_reference: str | None
    ) -> Response:
        with state.reading() as store:
            consignment = allocated(store, services, path_reference(request), "Documents")
            package = None
            if package_reference is not None:
                package = package_of(consignment, package_reference)
            required = needs_customs(consignment, state.catalog) and (
                package is None or kind is declaration_kind(consignment)
            )
            if not required:
                raise ApiError(
                    404,
                    "DocumentNotRequired",
                    f"Consignment {consignment.reference} needs no {kind.value}: "
                    + _what_is_needed(consignment, services),
                )
            key = cache_key(consignment, kind, package_reference)
            data = customs_data(consignment, package, state.clock.now().date())
        encoded = await run_in_threadpool(renders.customs, key, kind, data)
        return json_response(encoded)

    package_route = "/labels/package/{reference}/{package}"
    return [
        Route(package_route, labels, methods=["GET"]),
        Route(package_route + "/{format}", labels, methods=["GET"]),
        Route(package_route + "/{format}/{dpi}", labels, methods=["GET"]),
        Route("/labels/{reference}", labels, methods=["GET"]),
        Route("/labels/{reference}/{format}", labels, methods=["GET"]),
        Route("/labels/{reference}/{format}/{dpi}", labels, methods=["GET"]),
        Route(
            "/consignments/docs/commercialinvoice/{reference}", commercial_invoice, methods=["GET"]
        ),
        Route("/consignments/docs/{kind}/{reference}/{package}", declaration, methods=["GET"]),
        Route("/consignments/docs/{reference}", all_customs_documents, methods=["GET"]),
    ]


def _what_is_needed(consignment: ConsignmentRecord, services: Services) -> str:
    if not needs_customs(consignment, services.state.catalog):
        return "it is not international."
    needed = declaration_kind(consignment)
    return f"it needs a commercial invoice and one {needed.value} per package."
