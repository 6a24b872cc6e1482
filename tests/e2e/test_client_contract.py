"""The real client against the real sandbox over loopback: the whole Consumer Options flow,
every documented shape switch of the sandbox, and the reference's example bodies through both."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import pytest
from PIL import Image
from pypdf import PdfReader

from packstation.api import (
    Address,
    AddressType,
    AsyncSortedPro,
    AuthenticationError,
    ConsignmentSearch,
    ConsignmentState,
    DeliveryOptionAlreadySelectedError,
    DeliveryOptionExpiredError,
    DeliveryOptionsRequest,
    LabelFormat,
    ManifestFromQueryRequest,
    Order,
    ResponseLostError,
)
from packstation.sandbox.server import SandboxServer
from packstation.workflow.api_mapping import request_packages

from .conftest import E2E_API_KEY, demo_orders, start_sandbox

pytestmark = pytest.mark.e2e

# Reference section 5.4, the minimal example body, verbatim.
DOCUMENTED_OPTIONS_BODY = {
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


@pytest.fixture
async def client(sandbox: SandboxServer) -> AsyncIterator[AsyncSortedPro]:
    async with AsyncSortedPro(base_url=sandbox.base_url, api_key=E2E_API_KEY) as api:
        yield api


def order_of(server: SandboxServer, *, international: bool = False, packages: int = 1) -> str:
    return next(
        str(o["OrderReference"])
        for o in demo_orders(server)
        if (o["Country"] != "GB") == international
        and o["Packages"] == packages
        and not o["HasCustomerChoice"]
    )


def options_request(order: Order, client_reference: str) -> DeliveryOptionsRequest:
    from packstation.workflow.api_mapping import package_spec

    assert order.destination is not None
    return DeliveryOptionsRequest(
        packages=request_packages([package_spec(p) for p in order.packages], order),
        addresses=(
            Address(address_type=AddressType.ORIGIN, shipping_location_reference="SL-DEMO-1"),
            order.destination,
        ),
        consignment_reference_provided_by_customer=client_reference,
        customs_documentation=order.customs_documentation,
        meta_data=order.meta_data or None,
    )


async def select_for(client: AsyncSortedPro, order_reference: str, client_reference: str) -> str:
    order = await client.get_order(order_reference)
    response = await client.get_delivery_options(options_request(order, client_reference))
    assert response.delivery_options, "the sandbox offered no option"
    chosen = response.delivery_options[0]
    details = await client.get_delivery_option_details(chosen.reference)
    assert details.delivery_option is not None
    assert details.delivery_option.reference == chosen.reference
    allocation = await client.select_delivery_option(chosen.reference)
    assert allocation.tracking_references
    assert allocation.carrier_name
    return allocation.consignment_reference


async def test_the_whole_flow_domestic_multi_package(
    client: AsyncSortedPro, sandbox: SandboxServer
) -> None:
    order_reference = order_of(sandbox, packages=3)
    consignment = await select_for(client, order_reference, "CONTRACT-1")
    detail = await client.get_consignment(consignment)
    assert detail.state is ConsignmentState.ALLOCATED
    assert detail.consignment_reference_provided_by_customer == "CONTRACT-1"
    assert len(detail.packages) == 3

    pdf = await client.get_labels(consignment, LabelFormat.PDF, 203)
    pages = PdfReader(io.BytesIO(pdf.data)).pages
    assert len(pages) == 3
    assert {(float(p.mediabox.width), float(p.mediabox.height)) for p in pages} == {(288.0, 432.0)}

    for dpi, width in ((203, b"^PW812"), (300, b"^PW1200")):
        zpl = await client.get_labels(consignment, LabelFormat.ZPL, dpi)
        assert zpl.data.count(b"^XA") == zpl.data.count(b"^XZ") == 3
        assert width in zpl.data
        assert zpl.page_count == 3

    package = detail.packages[0].reference
    assert package is not None
    png = await client.get_package_label(consignment, package, LabelFormat.PNG, 203)
    assert Image.open(io.BytesIO(png.data)).size == (812, 1218)

    found = [
        s
        async for s in client.search_consignments(
            ConsignmentSearch(reference_provided_by_customer="CONTRACT-1")
        )
    ]
    assert [s.reference for s in found] == [consignment]

    order = await client.get_order(order_reference)
    again = await client.get_delivery_options(options_request(order, "CONTRACT-1b"))
    first = again.delivery_options[0].reference
    await client.select_delivery_option(first)
    with pytest.raises(DeliveryOptionAlreadySelectedError):
        await client.select_delivery_option(first)


async def test_international_customs_documents_and_manifest(
    client: AsyncSortedPro, sandbox: SandboxServer
) -> None:
    order_reference = order_of(sandbox, international=True)
    consignment = await select_for(client, order_reference, "CONTRACT-2")
    documents = await client.get_customs_documents(consignment)
    kinds = {d.kind.value for d in documents}
    assert "CommercialInvoice" in kinds and kinds & {"CN22", "CN23"}
    for document in documents:
        page = PdfReader(io.BytesIO(document.data)).pages[0]
        assert round(float(page.mediabox.width)) == 595  # A4

    [ready] = await client.set_ready_to_ship([consignment])
    assert ready.is_success
    result = await client.manifest_from_query(
        ManifestFromQueryRequest(
            states=(ConsignmentState.READY_TO_SHIP,), shipping_location_references=("SL-DEMO-1",)
        )
    )
    assert result.failed_consignments == ()
    for _ in range(100):
        state = (await client.get_consignment_status(consignment)).state
        if state is not ConsignmentState.MANIFESTING:
            break
        await asyncio.sleep(0.05)
    assert state is ConsignmentState.MANIFESTED


async def test_documented_example_body_goes_through_both_sides(client: AsyncSortedPro) -> None:
    request = DeliveryOptionsRequest.model_validate(DOCUMENTED_OPTIONS_BODY)
    sent = request.model_dump(by_alias=True, exclude_none=True, mode="json")
    assert sent["Packages"][0]["Weight"]["Unit"] == "Kg"
    response = await client.get_delivery_options(request)
    assert response.delivery_options
    first = response.delivery_options[0]
    assert first.reference.startswith("EDO-")
    assert first.price is not None and first.price.tax_rate is not None  # TaxRate on this route
    details = await client.get_delivery_option_details(first.reference)
    assert details.delivery_option is not None and details.delivery_option.price is not None
    assert details.delivery_option.price.tax_rate is not None  # VatRate on this route, same model
    assert (
        details.consignment_detail is not None and details.consignment_detail.weight is not None
    )  # {"Kg"}


@pytest.mark.parametrize("switch", ["double_base64_labels", "legacy_shapes"])
async def test_client_copes_with_every_documented_variant(switch: str) -> None:
    server = start_sandbox(**{switch: True})
    try:
        async with AsyncSortedPro(base_url=server.base_url, api_key=E2E_API_KEY) as client:
            consignment = await select_for(client, order_of(server), f"VARIANT-{switch}")
            label = await client.get_labels(consignment, LabelFormat.PDF)
            assert label.data.startswith(b"%PDF-")
            detail = await client.get_consignment(consignment)
            assert detail.weight is None or detail.weight.kilograms > 0
    finally:
        server.stop()


async def test_expired_option_and_wrong_key(client: AsyncSortedPro, sandbox: SandboxServer) -> None:
    order = await client.get_order(order_of(sandbox))
    options = await client.get_delivery_options(options_request(order, "CONTRACT-3"))
    first = options.delivery_options[0]
    sandbox.admin("POST", "/_sandbox/clock", json={"offset_seconds": 20 * 24 * 3600})
    with pytest.raises(DeliveryOptionExpiredError) as expired:
        await client.select_delivery_option(first.reference)
    assert "option" in expired.value.user_message.lower()
    async with AsyncSortedPro(base_url=sandbox.base_url, api_key="wrong-key") as wrong:
        with pytest.raises(AuthenticationError) as refused:
            await wrong.get_order(order.order_reference)
    assert "wrong-key" not in str(refused.value) + repr(refused.value)


async def test_a_dropped_select_answer_is_reported_as_unknown_and_sent_once(
    client: AsyncSortedPro, sandbox: SandboxServer
) -> None:
    order = await client.get_order(order_of(sandbox))
    options = await client.get_delivery_options(options_request(order, "CONTRACT-4"))
    sandbox.set_faults(
        {
            "rules": [
                {
                    "method": "POST",
                    "path": "/deliveryoptions/select/*",
                    "kind": "drop_after_commit",
                    "count": 1,
                }
            ]
        }
    )
    with pytest.raises(ResponseLostError) as lost:
        await client.select_delivery_option(options.delivery_options[0].reference)
    assert lost.value.outcome_unknown
    made = [
        s
        async for s in client.search_consignments(
            ConsignmentSearch(reference_provided_by_customer="CONTRACT-4")
        )
    ]
    assert len(made) == 1  # committed once, never re-sent
