"""The models read every documented variant and the reference's examples."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from packstation.api import (
    Address,
    AddressType,
    AllocationResult,
    Consignment,
    ConsignmentState,
    ConsignmentStatus,
    DeliveryOption,
    DeliveryOptionsRequest,
    ManifestFromQueryRequest,
    ManifestFromQueryResult,
    Money,
    OperationResult,
    Order,
    Package,
    Price,
    Weight,
    WeightUnit,
)
from packstation.api.models.consignments import ConsignmentSearchPage
from packstation.api.models.customs import CustomsDocumentsPayload
from packstation.api.models.delivery_options import DeliveryOptionsSummary
from packstation.api.models.settings_lookups import CarrierServiceList, ShippingLocationList
from tests.unit.api import examples


class TestWeight:
    def test_value_and_unit_form(self) -> None:
        weight = Weight.model_validate({"Value": 0.5, "Unit": "Kg"})
        assert weight == Weight(value=Decimal("0.5"), unit=WeightUnit.KG)

    def test_older_kg_form_is_normalised(self) -> None:
        weight = Weight.model_validate({"Kg": 1.5})
        assert (weight.value, weight.unit) == (Decimal("1.5"), WeightUnit.KG)

    def test_is_always_sent_as_value_and_unit(self) -> None:
        assert Weight.model_validate({"Kg": 1.5}).to_api_json() == b'{"Value":1.5,"Unit":"Kg"}'

    @pytest.mark.parametrize(
        ("unit", "kilograms"),
        [("Grams", Decimal("0.25")), ("g", Decimal("0.25")), ("Lb", Decimal("113.3980925"))],
    )
    def test_kilograms_converts(self, unit: str, kilograms: Decimal) -> None:
        assert Weight.model_validate({"Value": 250, "Unit": unit}).kilograms == kilograms

    def test_unit_as_number_is_not_guessed(self) -> None:
        with pytest.raises(ValidationError):
            Weight.model_validate({"Value": 1, "Unit": 7})


class TestPrice:
    @pytest.mark.parametrize("name", ["TaxRate", "VatRate"])
    def test_reads_either_tax_rate_name(self, name: str) -> None:
        price = Price.model_validate({"Net": 1, name: {"Rate": 0.2, "CountryIsoCode": "GB"}})
        assert price.tax_rate is not None
        assert price.tax_rate.rate == Decimal("0.2")


class TestConsignmentState:
    def test_known_name(self) -> None:
        status = ConsignmentStatus.model_validate(examples.CONSIGNMENT_STATUS)
        assert status.state is ConsignmentState.ALLOCATED
        assert status.reference == "EC-000-087-01A"

    @pytest.mark.parametrize(
        ("sent", "state"),
        [
            (3, ConsignmentState.ALLOCATED),
            ("40", ConsignmentState.READY_TO_SHIP),
            (6, ConsignmentState.MANIFEST_FAILED),
            ("manifest failed", ConsignmentState.MANIFEST_FAILED),
            (26, ConsignmentState.CANCELLED),
            (32, ConsignmentState.DELIVERED_DAMAGED),
        ],
    )
    def test_numbers_and_spellings(self, sent: object, state: ConsignmentState) -> None:
        assert ConsignmentStatus.model_validate({"Status": sent}).state is state

    @pytest.mark.parametrize("sent", ["Teleported", 99])
    def test_unknown_state_keeps_the_raw_value(self, sent: object) -> None:
        status = ConsignmentStatus.model_validate({"Status": sent})
        assert status.state is ConsignmentState.UNKNOWN
        assert status.state_raw == str(sent)


def test_address_type_as_number() -> None:
    assert Address.model_validate({"AddressType": 2}).address_type is AddressType.DESTINATION


def test_personal_data_stays_out_of_repr() -> None:
    request = DeliveryOptionsRequest.model_validate(examples.MINIMAL_DELIVERY_OPTIONS_REQUEST)
    order = Order.model_validate(examples.ORDER)
    for shown in (repr(request), repr(order), repr(order.destination)):
        assert "Porter" not in shown
        assert "McPetersson" not in shown
        assert "M1 5WG" not in shown


class TestDeliveryOptionsRequest:
    def test_minimal_example_round_trips_by_alias(self) -> None:
        request = DeliveryOptionsRequest.model_validate(examples.MINIMAL_DELIVERY_OPTIONS_REQUEST)
        sent = request.model_dump(mode="json", by_alias=True, exclude_none=True)
        assert sent == examples.MINIMAL_DELIVERY_OPTIONS_REQUEST

    def test_built_in_python(self) -> None:
        request = DeliveryOptionsRequest(
            packages=[
                Package(
                    weight=Weight.from_kilograms("1.25"),
                    package_size_reference=None,
                    dimensions={"Width": 1, "Length": 2, "Height": 3},
                    description="Mug",
                    value=Money.of("9.50", "GBP"),
                    package_reference_provided_by_customer="PKG-1",
                )
            ],
            addresses=[
                Address.shipping_location(AddressType.ORIGIN, "Sorted1"),
                Address(address_type=AddressType.DESTINATION, postcode="M1 5WG"),
            ],
            consignment_reference_provided_by_customer="PACK-42",
            shipping_date=datetime(2019, 6, 17, tzinfo=UTC),
            guaranteed_only=True,
            tags=["Fragile"],
        )
        sent = request.model_dump(mode="json", by_alias=True, exclude_none=True)
        assert sent["ConsignmentReferenceProvidedByCustomer"] == "PACK-42"
        assert sent["ShippingDate"].startswith("2019-06-17T00:00:00")
        assert sent["GuaranteedOnly"] is True
        assert sent["Packages"][0]["Weight"] == {"Value": 1.25, "Unit": "Kg"}
        assert sent["Packages"][0]["Value"] == {"Amount": 9.5, "Currency": {"IsoCode": "GBP"}}
        assert sent["Packages"][0]["PackageReferenceProvidedByCustomer"] == "PKG-1"
        assert "DeliveryDate" not in sent

    def test_needs_origin_and_destination(self) -> None:
        data = {**examples.MINIMAL_DELIVERY_OPTIONS_REQUEST}
        data["Addresses"] = data["Addresses"][1:]
        with pytest.raises(ValidationError, match="Origin and a Destination"):
            DeliveryOptionsRequest.model_validate(data)

    def test_package_needs_weight_or_size_reference(self) -> None:
        with pytest.raises(ValidationError, match="PackageSizeReference"):
            Package(description="Socks", value=Money.of(1, "GBP"))
        assert Package(description="Socks", value=Money.of(1, "GBP"), package_size_reference="S")


class TestDocumentedExamples:
    def test_delivery_option(self) -> None:
        option = DeliveryOption.model_validate(examples.DELIVERY_OPTION)
        assert option.reference == "EDO-000-6DX-6XP"
        assert option.price is not None and option.price.gross == Decimal("33.23")
        assert option.price.tax_rate is not None and option.price.tax_rate.reference == "GB-0.2000"
        assert option.delivery_window is not None
        assert option.delivery_window.end == time(23, 59)
        assert option.delivery_window.offset == timedelta(hours=1)
        assert option.estimated_delivery_date is not None
        assert option.estimated_delivery_date.guaranteed is True
        cut_off = datetime(2019, 6, 16, 23, 0, tzinfo=UTC)
        assert option.is_expired(cut_off)
        assert not option.is_expired(cut_off - timedelta(seconds=1))

    def test_delivery_options_summary(self) -> None:
        summary = DeliveryOptionsSummary.model_validate(examples.DELIVERY_OPTIONS_SUMMARY)
        assert summary.reference == "EPC-000-039-EPK"
        assert summary.delivery_options == (datetime(2020, 3, 18),)

    def test_allocation_summary(self) -> None:
        result = AllocationResult.model_validate(examples.ALLOCATION_SUMMARY)
        assert result.consignment_reference == "EC-000-05B-MMQ"
        assert result.carrier_name == "Carrier X"
        assert result.carrier_service_reference == "MPD_T48CX"
        assert result.carrier_service_name == "Tracked 48 Signed For"
        assert result.tracking_references == ("TRK00009823",)

    def test_select_bare_array(self) -> None:
        result = AllocationResult.model_validate(examples.SELECT_BARE_LINKS)
        assert result.consignment_reference == "EC-000-05B-0GT"
        assert result.carrier_name is None
        assert result.tracking_references == ()

    def test_select_object_with_only_links(self) -> None:
        result = AllocationResult.model_validate({"ApiLinks": examples.SELECT_BARE_LINKS})
        assert result.consignment_reference == "EC-000-05B-0GT"

    def test_select_prefers_the_detail_link(self) -> None:
        links = [
            {"Rel": "label", "Href": "/labels/EC-AAA-AAA-AAA"},
            {"Rel": "Detail", "Href": "/consignments/EC-BBB-BBB-BBB"},
        ]
        assert AllocationResult.model_validate(links).consignment_reference == "EC-BBB-BBB-BBB"

    def test_select_falls_back_to_the_description(self) -> None:
        result = AllocationResult.model_validate(
            {"ApiLinks": None, "Description": "Consignment EC-000-05B-MMQ has been allocated"}
        )
        assert result.consignment_reference == "EC-000-05B-MMQ"

    def test_select_without_any_reference_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="no consignment reference"):
            AllocationResult.model_validate({"ApiLinks": [{"Rel": "detail", "Href": "/x"}]})

    def test_manifest_from_query(self) -> None:
        request = ManifestFromQueryRequest.model_validate(examples.MANIFEST_FROM_QUERY_REQUEST)
        assert (
            request.to_api_json()
            == ManifestFromQueryRequest(
                shipping_location_references=["Location1"],
                states=[ConsignmentState.ALLOCATED],
                carriers=["CARRIER_X"],
                labels_printed=True,
            ).to_api_json()
        )
        result = ManifestFromQueryResult.model_validate(examples.MANIFEST_FROM_QUERY_RESPONSE)
        assert result.failed_consignments == ("EC-000-05A-Z6S",)

    def test_manifest_from_query_refuses_ineligible_states(self) -> None:
        with pytest.raises(ValidationError, match="only Allocated"):
            ManifestFromQueryRequest(states=[ConsignmentState.UNALLOCATED])
        with pytest.raises(ValidationError, match="at least one state"):
            ManifestFromQueryRequest(states=[])

    def test_bulk_results(self) -> None:
        manifested = OperationResult.model_validate(examples.MANIFEST_BY_REFERENCES_RESPONSE[0])
        cancelled = OperationResult.model_validate(examples.CANCEL_LIST_RESPONSE[0])
        assert manifested.is_success and manifested.consignment_reference == "EC-000-002-5FG"
        assert cancelled.api_links == ()
        assert cancelled.consignment_reference == "EC-000-05D-1NS"

    def test_search_page(self) -> None:
        page = ConsignmentSearchPage.model_validate(examples.SEARCH_PAGE)
        assert page.count == 2
        assert [row.state for row in page.summaries] == [
            ConsignmentState.ALLOCATED,
            ConsignmentState.READY_TO_SHIP,
        ]
        first = page.summaries[0]
        assert isinstance(first.weight, Weight) and first.weight.kilograms == Decimal("0.5")
        assert "Porter" not in repr(first)

    def test_order(self) -> None:
        order = Order.model_validate(examples.ORDER)
        assert order.order_reference == "EO-000-002-0TT"
        assert order.packages[0].items[0].weight == Weight(value=Decimal("0.2"))
        assert order.required_delivery_date is not None
        window = order.required_delivery_date.delivery_window
        assert window is not None and window.end == time.max and window.offset == timedelta(0)
        assert order.tags == ()
        assert order.destination is not None and order.destination.postcode == "M1 5WG"

    def test_consignment(self) -> None:
        consignment = Consignment.model_validate(examples.CONSIGNMENT)
        assert consignment.state is ConsignmentState.ALLOCATED
        assert consignment.tracking_references == ("TRK00009823",)
        assert consignment.weight == Weight(value=Decimal(0))
        assert consignment.packages[0].legs == ()
        price = consignment.allocation.price if consignment.allocation else None
        assert price is not None and price.tax_rate is not None

    def test_customs_documents_as_list_or_map(self) -> None:
        listed = CustomsDocumentsPayload.model_validate(examples.CUSTOMS_DOCUMENTS_LIST)
        mapped = CustomsDocumentsPayload.model_validate(
            {
                "CommercialInvoiceDocuments": {"INV_Example": listed.by_kind()[0][1].value},
                "CN22Documents": None,
            }
        )
        assert listed.by_kind() == mapped.by_kind()


def test_lookups_accept_bare_lists_and_wrapped_objects() -> None:
    location = {"Reference": "Sorted1", "Name": "Main warehouse", "Postcode": "M1 1AA"}
    assert ShippingLocationList.model_validate([location]).shipping_locations[0].name == (
        "Main warehouse"
    )
    assert ShippingLocationList.model_validate({"ShippingLocations": [location]})
    service = {"Reference": "MPD_T48CX", "Name": "Tracked 48", "CarrierName": "Carrier X"}
    for body in ([service], {"MpdCarrierServices": [service]}, {"CarrierServices": [service]}):
        assert CarrierServiceList.model_validate(body).carrier_services[0].reference == "MPD_T48CX"
