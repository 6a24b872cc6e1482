"""A real SortedPRO sandbox server on loopback, and helpers to run the real CLI against it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from packstation.sandbox.config import ReselectMode, SandboxConfig
from packstation.sandbox.server import SandboxServer

E2E_API_KEY = "e2e-sentinel-key-7f3a"
REPO = Path(__file__).resolve().parents[2]


def start_sandbox(**config: object) -> SandboxServer:
    server = SandboxServer(
        SandboxConfig(api_key=E2E_API_KEY, manifest_delay_seconds=0.1, **config)  # type: ignore[arg-type]
    )
    server.start()
    return server


@pytest.fixture(scope="session")
def sandbox_session() -> Iterator[SandboxServer]:
    server = start_sandbox()
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_session: SandboxServer) -> Iterator[SandboxServer]:
    sandbox_session.reset()
    yield sandbox_session
    sandbox_session.reset()


@pytest.fixture
def duplicating_sandbox() -> Iterator[SandboxServer]:
    """The worst case for a lost answer: selecting an option again makes a second consignment."""
    server = start_sandbox(reselect_mode=ReselectMode.DUPLICATE)
    yield server
    server.stop()


def demo_orders(server: SandboxServer) -> list[dict[str, object]]:
    response = httpx.get(f"{server.base_url}/_sandbox/orders", timeout=10)
    response.raise_for_status()
    orders: list[dict[str, object]] = response.json()
    return orders


def sandbox_consignments(server: SandboxServer) -> list[dict[str, object]]:
    response = httpx.get(f"{server.base_url}/_sandbox/consignments", timeout=10)
    response.raise_for_status()
    consignments: list[dict[str, object]] = response.json()
    return consignments


def consignments_for(server: SandboxServer, order_reference: str) -> list[dict[str, object]]:
    """Every consignment made for an order: by the station's own reference (it starts with the
    order reference) or by the checkout's (the shop's order number, for a customer's option)."""
    shop_reference = {
        str(o["OrderReference"]): str(o["OrderReferenceProvidedByCustomer"])
        for o in demo_orders(server)
    }.get(order_reference)
    return [
        c
        for c in sandbox_consignments(server)
        if str(c["ConsignmentReferenceProvidedByCustomer"] or "").startswith(order_reference)
        or (shop_reference and c["ConsignmentReferenceProvidedByCustomer"] == shop_reference)
    ]


def live_consignments_for(server: SandboxServer, order_reference: str) -> list[dict[str, object]]:
    return [
        c
        for c in consignments_for(server, order_reference)
        if c["State"] not in ("Cancelled", "Cancelling")
    ]


@dataclass(frozen=True)
class Station:
    """One packing station's directories and environment for the CLI."""

    data_dir: Path
    config_dir: Path
    labels: Path

    def env(self, server: SandboxServer, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")}
        env.update(
            PACKSTATION_DATA_DIR=str(self.data_dir),
            PACKSTATION_CONFIG_DIR=str(self.config_dir),
            PACKSTATION_API_URL=server.base_url,
            PACKSTATION_API_KEY=E2E_API_KEY,
            PACKSTATION_LABEL_PRINTER=f"file:{self.labels}",
            PACKSTATION_DOCUMENT_PRINTER=f"file:{self.labels / 'documents'}",
            # This sandbox answers a select at once, so a select stopped by a kill cannot still
            # land: the rerun need not wait for it (tests/reliability covers the slow case).
            PACKSTATION_SELECT_SETTLE_SECONDS="0",
            QT_QPA_PLATFORM="offscreen",
        )
        env.update(extra)
        return env

    def run(
        self, server: SandboxServer, *args: str, timeout: float = 60, **extra_env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "packstation", *args],
            env=self.env(server, **extra_env),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
            check=False,
        )


@pytest.fixture
def station(tmp_path: Path) -> Station:
    labels = tmp_path / "labels"
    (labels / "documents").mkdir(parents=True)
    return Station(data_dir=tmp_path / "data", config_dir=tmp_path / "config", labels=labels)
