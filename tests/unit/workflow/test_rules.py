from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from packstation.workflow.domain import CustomerPromise, OptionSummary
from packstation.workflow.rules import RuleKind, SelectionRule, choose_option

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def option(ref: str, carrier: str, service: str, day: int, price: str, **kw) -> OptionSummary:
    return OptionSummary(
        reference=ref,
        carrier=carrier,
        service=service,
        service_reference=kw.get("service_reference"),
        delivery_date=date(2026, 11, day),
        window_start=kw.get("start", time(0, 0)),
        window_end=kw.get("end", time(23, 59)),
        price_gross=Decimal(price),
        currency="GBP",
        allocation_cutoff=kw.get("cutoff", NOW + timedelta(hours=6)),
    )


SLOW_CHEAP = option("EDO-1", "Evri", "Standard 48", 26, "3.50")
FAST_DEAR = option("EDO-2", "DPD", "Next Day", 24, "7.20", service_reference="DPD_ND")
MIDDLE = option("EDO-3", "Royal Mail", "Tracked 24", 24, "5.10", end=time(18, 0))
OPTIONS = [SLOW_CHEAP, FAST_DEAR, MIDDLE]


def test_cheapest_and_fastest() -> None:
    assert choose_option(OPTIONS, SelectionRule(RuleKind.CHEAPEST), NOW).option is SLOW_CHEAP  # type: ignore[union-attr]
    fastest = choose_option(OPTIONS, SelectionRule(RuleKind.FASTEST), NOW)
    assert fastest is not None and fastest.option is MIDDLE  # same day, earlier window end


def test_preferred_list_in_order_then_fallback() -> None:
    rule = SelectionRule(RuleKind.PREFERRED, preferences=("UPS", "dpd_nd", "Evri"))
    assert choose_option(OPTIONS, rule, NOW).option is FAST_DEAR  # type: ignore[union-attr]
    nothing = SelectionRule(RuleKind.PREFERRED, preferences=("UPS",))
    choice = choose_option(OPTIONS, nothing, NOW)
    assert choice is not None and choice.option is SLOW_CHEAP and "no match" in choice.reason


def test_deliver_by_takes_cheapest_in_time() -> None:
    rule = SelectionRule(RuleKind.DELIVER_BY, deliver_by=date(2026, 11, 24))
    assert choose_option(OPTIONS, rule, NOW).option is MIDDLE  # type: ignore[union-attr]


def test_customer_choice_wins_then_promise_then_rule() -> None:
    promise = CustomerPromise("EDO-2", date(2026, 11, 24), time(0, 0), time(23, 59))
    assert choose_option(OPTIONS, SelectionRule(), NOW, promise).reason == "customer's choice"  # type: ignore[union-attr]
    fresh = [SLOW_CHEAP, option("EDO-9", "DPD", "Next Day", 24, "6.00"), MIDDLE]
    kept = choose_option(fresh, SelectionRule(), NOW, promise)
    assert kept is not None and kept.option.reference == "EDO-9"
    assert "promise" in kept.reason


def test_expired_and_nearly_expired_options_are_never_chosen() -> None:
    expired = option("EDO-X", "Evri", "Standard 48", 25, "1.00", cutoff=NOW - timedelta(minutes=1))
    nearly = option("EDO-Y", "Evri", "Standard 48", 25, "1.50", cutoff=NOW + timedelta(seconds=30))
    choice = choose_option([expired, nearly, MIDDLE], SelectionRule(), NOW)
    assert choice is not None and choice.option is MIDDLE
    assert choose_option([expired], SelectionRule(), NOW) is None
