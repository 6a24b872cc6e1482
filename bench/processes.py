"""The processes a bench run needs beside the app: the SortedPRO sandbox and the label printer.

Each runs in its own process so that neither shares the app's GIL. On the 2-core build machine
they still share the CPU with the app: the report says so.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

API_KEY = "bench-key-0d1e"
START_TIMEOUT_SECONDS = 60.0


def _read_line(process: subprocess.Popen[str], prefix: str) -> str:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"{process.args!r} exited before saying {prefix!r}")
        if prefix in line:
            return line.strip()
    raise RuntimeError(f"{process.args!r} did not say {prefix!r} in time")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Sandbox:
    process: subprocess.Popen[str]
    base_url: str

    @classmethod
    def start(cls, *, extra_orders: int) -> Sandbox:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "packstation.sandbox",
                "--port",
                "0",
                "--api-key",
                API_KEY,
                "--manifest-delay",
                "0",
                "--extra-orders",
                str(extra_orders),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = _read_line(process, "listening on")
        url = line.split("listening on ", 1)[1].split()[0]
        return cls(process, url)

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        response = httpx.request(method, f"{self.base_url}{path}", json=body, timeout=120)
        response.raise_for_status()
        return response.json() if response.content else None

    def set_latency(self, ms: float) -> None:
        self.admin("DELETE", "/_sandbox/faults")
        if ms > 0:
            self.admin("POST", "/_sandbox/faults", {"latency": {"mode": "fixed", "ms": ms}})

    def orders(self, *categories: str) -> list[str]:
        wanted = set(categories)
        return [
            str(order["OrderReference"])
            for order in self.admin("GET", "/_sandbox/orders")
            if wanted <= set(order["Categories"])
        ]

    def stop(self) -> None:
        _stop(self.process)


@dataclass
class LabelPrinter:
    """The TCP 9100 stand-in (bench/zebra_listener.py) and its arrivals log."""

    process: subprocess.Popen[str]
    port: int
    log: Path

    @classmethod
    def start(cls, directory: Path) -> LabelPrinter:
        directory.mkdir(parents=True, exist_ok=True)
        log = directory / "labels.jsonl"
        log.touch()
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.zebra_listener", str(log)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        port = int(_read_line(process, "listening").split()[1])
        return cls(process, port, log)

    @property
    def target(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def stop(self) -> None:
        _stop(self.process)


def label_arrivals(log: Path) -> list[float]:
    with open(log, encoding="ascii") as lines:
        return [json.loads(line)["t"] for line in lines if line.strip()]


def wait_for_arrivals(log: Path, count: int, seconds: float = 10.0) -> list[float]:
    """The log once it holds at least `count` labels (the listener writes after EOF)."""
    deadline = time.monotonic() + seconds
    while True:
        arrivals = label_arrivals(log)
        if len(arrivals) >= count or time.monotonic() > deadline:
            return arrivals
        time.sleep(0.002)


def rss_mb(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")
