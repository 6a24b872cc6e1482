"""AsyncSortedPro: the SortedPRO v1 calls a packing station makes, as typed async methods."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from types import TracebackType
from typing import Self, TypeVar
from urllib.parse import quote, urlsplit

import httpx
from pydantic import BaseModel

from packstation.api import operations as ops
from packstation.api.constants import (
    DECODE_IN_THREAD_ABOVE_CHARS,
    DEFAULT_USER_AGENT,
    MAX_SEARCH_PAGE_SIZE,
)
from packstation.api.errors import ApiStatusError, malformed_response
from packstation.api.labels import count_pages, decode_label_file
from packstation.api.models.allocation import AllocationResult
from packstation.api.models.common import OperationResult, OperationResultList
from packstation.api.models.consignments import (
    Consignment,
    ConsignmentSearch,
    ConsignmentSearchPage,
    ConsignmentStatus,
    ConsignmentSummary,
)
from packstation.api.models.customs import CustomsDocument, CustomsDocumentsPayload
from packstation.api.models.delivery_options import (
    DeliveryOptionDetails,
    DeliveryOptionsRequest,
    DeliveryOptionsResponse,
    DeliveryOptionsSummary,
)
from packstation.api.models.labels import LabelDocument, LabelFilePayload, LabelFormat
from packstation.api.models.manifests import (
    ManifestConsignmentsRequest,
    ManifestFromQueryRequest,
    ManifestFromQueryResult,
)
from packstation.api.models.orders import Order
from packstation.api.models.settings_lookups import (
    CarrierService,
    CarrierServiceList,
    ShippingLocation,
    ShippingLocationList,
)
from packstation.api.parsing import parse_body, parse_rows_in_turns
from packstation.api.references import require_path_reference
from packstation.api.retry import RetryPolicy
from packstation.api.session import ApiSession, QueryParams, RawResponse, Sleep
from packstation.api.timeouts import OperationTimeouts

_VERB_NOT_ROUTED = frozenset({404, 405})
M = TypeVar("M", bound=BaseModel)


class AsyncSortedPro:
    """The SortedPRO v1 client. Use as `async with AsyncSortedPro(...) as api:` or call
    `aclose()`. Every method raises a SortedProError subclass on failure; see `errors`."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        timeouts: OperationTimeouts | None = None,
        retry_policy: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        user_agent: str | None = None,
    ) -> None:
        self._base_url = _checked_base_url(base_url)
        self._session = ApiSession(
            base_url=self._base_url,
            api_key=_checked_api_key(api_key),
            user_agent=user_agent or DEFAULT_USER_AGENT,
            timeouts=timeouts or OperationTimeouts(),
            retry_policy=retry_policy or RetryPolicy(),
            sleep=sleep,
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r})"

    @property
    def base_url(self) -> str:
        return self._base_url

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._session.aclose()

    # --- orders ---------------------------------------------------------------------------------

    async def get_order(self, order_reference: str) -> Order:
        return await self._fetch(ops.GET_ORDER, "GET", _path("orders", order_reference), Order)

    # --- delivery options -----------------------------------------------------------------------

    async def get_delivery_options(
        self, request: DeliveryOptionsRequest
    ) -> DeliveryOptionsResponse:
        return await self._fetch(
            ops.GET_DELIVERY_OPTIONS,
            "POST",
            "/deliveryoptions",
            DeliveryOptionsResponse,
            json_body=request.to_api_json(),
        )

    async def get_delivery_options_summary(
        self, request: DeliveryOptionsRequest
    ) -> DeliveryOptionsSummary:
        return await self._fetch(
            ops.GET_DELIVERY_OPTIONS_SUMMARY,
            "POST",
            "/deliveryoptions/summary",
            DeliveryOptionsSummary,
            json_body=request.to_api_json(),
        )

    async def get_delivery_option_details(self, option_reference: str) -> DeliveryOptionDetails:
        path = _path("deliveryoptions", "details", option_reference)
        return await self._fetch(
            ops.GET_DELIVERY_OPTION_DETAILS, "GET", path, DeliveryOptionDetails
        )

    async def select_delivery_option(self, option_reference: str) -> AllocationResult:
        """Creates and allocates the consignment. Never re-sent after a lost response: on
        ResponseLostError (or any error with `outcome_unknown`) search for the consignment by
        your own reference before selecting again."""
        path = _path("deliveryoptions", "select", option_reference)
        return await self._fetch(ops.SELECT_DELIVERY_OPTION, "POST", path, AllocationResult)

    # --- labels and documents -----------------------------------------------------------------

    async def get_labels(
        self,
        consignment_reference: str,
        label_format: LabelFormat = LabelFormat.PDF,
        dpi: int | None = None,
    ) -> LabelDocument:
        """All the consignment's package labels in one file (PDF pages or ZPL blocks)."""
        path = _path("labels", consignment_reference, *_format_segments(label_format, dpi))
        return await self._label(ops.GET_LABELS, path, label_format, dpi)

    async def get_package_label(
        self,
        consignment_reference: str,
        package_reference: str,
        label_format: LabelFormat = LabelFormat.PDF,
        dpi: int | None = None,
    ) -> LabelDocument:
        segments = _format_segments(label_format, dpi)
        path = _path("labels", "package", consignment_reference, package_reference, *segments)
        return await self._label(ops.GET_PACKAGE_LABEL, path, label_format, dpi)

    async def get_customs_documents(self, consignment_reference: str) -> list[CustomsDocument]:
        """Every customs PDF PRO produced for the consignment (none for domestic ones)."""
        operation = ops.GET_CUSTOMS_DOCUMENTS
        path = _path("consignments", "docs", consignment_reference)
        payload = await self._fetch(operation, "GET", path, CustomsDocumentsPayload)
        return [
            CustomsDocument(
                kind=kind,
                name=document.key,
                data=await _decode_file(
                    document.value,
                    LabelFormat.PDF,
                    operation=operation,
                    document=f"customs document {document.key!r}",
                ),
            )
            for kind, document in payload.by_kind()
        ]

    # --- consignments ---------------------------------------------------------------------------

    async def get_consignment(self, consignment_reference: str) -> Consignment:
        path = _path("consignments", consignment_reference)
        return await self._fetch(ops.GET_CONSIGNMENT, "GET", path, Consignment)

    async def get_consignment_status(self, consignment_reference: str) -> ConsignmentStatus:
        path = _path("consignments", consignment_reference, "status")
        return await self._fetch(ops.GET_CONSIGNMENT_STATUS, "GET", path, ConsignmentStatus)

    async def search_consignments_page(
        self, search: ConsignmentSearch, *, take: int, skip: int
    ) -> ConsignmentSearchPage:
        """One page. `search.states` may hold at most one state here."""
        if not 1 <= take <= MAX_SEARCH_PAGE_SIZE:
            raise ValueError(f"take must be between 1 and {MAX_SEARCH_PAGE_SIZE}")
        if skip < 0:
            raise ValueError("skip must not be negative")
        operation = ops.SEARCH_CONSIGNMENTS
        response = await self._session.request(
            operation, "GET", f"/consignments/{take}/{skip}", params=search.query_params()
        )
        return await parse_rows_in_turns(
            ConsignmentSearchPage,
            response.body,
            operation,
            response.status_code,
            rows_key="ConsignmentSummaries",
            rows_attribute="summaries",
        )

    async def search_consignments(
        self, search: ConsignmentSearch, *, page_size: int = MAX_SEARCH_PAGE_SIZE
    ) -> AsyncIterator[ConsignmentSummary]:
        """Every match, page by page until a short page (Count is not trusted), one search per
        state in `search.states`. A consignment seen twice (rows shift while paging) is yielded
        once."""
        seen: set[str] = set()
        searches = [search.for_state(state) for state in search.states] or [search]
        for one_state in searches:
            skip = 0
            while True:
                page = await self.search_consignments_page(one_state, take=page_size, skip=skip)
                fresh = [row for row in page.summaries if row.reference not in seen]
                for row in fresh:
                    seen.add(row.reference)
                    yield row
                if len(page.summaries) < page_size or not fresh:
                    break
                skip += len(page.summaries)

    # --- manifesting ----------------------------------------------------------------------------

    async def manifest_from_query(
        self, request: ManifestFromQueryRequest
    ) -> ManifestFromQueryResult:
        """POST, as the newer docs say; once more as PUT (the older docs' verb) if POST is not
        routed (404/405). If PUT fails the same way, the POST error is raised. Manifesting is
        queued: poll the consignments for Manifested or ManifestFailed afterwards."""
        operation = ops.MANIFEST_FROM_QUERY
        path = "/consignments/manifestFromQuery"
        body = request.to_api_json()
        result = ManifestFromQueryResult
        try:
            return await self._fetch(operation, "POST", path, result, json_body=body)
        except ApiStatusError as post_error:
            if post_error.status_code not in _VERB_NOT_ROUTED:
                raise
            try:
                return await self._fetch(operation, "PUT", path, result, json_body=body)
            except ApiStatusError as put_error:
                if put_error.status_code in _VERB_NOT_ROUTED:
                    raise post_error from None
                raise

    async def manifest_consignments(
        self, consignment_references: Sequence[str]
    ) -> list[OperationResult]:
        """One result per consignment: check each `is_success`."""
        refs = _references(consignment_references)
        if not refs:
            return []
        body = ManifestConsignmentsRequest(consignment_references=tuple(refs)).to_api_json()
        return await self._bulk(ops.MANIFEST_CONSIGNMENTS, "/consignments/manifest", body)

    # --- cancel, deallocate, ready to ship -------------------------------------------------------

    async def cancel_consignment(self, consignment_reference: str) -> None:
        """Any 2xx SortedPRO could have sent is success (the docs disagree between 200 and
        201): an empty body or JSON. A page that is not JSON (a proxy's) is no answer."""
        path = _path("consignments", consignment_reference, "cancel")
        response = await self._session.request(ops.CANCEL_CONSIGNMENT, "PUT", path)
        _no_foreign_page(ops.CANCEL_CONSIGNMENT, response)

    async def cancel_consignments(self, refs: Sequence[str]) -> list[OperationResult]:
        """One result per consignment: check each `is_success`."""
        references = _references(refs)
        if not references:
            return []
        body = json.dumps(references).encode()
        return await self._bulk(ops.CANCEL_CONSIGNMENTS, "/consignments/cancellist", body)

    async def deallocate_consignment(self, consignment_reference: str) -> None:
        """Allowed from Allocated, Manifested and ManifestFailed; returns it to Unallocated."""
        path = _path("consignments", consignment_reference, "deallocate")
        response = await self._session.request(ops.DEALLOCATE_CONSIGNMENT, "PUT", path)
        _no_foreign_page(ops.DEALLOCATE_CONSIGNMENT, response)

    async def set_ready_to_ship(self, refs: Sequence[str]) -> list[OperationResult]:
        """Allocated -> ReadyToShip, one result per consignment: check each `is_success`."""
        references = _references(refs)
        if not references:
            return []
        body = json.dumps(references).encode()
        return await self._bulk(ops.SET_READY_TO_SHIP, "/consignments/setreadytoship", body)

    # --- settings lookups -----------------------------------------------------------------------

    async def get_shipping_locations(
        self, *, assigned_only: bool = False
    ) -> list[ShippingLocation]:
        """All the company's shipping locations, or only those linked to this API user."""
        path = "/shippinglocations/assigned" if assigned_only else "/shippinglocations"
        found = await self._fetch(ops.GET_SHIPPING_LOCATIONS, "GET", path, ShippingLocationList)
        return list(found.shipping_locations)

    async def get_carrier_services(self) -> list[CarrierService]:
        path = "/carrierservices"
        found = await self._fetch(ops.GET_CARRIER_SERVICES, "GET", path, CarrierServiceList)
        return list(found.carrier_services)

    # --- shared steps -----------------------------------------------------------------------------

    async def _fetch(
        self,
        operation: ops.Operation,
        method: str,
        path: str,
        model: type[M],
        *,
        json_body: bytes | None = None,
        params: QueryParams | None = None,
    ) -> M:
        response = await self._session.request(
            operation, method, path, json_body=json_body, params=params
        )
        return parse_body(model, response.body, operation, response.status_code)

    async def _label(
        self, operation: ops.Operation, path: str, label_format: LabelFormat, dpi: int | None
    ) -> LabelDocument:
        payload = await self._fetch(operation, "GET", path, LabelFilePayload)
        data = await _decode_file(payload.file, label_format, operation=operation)
        if len(data) <= DECODE_IN_THREAD_ABOVE_CHARS:
            page_count = count_pages(data, label_format)
        else:
            page_count = await asyncio.to_thread(count_pages, data, label_format)
        return LabelDocument(
            format=label_format,
            content_type=payload.content_type,
            data=data,
            page_count=page_count,
            dpi=dpi,
        )

    async def _bulk(
        self, operation: ops.Operation, path: str, body: bytes
    ) -> list[OperationResult]:
        """Per-item results. A 2xx without a body yields none: treat missing items as unknown."""
        response = await self._session.request(operation, "PUT", path, json_body=body)
        if not response.body.strip():
            return []
        results = parse_body(OperationResultList, response.body, operation, response.status_code)
        return list(results.root)


