"""What the label and customs renderers get: records turned into the documents' input types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from packstation.sandbox.catalog import COUNTRIES, Catalog
from packstation.sandbox.documents import (
    CustomsData,
    CustomsDocumentKind,
    CustomsItem,
    LabelAddress,
    PackageLabel,
)
from packstation.sandbox.model import ConsignmentRecord, JsonDict, PackageRecord, PackageSpec

CN22_MAX_VALUE_GBP = 270.0  # above this a CN23 is needed (UPU rule; the sandbox ignores FX)


def label_address(address: JsonDict | None) -> LabelAddress:
    address = address or {}
    contact = address.get("Contact") or {}
    person = " ".join(str(contact.get(k) or "") for k in ("FirstName", "LastName")).strip()
    company = address.get("CompanyName") or None
    name = person or address.get("CustomerName") or company or ""
    country = address.get("Country") or {}
    code = str((country.get("IsoCode") or {}).get("TwoLetterCode") or "")
    known = COUNTRIES.get(code.upper())
    lines = tuple(
        str(address[key])
        for key in ("AddressLine1", "AddressLine2", "AddressLine3")
        if address.get(key)
    )
    return LabelAddress(
        name=str(name),
        company=company,
        lines=lines,
        town=str(address.get("Town") or ""),
        region=address.get("Region") or None,
        postcode=str(address.get("Postcode") or ""),
        country_code=code.upper(),
        country_name=str(country.get("Name") or (known.name if known else code)),
    )


def package_labels(
    consignment: ConsignmentRecord, packages: list[PackageRecord], catalog: Catalog
) -> list[PackageLabel]:
    assert consignment.allocation is not None
    assert consignment.shipping_date is not None
    service = catalog.service(consignment.allocation.service_reference)
    request = consignment.request
    sender = label_address(request.address("Origin"))
    recipient = label_address(request.address("Destination"))
    numbers = {package.reference: number for number, package in enumerate(consignment.packages, 1)}
    return [
        PackageLabel(
            consignment_reference=consignment.reference,
            package_reference=package.reference,
            package_number=numbers[package.reference],
            package_count=len(consignment.packages),
            tracking_number=package.tracking_number or "",
            carrier_name=service.carrier.name,
            service_name=service.name,
            shipping_date=consignment.shipping_date,
            sender=sender,
            recipient=recipient,
            weight_kg=package.spec.weight_kg,
            customer_reference=request.customer_reference,
        )
        for package in packages
    ]


def needs_customs(consignment: ConsignmentRecord, catalog: Catalog) -> bool:
    location = catalog.location(consignment.request.shipping_location_reference)
    home = "GB" if location is None else location.country_code
    return consignment.request.remote_country.upper() != home


def declaration_kind(consignment: ConsignmentRecord) -> CustomsDocumentKind:
    total = sum(package.spec.value.amount for package in consignment.packages)
    return CustomsDocumentKind.CN22 if total <= CN22_MAX_VALUE_GBP else CustomsDocumentKind.CN23


def customs_data(
    consignment: ConsignmentRecord, package: PackageRecord | None, today: date
) -> CustomsData:
    """For one package's CN22/CN23, or (package None) for the whole consignment's invoice."""
    request = consignment.request
    customs = request.customs_documentation or {}
    specs = [package.spec] if package else [p.spec for p in consignment.packages]
    metadata = {entry.get("KeyValue"): entry.get("StringValue") for entry in request.metadata}
    invoices = customs.get("ReferencesOfAttachedInvoices") or []
    return CustomsData(
        consignment_reference=consignment.reference,
        package_reference=None if package is None else package.reference,
        sender=label_address(request.address("Origin")),
        receiver=label_address(request.address("Destination")),
        items=tuple(item for spec in specs for item in _customs_items(spec)),
        currency=specs[0].value.currency,
        category=str(customs.get("CategoryType") or "Other"),
        shipping_terms=customs.get("ShippingTerms"),
        invoice_number=str(invoices[0]) if invoices else f"INV-{consignment.reference}",
        invoice_date=_day(customs.get("InvoiceDate")) or consignment.created.date(),
        declaration_date=_day(customs.get("DeclarationDate")) or today,
        designated_person=customs.get("DesignatedPersonResponsible"),
        shippers_eori=metadata.get("ShippersEORI"),
        receivers_eori=metadata.get("ReceiversEORI"),
        total_weight_kg=round(sum(spec.weight_kg for spec in specs), 3),
    )


def _customs_items(spec: PackageSpec) -> list[CustomsItem]:
    if not spec.items:  # declare the package itself when it lists no items
        return [
            CustomsItem(
                spec.description,
                1,
                spec.weight_kg,
                spec.value.amount,
                spec.value.currency,
                None,
                None,
                None,
            )
        ]
    return [
        CustomsItem(
            description=item.description,
            quantity=item.quantity,
            unit_weight_kg=item.unit_weight_kg or round(spec.weight_kg / len(spec.items), 3),
            unit_value=item.unit_value.amount if item.unit_value else 0.0,
            currency=item.unit_value.currency if item.unit_value else spec.value.currency,
            hs_code=item.hs_code,
            country_of_origin=item.country_of_origin,
            sku=item.sku,
        )
        for item in spec.items
    ]


def _day(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def manifest_lines(consignments: list[ConsignmentRecord]) -> list[dict[str, str]]:
    """Rows for the manifest PDF: references and routing only, no names."""
    rows = []
    for consignment in consignments:
        destination = consignment.request.address("Destination") or {}
        rows.append(
            {
                "reference": consignment.reference,
                "tracking": ", ".join(p.tracking_number or "" for p in consignment.packages),
                "packages": str(len(consignment.packages)),
                "weight": f"{consignment.request.total_weight_kg:.2f} kg",
                "postcode": str(destination.get("Postcode") or ""),
                "country": consignment.request.remote_country,
            }
        )
    return rows
