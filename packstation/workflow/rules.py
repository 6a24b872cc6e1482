"""Which delivery option to take when nobody clicks: the customer's promise first, then the rule.

Pure functions over `OptionSummary`, so the GUI can highlight the same choice the scan-to-print
path would make.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from packstation.workflow.domain import CustomerPromise, OptionSummary

# An option this close to its cut-off may expire between the choice and the select.
CUTOFF_SAFETY_MARGIN_SECONDS = 60.0

_FAR_FUTURE = date.max
_NO_PRICE = Decimal("Infinity")


class RuleKind(StrEnum):
    CHEAPEST = "cheapest"
    FASTEST = "fastest"
    PREFERRED = "preferred"  # first matching entry of a preference list
    DELIVER_BY = "deliver_by"  # cheapest that arrives on or before a date


@dataclass(frozen=True)
class SelectionRule:
    kind: RuleKind = RuleKind.CHEAPEST
    # carrier or service names/references, most preferred first (PREFERRED)
    preferences: tuple[str, ...] = field(default_factory=tuple)
    deliver_by: date | None = None  # DELIVER_BY
    # Rule to use when PREFERRED finds nothing or DELIVER_BY cannot be met.
    fallback: RuleKind = RuleKind.CHEAPEST

    def describe(self) -> str:
        if self.kind is RuleKind.PREFERRED:
            return "preferred: " + ", ".join(self.preferences) if self.preferences else "preferred"
        if self.kind is RuleKind.DELIVER_BY and self.deliver_by:
            return f"deliver by {self.deliver_by.isoformat()}"
        return self.kind.value


@dataclass(frozen=True)
class Choice:
    option: OptionSummary
    reason: str  # plain words shown to the packer, e.g. "customer's choice" or "cheapest"


def bookable(options: Sequence[OptionSummary], now: datetime) -> list[OptionSummary]:
    """Options that will still be valid when the select reaches SortedPRO."""
    return [o for o in options if not o.is_expired(now, CUTOFF_SAFETY_MARGIN_SECONDS)]


def _price(option: OptionSummary) -> Decimal:
    return option.price_gross if option.price_gross is not None else _NO_PRICE


def _arrival(option: OptionSummary) -> tuple[date, str]:
    return (
        option.delivery_date or _FAR_FUTURE,
        option.window_end.isoformat() if option.window_end else "99",
    )


def _cheapest(options: Sequence[OptionSummary]) -> OptionSummary:
    return min(options, key=lambda o: (_price(o), _arrival(o)))


def _fastest(options: Sequence[OptionSummary]) -> OptionSummary:
    return min(options, key=lambda o: (_arrival(o), _price(o)))


def _matches_preference(option: OptionSummary, preference: str) -> bool:
    wanted = preference.strip().casefold()
    return wanted in {
        option.carrier.casefold(),
        option.service.casefold(),
        f"{option.carrier} {option.service}".casefold(),
        (option.service_reference or "").casefold(),
    }


def apply_rule(options: Sequence[OptionSummary], rule: SelectionRule) -> Choice | None:
    if not options:
        return None
    if rule.kind is RuleKind.CHEAPEST:
        return Choice(_cheapest(options), "cheapest")
    if rule.kind is RuleKind.FASTEST:
        return Choice(_fastest(options), "fastest")
    if rule.kind is RuleKind.PREFERRED:
        for preference in rule.preferences:
            matching = [o for o in options if _matches_preference(o, preference)]
            if matching:
                return Choice(_fastest(matching), f"preferred service ({preference})")
    if rule.kind is RuleKind.DELIVER_BY and rule.deliver_by is not None:
        in_time = [
            o for o in options if o.delivery_date is not None and o.delivery_date <= rule.deliver_by
        ]
        if in_time:
            return Choice(_cheapest(in_time), f"cheapest by {rule.deliver_by.isoformat()}")
    fallback = apply_rule(options, SelectionRule(kind=rule.fallback))
    if fallback is None:
        return None
    return Choice(fallback.option, f"{fallback.reason} (rule found no match)")


def choose_option(
    options: Sequence[OptionSummary],
    rule: SelectionRule,
    now: datetime,
    promise: CustomerPromise | None = None,
) -> Choice | None:
    """The option scan-to-print takes: the customer's own, else one keeping their promise,
    else whatever the station's rule picks. None when nothing is bookable."""
    candidates = bookable(options, now)
    if not candidates:
        return None
    if promise is not None:
        for option in candidates:
            if option.reference == promise.option_reference:
                return Choice(option, "customer's choice")
        keeping = [o for o in candidates if o.keeps_promise(promise)]
        if keeping:
            return Choice(_cheapest(keeping), "keeps the customer's delivery promise")
    return apply_rule(candidates, rule)
