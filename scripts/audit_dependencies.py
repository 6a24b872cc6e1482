# ruff: noqa: T201, S310, S603 - a command-line script: it prints, fetches https and runs tools
"""Known vulnerabilities in the locked dependencies, checked with pip-audit.

    .venv/bin/python scripts/audit_dependencies.py

Audits every package in uv.lock (the dev group included) against PyPI's advisory data, or OSV's
when PyPI's JSON API cannot be reached. Exit 1 with the list when a vulnerability is known (or
when the audit itself fails while its service answers). When no vulnerability service can be
reached (no network, or a mirror without PyPI's JSON API) it prints one line saying the audit
was skipped and why, and exits 0: an offline build is not a vulnerable one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UV = REPO / ".tools" / "bin" / "uv"
PIP_AUDIT = REPO / ".venv" / "bin" / "pip-audit"
PROBE_SECONDS = 10
OSV_URL = "https://api.osv.dev/v1/query"


@dataclass(frozen=True)
class Service:
    name: str  # pip-audit's --vulnerability-service
    probe: urllib.request.Request  # a request that succeeds when the service works
    osv_url: str | None = None

    def options(self) -> list[str]:
        url = ["--osv-url", self.osv_url] if self.osv_url else []
        return ["--vulnerability-service", self.name, *url]


def osv(url: str = OSV_URL) -> Service:
    query = b'{"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "24.0"}'
    headers = {"Content-Type": "application/json"}
    return Service("osv", urllib.request.Request(url, data=query, headers=headers), url)


SERVICES = (Service("pypi", urllib.request.Request("https://pypi.org/pypi/pip/24.0/json")), osv())


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    advisory: str
    fixed_in: tuple[str, ...]

    def __str__(self) -> str:
        fix = ", ".join(self.fixed_in) if self.fixed_in else "no fixed version yet"
        return f"  {self.package} {self.version}: {self.advisory} (fixed in: {fix})"


def unreachable(request: urllib.request.Request) -> str | None:
    """Why the service cannot be used, or None when it answers."""
    try:
        with urllib.request.urlopen(request, timeout=PROBE_SECONDS) as response:
            return None if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code} from {request.full_url}"
    except (urllib.error.URLError, OSError) as error:
        return f"{request.full_url}: {getattr(error, 'reason', error)}"


def findings_in(report: dict[str, object]) -> list[Finding]:
    found: list[Finding] = []
    for dependency in report.get("dependencies", []):  # type: ignore[union-attr]
        for vulnerability in dependency.get("vulns", []):
            found.append(
                Finding(
                    dependency["name"],
                    dependency.get("version", "?"),
                    vulnerability["id"],
                    tuple(vulnerability.get("fix_versions", [])),
                )
            )
    return found


def run_pip_audit(service: Service, workdir: Path) -> tuple[int, str, dict[str, object] | None]:
    """(exit status, stderr, the JSON report if one was written)."""
    requirements, report = workdir / "requirements.txt", workdir / "audit.json"
    subprocess.run(
        [str(UV), "export", "--frozen", "--format", "requirements-txt", "--no-emit-project",
         "--quiet", "--output-file", str(requirements)],
        check=True, cwd=REPO, env={**os.environ, "UV_SYSTEM_CERTS": "1"},
    )  # fmt: skip
    done = subprocess.run(
        [str(PIP_AUDIT), "--strict", "--disable-pip", "--require-hashes", "-r", str(requirements),
         *service.options(), "--progress-spinner", "off", "--format", "json",
         "--output", str(report)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    parsed = json.loads(report.read_text()) if report.exists() and report.stat().st_size else None
    return done.returncode, done.stderr, parsed


Probe = Callable[[urllib.request.Request], str | None]
Audit = Callable[[Service, Path], tuple[int, str, dict[str, object] | None]]


def main(
    services: tuple[Service, ...] = SERVICES,
    probe: Probe = unreachable,
    audit: Audit = run_pip_audit,
) -> int:
    reasons: list[str] = []
    for service in services:
        problem = probe(service.probe)
        if problem is not None:
            reasons.append(f"{service.name}: {problem}")
            continue
        with tempfile.TemporaryDirectory(prefix="packstation-audit-") as workdir:
            status, errors, report = audit(service, Path(workdir))
        findings = findings_in(report or {})
        if findings:
            print(f"pip-audit ({service.name}): {len(findings)} known vulnerabilities:")
            print("\n".join(map(str, findings)))
            return 1
        if status != 0:
            problem = probe(service.probe)
            if problem is not None:  # the service went away during the audit
                print(
                    f"audit skipped: vulnerability service unreachable ({service.name}: {problem})"
                )
                return 0
            print(f"pip-audit ({service.name}) failed:\n{errors.strip()}")
            return 1
        count = len(report.get("dependencies", [])) if report else 0  # type: ignore[arg-type]
        print(f"pip-audit ({service.name}): no known vulnerabilities in {count} locked packages")
        return 0
    print(f"audit skipped: vulnerability service unreachable ({'; '.join(reasons)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
