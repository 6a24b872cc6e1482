"""Translate between the client's API models and the workflow's own values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal

from packstation.api import (
    Address,
    AllocationResult,
    Consignment,
    ConsignmentSummary,
    DeliveryOption,
    Dimensions,
    Item,
    Money,
    Order,
    Package,
    PackageDetail,
    Weight,
)
from packstation.workflow.domain import (
    Allocation,
    Destination,
    OptionSummary,
    OrderItem,
    OrderView,
    PackageSpec,
)
from packstation.workflow.shipping_api import ConsignmentInfo

DEFAULT_PACKAGE = PackageSpec(weight_kg=1.0, length_cm=30.0, width_cm=20.0, height_cm=10.0)
HOME_COUNTRY = "GB"
_CENTIMETRES_PER_UNIT = {
    "cm": Decimal(1),
    "mm": Decimal("0.1"),
    "m": Decimal(100),
    "in": Decimal("2.54"),
}


def _aware(moment: datetime | None) -> datetime | None:
    """An API time with its offset; one sent without (a .NET DateTime of unspecified kind) is
    taken as UTC, so the workflow never compares a naive time with an aware one."""
    if moment is None or moment.utcoffset() is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _country_code(address: Address | None) -> str:
    if address is None or address.country is None:
        return ""
    iso = address.country.iso_code
    return (iso.two_letter_code or "").upper() if iso is not None else ""


def destination_of(address: Address | None) -> Destination:
    if address is None:
        return Destination("", "", "", "", "")
    contact = address.contact
    person = " ".join(
        part
        for part in (
            contact.first_name if contact else None,
            contact.last_name if contact else None,
        )
        if part
    )
    name = person or address.customer_name or address.company_name or ""
    country_name = address.country.name if address.country and address.country.name else ""
    return Destination(
        name=name,
        town=address.town or "",
        postcode=address.postcode or "",
        country_code=_country_code(address),
        country_name=country_name,
    )


def _centimetres(value: Decimal, unit: str) -> float:
    return float(value * _CENTIMETRES_PER_UNIT.get(unit.strip().lower(), Decimal(1)))


def package_spec(package: PackageDetail) -> PackageSpec:
    weight = float(package.weight.kilograms) if package.weight else DEFAULT_PACKAGE.weight_kg
    dims = package.dimensions
    value = package.value.amount if package.value else Decimal("0")
    currency = (
        package.value.currency.iso_code
        if package.value and package.value.currency and package.value.currency.iso_code
        else "GBP"
    )
    return PackageSpec(
        weight_kg=weight,
        length_cm=_centimetres(dims.length, dims.unit) if dims else DEFAULT_PACKAGE.length_cm,
        width_cm=_centimetres(dims.width, dims.unit) if dims else DEFAULT_PACKAGE.width_cm,
        height_cm=_centimetres(dims.height, dims.unit) if dims else DEFAULT_PACKAGE.height_cm,
        description=package.description or "Goods",
        value=value,
        currency=currency,
    )


def order_items(packages: Iterable[PackageDetail]) -> tuple[OrderItem, ...]:
    return tuple(
        OrderItem(
            sku=item.sku,
            description=item.description or item.sku or "Item",
            quantity=item.quantity or 1,
        )
        for package in packages
        for item in package.items
    )


def order_view(order: Order) -> OrderView:
    destination = order.destination
    origin_country = _country_code(order.origin) or HOME_COUNTRY
    destination_country = _country_code(destination)
    packages = tuple(package_spec(p) for p in order.packages) or (DEFAULT_PACKAGE,)
    return OrderView(
        order_reference=order.order_reference,
        customer_order_number=order.order_reference_provided_by_customer,
        destination=destination_of(destination),
        items=order_items(order.packages),
        packages=packages,
        customer_option_reference=order.delivery_option_reference,
        shipping_location_reference=order.origin.shipping_location_reference
        if order.origin
        else None,
        is_international=bool(destination_country) and destination_country != origin_country,
    )


def request_packages(specs: Sequence[PackageSpec], order: Order) -> tuple[Package, ...]:
    """The packer's packages; the order's items ride on the first (customs needs them)."""
    items: tuple[Item, ...] = tuple(item for p in order.packages for item in p.items)
    return tuple(
        Package(
            weight=Weight.from_kilograms(spec.weight_kg),
            dimensions=Dimensions(
                width=Decimal(str(spec.width_cm)),
                length=Decimal(str(spec.length_cm)),
                height=Decimal(str(spec.height_cm)),
                unit="Cm",
            ),
            description=spec.description,
            value=Money.of(spec.value, spec.currency),
            items=items if index == 0 and items else None,
        )
        for index, spec in enumerate(specs)
    )


def _window_time(value: object) -> time | None:
    return value if isinstance(value, time) else None


def _delivery_date(option: DeliveryOption) -> date | None:
    estimated = option.estimated_delivery_date
    if estimated is None or estimated.date is None:
        return None
    return estimated.date.date() if isinstance(estimated.date, datetime) else None


def option_summary(
    option: DeliveryOption, client_reference: str | None, *, guaranteed: bool | None = None
) -> OptionSummary:
    price = option.price
    window = option.delivery_window
    estimated = option.estimated_delivery_date
    return OptionSummary(
        reference=option.reference,
        carrier=option.carrier or "",
        service=option.carrier_service or "",
        service_reference=option.carrier_service_reference,
        delivery_date=_delivery_date(option),
        window_start=_window_time(window.start) if window else None,
        window_end=_window_time(window.end) if window else None,
        price_gross=price.gross if price else None,
        currency=price.currency.iso_code if price and price.currency else None,
        allocation_cutoff=_aware(option.allocation_cut_off),
        guaranteed=guaranteed
        if guaranteed is not None
        else bool(estimated and estimated.guaranteed),
        client_reference=client_reference,
    )


def allocation_of(result: AllocationResult) -> Allocation:
    first_leg = result.legs[0] if result.legs else None
    return Allocation(
        consignment_reference=result.consignment_reference,
        carrier_name=result.carrier_name or (first_leg.carrier_name if first_leg else None),
        carrier_reference=result.carrier_reference
        or (first_leg.carrier_reference if first_leg else None),
        service_name=result.carrier_service_name,
        service_reference=result.carrier_service_reference,
        tracking_numbers=result.tracking_references,
    )


def consignment_info(consignment: Consignment) -> ConsignmentInfo:
    legs = consignment.legs or tuple(leg for p in consignment.packages for leg in p.legs)
    first_leg = legs[0] if legs else None
    allocation = consignment.allocation
    tracking = tuple(dict.fromkeys(ref for leg in legs for ref in leg.tracking_references))
    return ConsignmentInfo(
        reference=consignment.reference,
        client_reference=consignment.consignment_reference_provided_by_customer,
        state=consignment.state_raw or consignment.state.value,
        created_at=_aware(consignment.date_created),
        shipping_date=consignment.shipping_date.date() if consignment.shipping_date else None,
        carrier_reference=first_leg.carrier_reference if first_leg else None,
        carrier_name=first_leg.carrier_name if first_leg else None,
        service_name=allocation.mpd_carrier_service_name if allocation else None,
        tracking_numbers=tracking,
        labels_printed=consignment.labels_printed,
        failed_manifest_message=None,
    )


def summary_info(summary: ConsignmentSummary) -> ConsignmentInfo:
    return ConsignmentInfo(
        reference=summary.reference,
        client_reference=summary.consignment_reference_provided_by_customer,
        state=summary.state_raw or summary.state.value,
        created_at=_aware(summary.date_created),
        shipping_date=summary.shipping_date.date() if summary.shipping_date else None,
        carrier_reference=summary.mpd_carrier_reference,
        carrier_name=None,  # summaries carry only the reference; the gateway names it
        service_name=summary.mpd_carrier_service_name,
        tracking_numbers=(),
        labels_printed=summary.labels_printed,
        failed_manifest_message=summary.failed_manifest_message,
    )
