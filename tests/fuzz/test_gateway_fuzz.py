"""Fuzzed SortedPRO answers through the gateway the workflow uses: only ShippingError escapes,
and what comes out is fit for the workflow and the screen (aware datetimes, finite numbers,
options the selection rules can rank, labels that are whole files)."""

from __future__ import annotations

import asyncio
import dataclasses
import math
import re
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from random import Random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from packstation.api import LabelFormat
from packstation.workflow.domain import OptionSummary, PackageSpec
from packstation.workflow.gateway import SortedProGateway
from packstation.workflow.rules import RuleKind, SelectionRule, choose_option
from packstation.workflow.shipping_api import ConsignmentQuery, LabelFile, ShippingError
from tests.fuzz import templates
from tests.fuzz.budget import PayloadCount, fuzz_settings
from tests.fuzz.json_mutation import Template
from tests.fuzz.label_files import is_printable_label, label_body
from tests.fuzz.responses import Route, RoutedTransport, fuzz_client
from tests.unit.api import examples
from tests.unit.workflow.fakes import make_order

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ORDER = "EO-000-002-0TT"
EC = "EC-000-05B-MMQ"
PACKAGES = (PackageSpec(weight_kg=1.5, length_cm=30, width_cm=20, height_cm=10),)


def _route(pattern: str, name: str, document: Any, body: Any = None) -> Route:
    return re.compile(pattern, re.IGNORECASE), Template(name, document), body


ROUTES: list[Route] = [
    _route(r"^/orders/", "order", templates.ORDER),
    _route(r"^/deliveryoptions/details/", "option details", templates.DELIVERY_OPTION_DETAILS),
    _route(r"^/deliveryoptions/select/", "select", examples.ALLOCATION_SUMMARY),
    _route(r"^/deliveryoptions$", "options", templates.DELIVERY_OPTIONS),
    _route(r"^/labels/", "label", {}, label_body),
    _route(r"^/consignments/docs/", "customs documents", templates.CUSTOMS_DOCUMENTS),
    _route(r"^/consignments/manifestFromQuery", "manifest", examples.MANIFEST_FROM_QUERY_RESPONSE),
    _route(r"^/consignments/\d+/\d+$", "search", examples.SEARCH_PAGE),
    _route(r"/cancel$", "cancel", {}),
    _route(r"^/consignments/", "consignment", templates.CONSIGNMENT),
    _route(r"^/shippinglocations", "locations", templates.SHIPPING_LOCATIONS),
    _route(r"^/carrierservices", "carrier services", templates.CARRIER_SERVICES),
]


async def _all(found: Any) -> list[Any]:
    return [item async for item in found]


GatewayCall = Callable[[SortedProGateway], Awaitable[Any]]
CALLS: dict[str, GatewayCall] = {
    "default_shipping_location": lambda g: g.default_shipping_location(),
    "get_order": lambda g: g.get_order(ORDER),
    "get_option": lambda g: g.get_option("EDO-000-6DX-6XP"),
    "quote": lambda g: g.quote(make_order(ORDER), PACKAGES, "PACK-1"),
    "select": lambda g: g.select("EDO-000-6DX-6XP"),
    "get_consignment": lambda g: g.get_consignment(EC),
    "find_consignments": lambda g: _all(
        g.find_consignments(ConsignmentQuery(states=("Allocated",), client_reference="PACK-1"))
    ),
    "carriers": lambda g: g.carriers(),
    "get_label pdf": lambda g: g.get_label(EC, "pdf", 203),
    "get_label zpl": lambda g: g.get_label(EC, "zpl", 300),
    "get_customs_documents": lambda g: g.get_customs_documents(EC),
    "cancel": lambda g: g.cancel(EC),
    "manifest": lambda g: g.manifest(
        states=("Allocated",), shipping_location_reference="SL-DEMO-1", carrier_references=()
    ),
}


def fit_for_the_workflow(value: Any, where: str = "result") -> None:
    """Aware datetimes, finite numbers, whole labels, all the way down."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None and value.utcoffset() is not None, f"{where} is naive"
    elif isinstance(value, float):
        assert math.isfinite(value), f"{where} = {value}"
    elif isinstance(value, Decimal):
        assert value.is_finite() and abs(value) < Decimal(10) ** 15, f"{where} = {value}"
    elif isinstance(value, LabelFile):
        wanted = LabelFormat.ZPL if value.format == "zpl" else LabelFormat(value.format.upper())
        assert is_printable_label(value.data, wanted), where
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            fit_for_the_workflow(item, f"{where}[{index}]")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for found in dataclasses.fields(value):
            fit_for_the_workflow(getattr(value, found.name), f"{where}.{found.name}")


def rank_options(options: list[OptionSummary]) -> None:
    """What the packing screen and scan-to-print do with options straight away."""
    for kind in RuleKind:
        rule = SelectionRule(kind=kind, deliver_by=date(2026, 11, 30), preferences=("DPD",))
        choose_option(options, rule, NOW)
    for option in options:
        option.is_expired(NOW, 60.0)
        if option.allocation_cutoff is not None:
            (option.allocation_cutoff - NOW).total_seconds()
        for moment in (option.window_start, option.window_end):
            assert moment is None or isinstance(moment, clock_time)
    ordered = sorted(options, key=lambda o: o.allocation_cutoff or NOW + timedelta(days=1))
    assert len(ordered) == len(options)


async def call_gateway(seed: int, name: str) -> tuple[Any, int, float]:
    rng = Random(seed)
    transport = RoutedTransport(rng, ROUTES, clean_rate=rng.choice([0.3, 0.6, 0.9]))
    started = time.perf_counter()
    async with fuzz_client(transport) as client:
        gateway = SortedProGateway(client, "SL-DEMO-1")
        try:
            outcome: Any = await CALLS[name](gateway)
        except ShippingError as error:
            outcome = error
    return outcome, transport.served, time.perf_counter() - started


def test_fuzzed_answers_through_the_gateway() -> None:
    count = PayloadCount("gateway: translation of fuzzed responses")

    with asyncio.Runner() as runner:

        @fuzz_settings(count.name)
        @given(
            seed=st.integers(min_value=0, max_value=2**64 - 1), name=st.sampled_from(sorted(CALLS))
        )
        def one(seed: int, name: str) -> None:
            outcome, sent, seconds = runner.run(call_gateway(seed, name))
            count.add(max(sent, 1))
            count.timed(seconds, lambda: runner.run(call_gateway(seed, name))[2])
            if isinstance(outcome, ShippingError):
                assert outcome.user_message.strip()
                return
            fit_for_the_workflow(outcome)
            if name in ("quote", "get_option"):
                rank_options(outcome if isinstance(outcome, list) else [outcome])

        one()
    count.check()
