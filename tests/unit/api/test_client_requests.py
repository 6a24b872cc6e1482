"""Each client method sends the right verb, path, headers and body, and reads the answer."""

from __future__ import annotations

import gzip
import json
from datetime import date
from decimal import Decimal

import httpx
import pytest
import respx

from packstation.api import (
    AsyncSortedPro,
    ConsignmentSearch,
    ConsignmentState,
    CustomsDocumentKind,
    DeliveryOptionsRequest,
    Direction,
    LabelFormat,
    ManifestFromQueryRequest,
)
from packstation.api.constants import DEFAULT_USER_AGENT
from tests.unit.api import examples
from tests.unit.api.helpers import (
    PDF_BYTES,
    PNG_BYTES,
    SENTINEL_KEY,
    ZPL_BYTES,
    b64,
    json_response,
    label_body,
    sent_json,
)


def assert_standard_headers(request: httpx.Request, *, with_body: bool) -> None:
    assert request.headers["ocp-apim-subscription-key"] == SENTINEL_KEY
    assert request.headers["electio-api-version"] == "1.1"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"] == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("packstation/")
    if with_body:
        assert request.headers["content-type"] == "application/json"
    else:
        assert "content-type" not in request.headers


def only_request(route: respx.Route) -> httpx.Request:
    assert route.call_count == 1
    return route.calls.last.request


async def test_get_order(client: AsyncSortedPro, api_mock: respx.MockRouter) -> None:
    route = api_mock.get("/orders/EO-000-002-0TT").respond(json=examples.ORDER)
    order = await client.get_order("EO-000-002-0TT")
    assert order.order_reference == "EO-000-002-0TT"
    assert_standard_headers(only_request(route), with_body=False)