async def _decode_file(
    file_field: str, expected: LabelFormat, *, operation: ops.Operation, document: str = "label"
) -> bytes:
    if len(file_field) <= DECODE_IN_THREAD_ABOVE_CHARS:
        return decode_label_file(file_field, expected, operation=operation, document=document)
    return await asyncio.to_thread(
        decode_label_file, file_field, expected, operation=operation, document=document
    )


def _no_foreign_page(operation: ops.Operation, response: RawResponse) -> None:
    """A 2xx whose body is neither empty nor JSON did not come from SortedPRO (an HTML page
    from a proxy or captive portal): it proves nothing, so for a change it is outcome-unknown."""
    if not response.body.strip():
        return
    if "json" in (response.headers.get("content-type") or "").lower():
        return
    raise malformed_response(
        operation, "the body is not JSON (not SortedPRO's answer)", status_code=response.status_code
    )


def _path(*segments: str) -> str:
    return "/" + "/".join(quote(require_path_reference(segment), safe="") for segment in segments)


def _format_segments(label_format: LabelFormat, dpi: int | None) -> tuple[str, ...]:
    if dpi is None:
        return (label_format.path_segment,)
    if isinstance(dpi, bool) or not isinstance(dpi, int) or dpi <= 0:
        raise ValueError("dpi must be a positive whole number, such as 203 or 300")
    return (label_format.path_segment, str(dpi))


def _references(refs: Sequence[str]) -> list[str]:
    if isinstance(refs, str):
        raise TypeError("pass a sequence of references, not one string")
    return [require_path_reference(ref) for ref in refs]


def _checked_base_url(base_url: str) -> str:
    url = base_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("The SortedPRO base URL must be an http:// or https:// address.")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError(
            "The SortedPRO base URL must not carry credentials, a query or a fragment."
        )
    return url


def _checked_api_key(api_key: str) -> str:
    key = api_key.strip()
    if not key:
        raise ValueError("The SortedPRO API key is empty.")
    if not all(0x21 <= ord(character) <= 0x7E for character in key):
        raise ValueError("The SortedPRO API key holds characters that cannot be sent in a header.")
    return key
