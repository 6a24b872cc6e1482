"""Fault rules: parsing, matching, dice, count, and each kind through the in-process app."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from packstation.sandbox.errors import ApiError
from packstation.sandbox.fault_middleware import ConnectionDroppedError
from packstation.sandbox.faults import (
    FaultEngine,
    FaultKind,
    FaultRule,
    FaultSettings,
    LatencyMode,
    LatencySpec,
    parse_fault_settings,
)
from tests.unit.sandbox.emulator_helpers import allocated, options_for, order_reference

ORDER = f"/orders/{order_reference(0)}"


async def add_rule(client: httpx.AsyncClient, **rule: Any) -> dict[str, Any]:
    response = await client.post("/_sandbox/faults", json={"rules": [rule]})
    assert response.status_code == 200, response.text
    faults: dict[str, Any] = response.json()
    return faults


def test_parse_the_documented_json_shape() -> None:
    settings = parse_fault_settings(
        {
            "latency": {"mode": "uniform", "min_ms": 5, "max_ms": 10},
            "rules": [
                {
                    "method": "POST",
                    "path": "/deliveryoptions/select/*",
                    "kind": "error",
                    "status": 429,
                    "retry_after": "Wed, 21 Oct 2015 07:28:00 GMT",
                    "count": 2,
                },
            ],
            "manifest_fail_references": ["EC-000-5B0-000"],
        }
    )
    assert settings.latency == LatencySpec(LatencyMode.UNIFORM, min_ms=5, max_ms=10)
    rule = settings.rules[0]
    assert rule.kind is FaultKind.ERROR
    assert rule.retry_after == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert rule.count == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"rules": [{"path": "no-slash", "kind": "error"}]},
        {"rules": [{"path": "/x", "kind": "explode"}]},
        {"rules": [{"path": "/x", "kind": "error", "rate": 2}]},
        {"rules": [{"path": "/x", "kind": "error", "count": 0}]},
        {"latency": {"mode": "uniform", "min_ms": 10, "max_ms": 5}},
        {"rules": "nope"},
        [],
    ],
)
def test_bad_settings_are_validation_errors(bad: Any) -> None:
    with pytest.raises(ApiError) as raised:
        parse_fault_settings(bad)
    assert raised.value.code == "ValidationFailed"


def test_rules_match_method_and_path_glob_ignoring_case() -> None:
    rule = FaultRule(path="/deliveryoptions/select/*", kind=FaultKind.ERROR, method="POST")
    assert rule.matches("post", "/DeliveryOptions/select/EDO-000-6D0-000")
    assert not rule.matches("GET", "/deliveryoptions/select/EDO-000-6D0-000")
    assert not rule.matches("POST", "/deliveryoptions")


def test_count_disarms_and_rate_dice_repeat() -> None:
    counted = FaultEngine(FaultSettings(rules=(FaultRule("/x", FaultKind.ERROR, count=2),)), 1)
    assert [counted.take("GET", "/x") is not None for _ in range(3)] == [True, True, False]
    half = FaultSettings(rules=(FaultRule("/x", FaultKind.ERROR, rate=0.5),))
    runs = []
    for _ in range(2):
        engine = FaultEngine(half, 7)
        runs.append([engine.take("GET", "/x") is not None for _ in range(40)])
    assert runs[0] == runs[1]
    assert 5 < sum(runs[0]) < 35


def test_latency_samples() -> None:
    fixed = FaultEngine(FaultSettings(latency=LatencySpec(ms=25)), 1)
    assert fixed.latency_seconds() == 0.025
    uniform = FaultEngine(
        FaultSettings(latency=LatencySpec(LatencyMode.UNIFORM, min_ms=10, max_ms=20)), 1
    )
    assert all(0.010 <= uniform.latency_seconds() <= 0.020 for _ in range(50))
    lognormal = FaultEngine(
        FaultSettings(latency=LatencySpec(LatencyMode.LOGNORMAL, median_ms=10, sigma=0.5)), 1
    )
    assert all(lognormal.latency_seconds() > 0 for _ in range(10))


async def test_admin_endpoints_add_list_remove_clear(client: httpx.AsyncClient) -> None:
    faults = await add_rule(client, path="/orders/*", kind="delay", delay_ms=1, count=3)
    assert faults["rules"][0]["id"] == 1
    assert faults["rules"][0]["remaining"] == 3
    await add_rule(client, path="/labels/*", kind="error")
    removed = await client.delete("/_sandbox/faults/1")
    assert [rule["path"] for rule in removed.json()["rules"]] == ["/labels/*"]
    assert (await client.delete("/_sandbox/faults/99")).status_code == 404
    cleared = await client.delete("/_sandbox/faults")
    assert cleared.json() == {"latency": None, "rules": [], "manifest_fail_references": []}
    bad = await client.post("/_sandbox/faults", json={"rules": [{"kind": "error"}]})
    assert bad.status_code == 400


async def test_error_with_v1_body_and_raw_retry_after(client: httpx.AsyncClient) -> None:
    body = {"Code": "TooManyRequests", "Message": "Slow down", "CorrelationId": "x", "Details": []}
    await add_rule(
        client,
        path="/orders/*",
        kind="error",
        status=429,
        body=body,
        retry_after="not-a-date",
        count=1,
    )
    response = await client.get(ORDER)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "not-a-date"
    assert response.json() == body
    assert (await client.get(ORDER)).status_code == 200  # count 1: disarmed


async def test_error_without_body_is_empty(client: httpx.AsyncClient) -> None:
    await add_rule(client, path="/orders/*", kind="error", status=503)
    response = await client.get(ORDER)
    assert response.status_code == 503
    assert response.content == b""


async def test_malformed_json_is_a_200_html_page(client: httpx.AsyncClient) -> None:
    await add_rule(client, path="/orders/*", kind="malformed_json")
    response = await client.get(ORDER)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError, match="Expecting value"):
        response.json()


async def test_delay_and_global_latency(client: httpx.AsyncClient) -> None:
    await add_rule(client, path="/orders/*", kind="delay", delay_ms=80)
    started = time.monotonic()
    assert (await client.get(ORDER)).status_code == 200
    assert time.monotonic() - started >= 0.08
    await client.delete("/_sandbox/faults")
    await client.post("/_sandbox/faults", json={"latency": {"mode": "fixed", "ms": 60}})
    started = time.monotonic()
    await client.get(ORDER)
    assert time.monotonic() - started >= 0.06
    started = time.monotonic()
    await client.get("/_sandbox/health")  # admin routes are never slowed or faulted
    assert time.monotonic() - started < 0.05


async def test_drops_in_process_raise_instead_of_answering(client: httpx.AsyncClient) -> None:
    options = await options_for(client, 0)
    await add_rule(client, path="/deliveryoptions/select/*", kind="drop_after_commit", count=1)
    with pytest.raises(ConnectionDroppedError):
        await client.post(f"/deliveryoptions/select/{options[0]['Reference']}")
    listed = (await client.get("/_sandbox/consignments")).json()
    assert len(listed) == 1  # committed before the drop
    await add_rule(client, path="/consignments/*", kind="drop_before", count=1)
    with pytest.raises(ConnectionDroppedError):
        await client.put(f"/consignments/{listed[0]['Reference']}/cancel")
    assert (await client.get("/_sandbox/consignments")).json()[0]["State"] == "Allocated"


async def test_faults_never_touch_admin_routes(client: httpx.AsyncClient) -> None:
    await add_rule(client, path="/*", kind="error", status=500)
    assert (await client.get("/_sandbox/faults")).status_code == 200
    assert (await client.get(ORDER)).status_code == 500
    await client.delete("/_sandbox/faults")
    assert await allocated(client)