async def test_references_are_url_encoded(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    route = api_mock.get(url__regex=r".*/orders/.*").respond(json=examples.ORDER)
    await client.get_order("EO 1/2?x")
    assert only_request(route).url.raw_path == b"/orders/EO%201%2F2%3Fx"


async def test_blank_reference_is_refused_before_sending(client: AsyncSortedPro) -> None:
    with pytest.raises(ValueError, match="empty"):
        await client.get_consignment("  ")


async def test_get_delivery_options_posts_the_request_by_alias(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    route = api_mock.post("/deliveryoptions").mock(
        return_value=json_response(201, {"DeliveryOptions": [examples.DELIVERY_OPTION]})
    )
    request = DeliveryOptionsRequest.model_validate(examples.MINIMAL_DELIVERY_OPTIONS_REQUEST)
    response = await client.get_delivery_options(request)
    assert [option.reference for option in response.delivery_options] == ["EDO-000-6DX-6XP"]
    assert response.non_guaranteed_delivery_option is None
    sent = only_request(route)
    assert_standard_headers(sent, with_body=True)
    assert sent_json(sent) == examples.MINIMAL_DELIVERY_OPTIONS_REQUEST


async def test_get_delivery_options_summary(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    route = api_mock.post("/deliveryoptions/summary").mock(
        return_value=json_response(201, examples.DELIVERY_OPTIONS_SUMMARY)
    )
    request = DeliveryOptionsRequest.model_validate(examples.MINIMAL_DELIVERY_OPTIONS_REQUEST)
    summary = await client.get_delivery_options_summary(request)
    assert summary.reference == "EPC-000-039-EPK"
    assert sent_json(only_request(route))["Packages"][0]["Description"] == "Socks"


async def test_get_delivery_option_details(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    body = {
        "Reference": None,
        "ConsignmentDetail": {"Reference": "EPC-000-039-EPK", "Weight": {"Kg": 0.0}},
        "DeliveryOption": examples.DELIVERY_OPTION,
    }
    route = api_mock.get("/deliveryoptions/details/EDO-000-6DX-6XP").respond(json=body)
    details = await client.get_delivery_option_details("EDO-000-6DX-6XP")
    assert details.consignment_detail is not None
    assert details.consignment_detail.reference == "EPC-000-039-EPK"
    assert details.delivery_option is not None
    assert_standard_headers(only_request(route), with_body=False)


@pytest.mark.parametrize(
    "body",
    [
        examples.ALLOCATION_SUMMARY,
        {"ApiLinks": examples.ALLOCATION_SUMMARY["ApiLinks"]},
        examples.ALLOCATION_SUMMARY["ApiLinks"],
    ],
    ids=["allocation-summary", "links-object", "bare-links"],
)
async def test_select_delivery_option_in_every_documented_shape(
    client: AsyncSortedPro, api_mock: respx.MockRouter, body: object
) -> None:
    route = api_mock.post("/deliveryoptions/select/EDO-000-6DX-6XP").respond(json=body)
    result = await client.select_delivery_option("EDO-000-6DX-6XP")
    assert result.consignment_reference == "EC-000-05B-MMQ"
    sent = only_request(route)
    assert_standard_headers(sent, with_body=False)
    assert sent.content == b""
    assert sent.headers["content-length"] == "0"


class TestLabels:
    @pytest.mark.parametrize(
        ("label_format", "dpi", "path", "data", "pages"),
        [
            (LabelFormat.PDF, None, "/labels/EC-000-05B-MMQ/pdf", PDF_BYTES, 2),
            (LabelFormat.ZPL, 203, "/labels/EC-000-05B-MMQ/zpl/203", ZPL_BYTES, 2),
            (LabelFormat.ZPLII, 300, "/labels/EC-000-05B-MMQ/zplii/300", ZPL_BYTES, 2),
        ],
    )
    async def test_consignment_labels(
        self,
        client: AsyncSortedPro,
        api_mock: respx.MockRouter,
        label_format: LabelFormat,
        dpi: int | None,
        path: str,
        data: bytes,
        pages: int,
    ) -> None:
        route = api_mock.get(path).respond(json=label_body(data, "text/plain"))
        label = await client.get_labels("EC-000-05B-MMQ", label_format, dpi)
        assert (label.format, label.data, label.page_count, label.dpi) == (
            label_format,
            data,
            pages,
            dpi,
        )
        assert label.content_type == "text/plain"
        assert_standard_headers(only_request(route), with_body=False)

    async def test_double_encoded_label_from_the_reference(
        self, client: AsyncSortedPro, api_mock: respx.MockRouter
    ) -> None:
        assert examples.LABEL_DOUBLE_ENCODED["File"].startswith("SlZCRVJpMHhMalFL")
        api_mock.get("/labels/EC-000-05B-MMQ/pdf").respond(json=examples.LABEL_DOUBLE_ENCODED)
        label = await client.get_labels("EC-000-05B-MMQ")
        assert label.data == PDF_BYTES
        assert label.content_type == "application/pdf"

    async def test_package_label(self, client: AsyncSortedPro, api_mock: respx.MockRouter) -> None:
        path = "/labels/package/EC-000-05D-1ST/EP-000-05F-1E8/png"
        route = api_mock.get(path).respond(json={"File": b64(PNG_BYTES), "Content-Type": "x"})
        label = await client.get_package_label("EC-000-05D-1ST", "EP-000-05F-1E8", LabelFormat.PNG)
        assert (label.data, label.page_count, label.content_type) == (PNG_BYTES, 1, "x")
        assert_standard_headers(only_request(route), with_body=False)

    @pytest.mark.parametrize("dpi", [0, -203, True])
    async def test_invalid_dpi_is_refused_before_sending(
        self, client: AsyncSortedPro, dpi: int
    ) -> None:
        with pytest.raises(ValueError, match="dpi"):
            await client.get_labels("EC-000-05B-MMQ", LabelFormat.ZPL, dpi)


class TestCustomsDocuments:
    async def test_list_form(self, client: AsyncSortedPro, api_mock: respx.MockRouter) -> None:
        route = api_mock.get("/consignments/docs/EC-000-05B-MMQ").respond(
            json=examples.CUSTOMS_DOCUMENTS_LIST
        )
        documents = await client.get_customs_documents("EC-000-05B-MMQ")
        assert [(d.kind, d.name, d.data) for d in documents] == [
            (CustomsDocumentKind.COMMERCIAL_INVOICE, "INV_Example", PDF_BYTES)
        ]
        assert_standard_headers(only_request(route), with_body=False)

    async def test_map_form(self, client: AsyncSortedPro, api_mock: respx.MockRouter) -> None:
        body = {
            "CommercialInvoiceDocuments": {},
            "CN22Documents": {"CN22_EP-1": b64(PDF_BYTES)},
            "CN23Documents": {"CN23_EP-1": b64(b64(PDF_BYTES).encode())},
        }
        api_mock.get("/consignments/docs/EC-000-05B-MMQ").respond(json=body)
        documents = await client.get_customs_documents("EC-000-05B-MMQ")
        assert [(d.kind, d.name) for d in documents] == [
            (CustomsDocumentKind.CN22, "CN22_EP-1"),
            (CustomsDocumentKind.CN23, "CN23_EP-1"),
        ]
        assert all(d.data == PDF_BYTES for d in documents)
        assert "%PDF" not in repr(documents)


async def test_get_consignment_and_status(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    detail = api_mock.get("/consignments/EC-000-05B-MMQ").respond(json=examples.CONSIGNMENT)
    status = api_mock.get("/consignments/EC-000-087-01A/status").respond(
        json=examples.CONSIGNMENT_STATUS
    )
    consignment = await client.get_consignment("EC-000-05B-MMQ")
    state = await client.get_consignment_status("EC-000-087-01A")
    assert consignment.state is state.state is ConsignmentState.ALLOCATED
    assert_standard_headers(only_request(detail), with_body=False)
    assert_standard_headers(only_request(status), with_body=False)


async def test_search_page_sends_invariant_query_values(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    route = api_mock.get("/consignments/50/100").respond(json=examples.SEARCH_PAGE)
    search = ConsignmentSearch(
        reference_provided_by_customer="PACK-1",
        tracking_reference="TRK1",
        states=(ConsignmentState.READY_TO_SHIP,),
        created_date_from=date(2019, 6, 1),
        shipping_date_to=date(2019, 6, 30),
        carrier_service="MPD_T48CX",
        shipping_location_reference="Sorted1",
        labels_printed=False,
        search_term="mug",
        postcode="M1 5WG",
        destination_country_code="GB",
        direction=Direction.OUTBOUND,
        value_from=Decimal("12.50"),
    )
    page = await client.search_consignments_page(search, take=50, skip=100)
    assert page.count == 2
    sent = only_request(route)
    assert_standard_headers(sent, with_body=False)
    assert list(sent.url.params.multi_items()) == [
        ("referenceProvidedByCustomer", "PACK-1"),
        ("trackingReference", "TRK1"),
        ("state", "ReadyToShip"),
        ("createdDateFrom", "2019-06-01"),
        ("shippingDateTo", "2019-06-30"),
        ("carrierService", "MPD_T48CX"),
        ("shippingLocationReference", "Sorted1"),
        ("labelsPrinted", "false"),
        ("searchTerm", "mug"),
        ("postcode", "M1 5WG"),
        ("destinationCountryCode", "GB"),
        ("direction", "Outbound"),
        ("valueFrom", "12.50"),
    ]


async def test_search_page_limits(client: AsyncSortedPro) -> None:
    with pytest.raises(ValueError, match="take"):
        await client.search_consignments_page(ConsignmentSearch(), take=101, skip=0)
    with pytest.raises(ValueError, match="skip"):
        await client.search_consignments_page(ConsignmentSearch(), take=10, skip=-1)
    two_states = ConsignmentSearch(states=(ConsignmentState.ALLOCATED, ConsignmentState.CANCELLED))
    with pytest.raises(ValueError, match="one state"):
        await client.search_consignments_page(two_states, take=10, skip=0)


async def test_manifest_consignments(client: AsyncSortedPro, api_mock: respx.MockRouter) -> None:
    route = api_mock.put("/consignments/manifest").respond(
        json=examples.MANIFEST_BY_REFERENCES_RESPONSE
    )
    results = await client.manifest_consignments(["EC-000-002-5FG"])
    assert [(r.is_success, r.consignment_reference) for r in results] == [(True, "EC-000-002-5FG")]
    sent = only_request(route)
    assert_standard_headers(sent, with_body=True)
    assert sent_json(sent) == {"ConsignmentReferences": ["EC-000-002-5FG"]}


@pytest.mark.parametrize(
    ("method_name", "path"),
    [
        ("cancel_consignments", "/consignments/cancellist"),
        ("set_ready_to_ship", "/consignments/setreadytoship"),
    ],
)
async def test_bulk_calls_send_a_bare_array(
    client: AsyncSortedPro, api_mock: respx.MockRouter, method_name: str, path: str
) -> None:
    route = api_mock.put(path).respond(json=examples.CANCEL_LIST_RESPONSE)
    results = await getattr(client, method_name)(["EC-000-05D-1NS", "EC-000-05D-1NT"])
    assert results[0].is_success
    sent = only_request(route)
    assert_standard_headers(sent, with_body=True)
    assert sent_json(sent) == ["EC-000-05D-1NS", "EC-000-05D-1NT"]


async def test_bulk_calls_with_nothing_to_do_send_nothing(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    assert await client.cancel_consignments([]) == []
    assert await client.manifest_consignments([]) == []
    with pytest.raises(TypeError, match="sequence"):
        await client.set_ready_to_ship("EC-000-05D-1NS")


async def test_bulk_call_with_an_empty_success_body_has_no_results(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    api_mock.put("/consignments/setreadytoship").respond(202)
    assert await client.set_ready_to_ship(["EC-000-05D-1NS"]) == []


@pytest.mark.parametrize("status", [200, 201, 202, 204])
@pytest.mark.parametrize(
    ("method_name", "path"),
    [
        ("cancel_consignment", "/consignments/EC-000-05D-1NS/cancel"),
        ("deallocate_consignment", "/consignments/EC-000-05D-1NS/deallocate"),
    ],
)
async def test_single_changes_accept_any_2xx(
    client: AsyncSortedPro, api_mock: respx.MockRouter, method_name: str, path: str, status: int
) -> None:
    route = api_mock.put(path).respond(status)
    assert await getattr(client, method_name)("EC-000-05D-1NS") is None
    sent = only_request(route)
    assert_standard_headers(sent, with_body=False)
    assert sent.headers["content-length"] == "0"


async def test_manifest_from_query_posts(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    route = api_mock.post("/consignments/manifestFromQuery").respond(
        json=examples.MANIFEST_FROM_QUERY_RESPONSE
    )
    request = ManifestFromQueryRequest.model_validate(examples.MANIFEST_FROM_QUERY_REQUEST)
    result = await client.manifest_from_query(request)
    assert result.message is not None and result.message.startswith("Query found 10")
    sent = only_request(route)
    assert_standard_headers(sent, with_body=True)
    assert sent_json(sent) == examples.MANIFEST_FROM_QUERY_REQUEST


@pytest.mark.parametrize(
    ("assigned_only", "path"),
    [(False, "/shippinglocations"), (True, "/shippinglocations/assigned")],
)
async def test_get_shipping_locations(
    client: AsyncSortedPro, api_mock: respx.MockRouter, assigned_only: bool, path: str
) -> None:
    route = api_mock.get(path).respond(json=[{"Reference": "Sorted1", "Name": "Main"}])
    locations = await client.get_shipping_locations(assigned_only=assigned_only)
    assert [location.reference for location in locations] == ["Sorted1"]
    assert_standard_headers(only_request(route), with_body=False)


async def test_get_carrier_services(client: AsyncSortedPro, api_mock: respx.MockRouter) -> None:
    body = {"MpdCarrierServices": [{"Reference": "MPD_T48CX", "Name": "Tracked 48"}]}
    route = api_mock.get("/carrierservices").respond(json=body)
    services = await client.get_carrier_services()
    assert [service.name for service in services] == ["Tracked 48"]
    assert_standard_headers(only_request(route), with_body=False)


async def test_gzip_bodies_are_decompressed(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    compressed = gzip.compress(json.dumps(examples.CONSIGNMENT_STATUS).encode())
    route = api_mock.get("/consignments/EC-000-087-01A/status").respond(
        content=compressed, headers={"Content-Encoding": "gzip"}
    )
    status = await client.get_consignment_status("EC-000-087-01A")
    assert status.state is ConsignmentState.ALLOCATED
    assert "gzip" in only_request(route).headers["accept-encoding"]


async def test_a_base_url_with_a_path_prefix_is_kept(api_mock: respx.MockRouter) -> None:
    route = api_mock.get("https://proxy.test/sorted/orders/EO-1").respond(json=examples.ORDER)
    async with AsyncSortedPro(base_url="https://proxy.test/sorted/", api_key="k") as api:
        await api.get_order("EO-1")
    assert route.called


@pytest.mark.parametrize("base_url", ["ftp://x", "api.electioapp.com", "https://u:p@x.test"])
def test_unusable_base_urls_are_refused(base_url: str) -> None:
    with pytest.raises(ValueError, match="base URL"):
        AsyncSortedPro(base_url=base_url, api_key="k")


@pytest.mark.parametrize("api_key", ["", "   ", "key with space", "key\nX-Evil: 1"])
def test_unusable_api_keys_are_refused_without_echoing_them(api_key: str) -> None:
    with pytest.raises(ValueError, match="API key") as raised:
        AsyncSortedPro(base_url="https://x.test", api_key=api_key)
    if api_key.strip():
        assert api_key.strip() not in str(raised.value)
