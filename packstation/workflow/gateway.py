"""`ShippingApi` over the real SortedPRO client: calls, model mapping and error translation.

The raw orders are kept in a small in-memory cache (never journaled): the options request needs
the full destination address, which the workflow deliberately does not carry around.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import pydantic

from packstation.api import (
    Address,
    AddressType,
    ApiTransportError,
    AsyncSortedPro,
    AuthenticationError,
    ConsignmentSearch,
    ConsignmentState,
    DeliveryOptionAlreadySelectedError,
    DeliveryOptionExpiredError,
    DeliveryOptionsRequest,
    LabelFormat,
    LabelFormatError,
    MalformedResponseError,
    ManifestFromQueryRequest,
    Order,
    PermissionDeniedError,
    RateLimitedError,
    ResponseLostError,
    ServerError,
    SortedProError,
)
from packstation.api import NotFoundError as ApiNotFoundError
from packstation.workflow import api_mapping
from packstation.workflow.domain import Allocation, OptionSummary, OrderView, PackageSpec
from packstation.workflow.shipping_api import (
    BadDocumentError,
    CarrierInfo,
    ConsignmentInfo,
    ConsignmentQuery,
    LabelFile,
    ManifestOutcome,
    NamedDocument,
    NotFoundError,
    OptionAlreadySelectedError,
    OptionExpiredError,
    OutcomeUnknownError,
    RefusedError,
    ShippingError,
    UnavailableError,
)

ORDER_CACHE_SIZE = 64
SEARCH_PAGE_SIZE = 100


def translate(error: SortedProError) -> ShippingError:
    """The one place client errors become the kinds the workflow acts on."""
    words, technical = error.user_message, error.technical_message
    match error:
        case DeliveryOptionExpiredError():
            return OptionExpiredError(words, technical=technical)
        case DeliveryOptionAlreadySelectedError():
            return OptionAlreadySelectedError(words, technical=technical)
        case _ if error.outcome_unknown:
            still_running = isinstance(error, ResponseLostError) and error.timed_out
            return OutcomeUnknownError(words, technical=technical, still_running=still_running)
        case LabelFormatError() | MalformedResponseError():
            return BadDocumentError(words, technical=technical)
        case ApiNotFoundError():
            return NotFoundError(words, technical=technical)
        case ApiTransportError() | RateLimitedError() | ServerError():
            return UnavailableError(words, technical=technical)
        case AuthenticationError() | PermissionDeniedError():
            return RefusedError(words, technical=technical)
    return RefusedError(words, technical=technical)


@contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except SortedProError as error:
        raise translate(error) from error


class SortedProGateway:
    def __init__(
        self, client: AsyncSortedPro, shipping_location_reference: str | None = None
    ) -> None:
        self._client = client
        self.shipping_location_reference = shipping_location_reference
        self._orders: OrderedDict[str, Order] = OrderedDict()
        self._carriers: dict[str, CarrierInfo] | None = None

    def use_shipping_location(self, reference: str | None) -> None:
        self.shipping_location_reference = reference

    async def default_shipping_location(self) -> str | None:
        with translated_errors():
            locations = await self._client.get_shipping_locations()
        return locations[0].reference if locations else None

    def _remember(self, order: Order) -> None:
        self._orders[order.order_reference] = order
        self._orders.move_to_end(order.order_reference)
        while len(self._orders) > ORDER_CACHE_SIZE:
            self._orders.popitem(last=False)

    async def _raw_order(self, order_reference: str) -> Order:
        cached = self._orders.get(order_reference)
        if cached is not None:
            return cached
        with translated_errors():
            order = await self._client.get_order(order_reference)
        self._remember(order)
        return order

    async def get_order(self, order_reference: str) -> OrderView:
        try:
            with translated_errors():
                order = await self._client.get_order(order_reference)
        except NotFoundError as error:
            raise NotFoundError(
                f"SortedPRO has no order {order_reference}. Check the barcode you scanned, or "
                "look the order up in SortedPRO.",
                technical=error.technical,
            ) from error
        self._remember(order)
        return api_mapping.order_view(order)

    async def get_option(self, option_reference: str) -> OptionSummary:
        with translated_errors():
            details = await self._client.get_delivery_option_details(option_reference)
        if details.delivery_option is None:
            raise NotFoundError(f"The delivery option {option_reference} is no longer available.")
        client_reference = (
            details.consignment_detail.consignment_reference_provided_by_customer
            if details.consignment_detail
            else None
        )
        return api_mapping.option_summary(details.delivery_option, client_reference)

    def _origin(self, order: Order) -> Address:
        location = self.shipping_location_reference or (
            order.origin.shipping_location_reference if order.origin else None
        )
        return Address(address_type=AddressType.ORIGIN, shipping_location_reference=location)

    async def quote(
        self, order: OrderView, packages: Sequence[PackageSpec], client_reference: str
    ) -> list[OptionSummary]:
        raw = await self._raw_order(order.order_reference)
        if raw.destination is None:
            raise RefusedError(
                f"Order {order.order_reference} has no delivery address in SortedPRO; "
                "fix the order there, then scan it again."
            )
        try:
            request = DeliveryOptionsRequest(
                packages=api_mapping.request_packages(packages, raw),
                addresses=(self._origin(raw), raw.destination),
                consignment_reference_provided_by_customer=client_reference,
                customs_documentation=raw.customs_documentation,
                direction=raw.direction,
                meta_data=raw.meta_data or None,
                tags=raw.tags or None,
            )
        except pydantic.ValidationError as error:
            raise RefusedError(
                "The packages or the order's addresses are incomplete: check the weights and "
                "sizes, and that a shipping location is set in Settings.",
                technical=f"options request invalid: {error.error_count()} errors",
            ) from None
        with translated_errors():
            response = await self._client.get_delivery_options(request)
        options = [
            api_mapping.option_summary(o, client_reference) for o in response.delivery_options
        ]
        if response.non_guaranteed_delivery_option is not None:
            options.append(
                api_mapping.option_summary(
                    response.non_guaranteed_delivery_option, client_reference, guaranteed=False
                )
            )
        return options

    async def select(self, option_reference: str) -> Allocation:
        with translated_errors():
            result = await self._client.select_delivery_option(option_reference)
        return api_mapping.allocation_of(result)

    async def get_consignment(self, consignment_reference: str) -> ConsignmentInfo:
        with translated_errors():
            consignment = await self._client.get_consignment(consignment_reference)
        return api_mapping.consignment_info(consignment)

    async def find_consignments(self, query: ConsignmentQuery) -> AsyncIterator[ConsignmentInfo]:
        search = ConsignmentSearch(
            reference_provided_by_customer=query.client_reference,
            tracking_reference=query.tracking_number,
            states=tuple(ConsignmentState(state) for state in query.states),
            created_date_from=query.created_from,
            created_date_to=query.created_to,
            shipping_location_reference=query.shipping_location_reference,
            search_term=query.search_term,
        )
        names = {c.reference: c.name for c in await self.carriers()}
        with translated_errors():
            async for summary in self._client.search_consignments(
                search, page_size=SEARCH_PAGE_SIZE
            ):
                info = api_mapping.summary_info(summary)
                if info.carrier_reference in names:
                    info = replace(info, carrier_name=names[info.carrier_reference])
                yield info

    async def carriers(self) -> list[CarrierInfo]:
        """Carrier names and collection cut-offs, from the configured services (cached).

        Best effort: the services body is not in Sorted's guides, so a failure here only
        costs the names, never the pack."""
        if self._carriers is None:
            try:
                services = await self._client.get_carrier_services()
            except SortedProError:
                return []
            found: dict[str, CarrierInfo] = {}
            for service in services:
                reference = service.mpd_carrier_reference
                if not reference:
                    continue
                known = found.get(reference)
                cutoffs = [
                    t for t in (service.collection_cut_off, known and known.collection_cutoff) if t
                ]
                found[reference] = CarrierInfo(
                    reference=reference,
                    name=service.carrier_name or (known.name if known else reference),
                    collection_cutoff=max(cutoffs) if cutoffs else None,
                )
            self._carriers = found
        return list(self._carriers.values())

    async def get_label(self, consignment_reference: str, label_format: str, dpi: int) -> LabelFile:
        wanted = LabelFormat(label_format.upper())
        with translated_errors():
            document = await self._client.get_labels(consignment_reference, wanted, dpi)
        return LabelFile(
            format="zpl"
            if wanted in (LabelFormat.ZPL, LabelFormat.ZPLII)
            else wanted.value.lower(),
            dpi=document.dpi or dpi,
            data=document.data,
            page_count=document.page_count,
        )

    async def get_customs_documents(self, consignment_reference: str) -> list[NamedDocument]:
        with translated_errors():
            documents = await self._client.get_customs_documents(consignment_reference)
        return [NamedDocument(d.kind.value, d.name, d.data) for d in documents]

    async def cancel(self, consignment_reference: str) -> None:
        with translated_errors():
            await self._client.cancel_consignment(consignment_reference)

    async def manifest(
        self,
        *,
        states: Sequence[str],
        shipping_location_reference: str | None,
        carrier_references: Sequence[str],
    ) -> ManifestOutcome:
        request = ManifestFromQueryRequest(
            states=tuple(ConsignmentState(s) for s in states),
            shipping_location_references=(shipping_location_reference,)
            if shipping_location_reference
            else None,
            carriers=tuple(carrier_references) or None,
        )
        with translated_errors():
            result = await self._client.manifest_from_query(request)
        return ManifestOutcome(
            message=result.message or "", failed_references=tuple(result.failed_consignments)
        )
