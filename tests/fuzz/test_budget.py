"""The CI quotas add up to the issue's 10,000 payloads through the client and label pipeline."""

from __future__ import annotations

from tests.fuzz.budget import CI_MINIMUM_PAYLOADS, QUOTAS, SCAN_QUOTAS
from tests.fuzz.test_extremes_sweep import SWEPT, variants
from tests.fuzz.test_gateway_fuzz import ROUTES


def test_the_ci_quotas_send_at_least_ten_thousand_payloads() -> None:
    # Each example sends at least one payload (most send several: the client's retries meet
    # more than one answer), so the examples bound the count from below; the sweep adds one
    # payload per field and extreme value.
    templates = {template.name: template.document for _, template, _ in ROUTES}
    swept = sum(len(list(variants(templates[route]))) for route in SWEPT.values())
    assert swept >= 3_000
    assert sum(QUOTAS.values()) + swept >= CI_MINIMUM_PAYLOADS


def test_scans_are_fuzzed_as_well() -> None:
    assert sum(SCAN_QUOTAS.values()) >= 1_000
