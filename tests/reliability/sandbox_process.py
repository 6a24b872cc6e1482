"""The sandbox in its own process, for the campaign.

In-process, the sandbox's PDF rendering would hold the GIL and show up as event-loop lag of the
station under test; in its own process it behaves like the remote API it stands for. Same
real HTTP, same admin routes as `SandboxServer`.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

_URL = re.compile(r"listening on (?P<url>http://\S+)")
_START_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class ConsignmentRow:
    reference: str
    state: str
    client_reference: str
    tracking: tuple[str, ...]

    @property
    def live(self) -> bool:
        return self.state not in ("Cancelled", "Cancelling")


class SandboxProcess:
    def __init__(
        self,
        *,
        api_key: str = "reliability-key",
        reselect_mode: str = "error",
        start_time: datetime | None = None,
        seed: int = 1,
        manifest_delay: float = 0.0,
        extra_orders: int = 0,
        faults: dict[str, Any] | None = None,
    ) -> None:
        self.api_key = api_key
        self._faults_file: Path | None = None
        self._argv = [
            sys.executable,
            "-m",
            "packstation.sandbox",
            "--port",
            "0",
            "--api-key",
            api_key,
            "--seed",
            str(seed),
            "--reselect-mode",
            reselect_mode,
            "--manifest-delay",
            str(manifest_delay),
            "--extra-orders",
            str(extra_orders),
        ]
        if start_time is not None:
            self._argv += ["--start-time", start_time.isoformat()]
        if faults is not None:  # in force from the start, and again after every reset
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
                json.dump(faults, file)
            self._faults_file = Path(file.name)
            self._argv += ["--faults", file.name]
        self._process: subprocess.Popen[str] | None = None
        self.base_url = ""
        self._admin: httpx.Client | None = None

    def start(self) -> str:
        self._process = subprocess.Popen(
            self._argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        found = _URL.search(line)
        if found is None:
            self._process.kill()
            _, errors = self._process.communicate(timeout=_START_TIMEOUT_SECONDS)
            raise RuntimeError(f"the sandbox did not start: {line}{errors}")
        self.base_url = found["url"]
        self._admin = httpx.Client(base_url=self.base_url, timeout=30.0)
        return self.base_url

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        if self._process is not None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
            if self._process.stdout:
                self._process.stdout.close()
            if self._process.stderr:
                self._process.stderr.close()
            self._process = None
        if self._faults_file is not None:
            self._faults_file.unlink(missing_ok=True)

    def __enter__(self) -> SandboxProcess:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ---- admin routes --------------------------------------------------------------------

    def admin(self, method: str, path: str, json: object = None) -> Any:
        assert self._admin is not None, "the sandbox is not running"
        response = self._admin.request(method, path, json=json)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        self.admin("POST", "/_sandbox/reset")

    def add_faults(self, faults: dict[str, object]) -> list[dict[str, Any]]:
        """Arms the rules; returns the rules in force (with their ids and what remains)."""
        rules: list[dict[str, Any]] = self.admin("POST", "/_sandbox/faults", faults)["rules"]
        return rules

    def faults(self) -> dict[str, Any]:
        found: dict[str, Any] = self.admin("GET", "/_sandbox/faults")
        return found

    def clear_faults(self) -> None:
        self.admin("DELETE", "/_sandbox/faults")

    def shift_clock(self, offset_seconds: float) -> None:
        self.admin("POST", "/_sandbox/clock", {"offset_seconds": offset_seconds})

    def now(self) -> datetime:
        return datetime.fromisoformat(self.admin("GET", "/_sandbox/clock")["now"])

    def skew(self) -> timedelta:
        """How far the sandbox's clock is from this machine's."""
        return self.now() - datetime.now(UTC)

    def orders(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.admin("GET", "/_sandbox/orders")
        return found

    def generate_orders(self, count: int) -> list[dict[str, Any]]:
        made: list[dict[str, Any]] = self.admin(
            "POST", "/_sandbox/orders/generate", {"count": count}
        )
        return made

    def consignments(self) -> list[ConsignmentRow]:
        return [
            ConsignmentRow(
                reference=str(row["Reference"]),
                state=str(row["State"]),
                client_reference=str(row["ConsignmentReferenceProvidedByCustomer"] or ""),
                tracking=tuple(row["TrackingNumbers"] or ()),
            )
            for row in self.admin("GET", "/_sandbox/consignments")
        ]
