"""The real server over loopback: lifecycle, connection-level faults, persistence, the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from packstation.sandbox.__main__ import build_parser, config_from
from packstation.sandbox.config import ReselectMode, SandboxConfig
from packstation.sandbox.faults import LatencyMode
from packstation.sandbox.server import SandboxServer
from tests.unit.sandbox.conftest import API_KEY, KEY_HEADERS, V11
from tests.unit.sandbox.emulator_helpers import order_reference

ORDER_INDEX = 0


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(api_key=API_KEY, manifest_delay_seconds=0.2)) as running:
        yield running


@pytest.fixture
def http(server: SandboxServer) -> Iterator[httpx.Client]:
    server.reset()
    with httpx.Client(base_url=server.base_url, headers=KEY_HEADERS, timeout=10.0) as client:
        yield client


def first_option(http: httpx.Client) -> str:
    order = http.get(f"/orders/{order_reference(ORDER_INDEX)}").json()
    body = {
        "Packages": [
            {key: p[key] for key in ("Weight", "Dimensions", "Description", "Value")}
            for p in order["Packages"]
        ],
        "Addresses": order["Addresses"],
        "ConsignmentReferenceProvidedByCustomer": "PACK-42",
    }
    response = http.post("/deliveryoptions", json=body)
    assert response.status_code == 201
    return str(response.json()["DeliveryOptions"][0]["Reference"])


def consignments(server: SandboxServer) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = server.admin("GET", "/_sandbox/consignments").json()
    return listed


def test_start_and_stop(server: SandboxServer) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.api_key == API_KEY
    assert server.start() == server.base_url  # already running: same URL
    other = SandboxServer(SandboxConfig())
    url = other.start()
    assert httpx.get(f"{url}/_sandbox/health").json() == {"status": "ok"}
    other.stop()
    assert not other.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/_sandbox/health")


def test_drop_after_commit_commits_then_closes(server: SandboxServer, http: httpx.Client) -> None:
    option = first_option(http)
    server.set_faults(
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
    with pytest.raises(httpx.TransportError):
        http.post(f"/deliveryoptions/select/{option}", headers=V11)
    found = http.get("/consignments/10/0", params={"referenceProvidedByCustomer": "PACK-42"})
    assert found.json()["Count"] == 1
    assert consignments(server)[0]["State"] == "Allocated"


def test_drop_before_processes_nothing(server: SandboxServer, http: httpx.Client) -> None:
    option = first_option(http)
    server.set_faults({"rules": [{"path": "/deliveryoptions/select/*", "kind": "drop_before"}]})
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(f"/deliveryoptions/select/{option}")
    assert consignments(server) == []


def test_truncated_body_is_a_protocol_error(server: SandboxServer, http: httpx.Client) -> None:
    server.set_faults(
        {"rules": [{"path": "/orders/*", "kind": "truncate_body", "truncate_fraction": 0.3}]}
    )
    with pytest.raises(httpx.RemoteProtocolError, match=r"incomplete|complete message"):
        http.get(f"/orders/{order_reference(ORDER_INDEX)}", headers={"accept-encoding": "identity"})


def test_slow_body_arrives_whole_but_late(server: SandboxServer, http: httpx.Client) -> None:
    server.set_faults(
        {"rules": [{"path": "/carriers", "kind": "slow_body", "bytes_per_second": 1000}]}
    )
    started = time.monotonic()
    response = http.get("/carriers")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert len(response.json()) == 4
    assert elapsed >= len(response.content) / 1000 * 0.8


def test_error_fault_with_an_http_date_retry_after(
    server: SandboxServer, http: httpx.Client
) -> None:
    server.set_faults(
        {
            "rules": [
                {
                    "path": "/carriers",
                    "kind": "error",
                    "status": 503,
                    "retry_after": "Wed, 21 Oct 2015 07:28:00 GMT",
                    "count": 1,
                }
            ]
        }
    )
    response = http.get("/carriers")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert http.get("/carriers").status_code == 200


def test_manifest_settles_in_real_time(http: httpx.Client) -> None:
    option = first_option(http)
    http.post(f"/deliveryoptions/select/{option}", headers=V11)
    http.post("/consignments/manifestFromQuery", json={"States": ["Allocated"]})
    states = [http.get("/consignments/10/0").json()["ConsignmentSummaries"][0]["State"]]
    deadline = time.monotonic() + 5
    while states[-1] != "Manifested" and time.monotonic() < deadline:
        time.sleep(0.05)
        states.append(http.get("/consignments/10/0").json()["ConsignmentSummaries"][0]["State"])
    assert states[0] == "Manifesting"
    assert states[-1] == "Manifested"


def test_state_file_survives_a_restart(tmp_path: Path) -> None:
    state_file = tmp_path / "sandbox-state.json"
    config = SandboxConfig(api_key=API_KEY, state_file=state_file, manifest_delay_seconds=0)
    with (
        SandboxServer(config) as first,
        httpx.Client(base_url=first.base_url, headers=KEY_HEADERS) as http,
    ):
        option = first_option(http)
        created = http.post(f"/deliveryoptions/select/{option}", headers=V11).json()
        http.put("/consignments/setreadytoship", json=[_reference(created)])
    assert state_file.exists()
    assert [p.name for p in tmp_path.iterdir()] == [state_file.name]  # no temp files left
    with (
        SandboxServer(config) as second,
        httpx.Client(base_url=second.base_url, headers=KEY_HEADERS) as http,
    ):
        kept = http.get(f"/consignments/{_reference(created)}").json()
        assert kept["ConsignmentState"] == "ReadyToShip"
        again = http.post(f"/deliveryoptions/select/{option}", headers=V11)
        assert again.json()["Code"] == "DeliveryOptionAlreadySelected"
        newer = http.post(f"/deliveryoptions/select/{first_option(http)}", headers=V11).json()
        assert _reference(newer) != _reference(created)


def _reference(summary: dict[str, Any]) -> str:
    return str(summary["ApiLinks"][0]["Href"]).rsplit("/", 1)[1]


def test_cli_flags_map_to_the_config(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        [
            "--port",
            "0",
            "--api-key",
            "k",
            "--state-file",
            str(tmp_path / "s.json"),
            "--latency-ms",
            "25",
            "--reselect-mode",
            "duplicate",
            "--manifest-delay",
            "0",
            "--manifest-failure-rate",
            "0.1",
            "--double-base64-labels",
            "--legacy-shapes",
            "--seed",
            "9",
        ]
    )
    config = config_from(args)
    assert config.port == 0
    assert config.api_key == "k"
    assert config.state_file == tmp_path / "s.json"
    assert config.reselect_mode is ReselectMode.DUPLICATE
    assert config.manifest_delay_seconds == 0
    assert config.manifest_failure_rate == 0.1
    assert config.double_base64_labels
    assert config.legacy_shapes
    assert config.seed == 9
    assert config.faults.latency is not None
    assert config.faults.latency.mode is LatencyMode.FIXED
    assert config.faults.latency.ms == 25


def test_cli_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "packstation.sandbox", "--port", "0", "--api-key", "cli-key"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("SortedPRO sandbox listening on http://127.0.0.1:")
        assert line.endswith("(API key: cli-key)")
        url = line.split(" on ", 1)[1].split(" ", 1)[0]
        response = httpx.get(f"{url}/carriers", headers={"ocp-apim-subscription-key": "cli-key"})
        assert response.status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
