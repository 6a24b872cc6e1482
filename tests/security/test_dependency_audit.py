"""The dependency audit step (scripts/audit_dependencies.py): it fails with the list when a locked
package has a known vulnerability, passes when none has, and passes with a clear "skipped" line
when no vulnerability service can be reached. The real uv export and pip-audit run against a
fake OSV service on loopback."""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
ADVISORY = "PYSEC-TEST-0001"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", REPO / "scripts" / "audit_dependencies.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


audit = _script()


class FakeOsv(BaseHTTPRequestHandler):
    vulnerable: frozenset[str] = frozenset()
    broken: frozenset[str] = frozenset()

    def do_POST(self) -> None:
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name = query["package"]["name"]
        if name in self.broken:
            self.send_error(500)
            return
        body: dict[str, object] = {}
        if name in self.vulnerable:
            body = {
                "vulns": [
                    {
                        "id": ADVISORY,
                        "summary": "a test advisory",
                        "affected": [
                            {
                                "package": {"name": name, "ecosystem": "PyPI"},
                                "ranges": [
                                    {
                                        "type": "ECOSYSTEM",
                                        "events": [{"introduced": "0"}, {"fixed": "99.1"}],
                                    }
                                ],
                            }
                        ],
                    }
                ]
            }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(vulnerable: set[str], broken: set[str] = frozenset()) -> Iterator[str]:
    handler = type(
        "Osv", (FakeOsv,), {"vulnerable": frozenset(vulnerable), "broken": frozenset(broken)}
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    server.shutdown()
    server.server_close()


@pytest.fixture
def vulnerable_httpx() -> Iterator[str]:
    yield from _serve({"httpx"})


@pytest.fixture
def nothing_known() -> Iterator[str]:
    yield from _serve(set())


@pytest.fixture
def failing_osv() -> Iterator[str]:
    yield from _serve(set(), broken={"pydantic"})


def test_a_known_vulnerability_fails_the_check_with_the_list(
    vulnerable_httpx: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert audit.main(services=(audit.osv(vulnerable_httpx),)) == 1
    out = capsys.readouterr().out
    assert "1 known vulnerabilities" in out
    assert f"httpx 0.28.1: {ADVISORY} (fixed in: 99.1)" in out


def test_no_known_vulnerability_passes_and_says_how_many_were_checked(
    nothing_known: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert audit.main(services=(audit.osv(nothing_known),)) == 0
    out = capsys.readouterr().out
    assert out.startswith("pip-audit (osv): no known vulnerabilities in ")
    assert int(out.split(" in ")[1].split()[0]) > 50  # the dev group is audited too


def test_an_audit_that_breaks_while_the_service_answers_fails(
    failing_osv: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert audit.main(services=(audit.osv(failing_osv),)) == 1
    assert "failed" in capsys.readouterr().out


def test_no_reachable_service_skips_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    unreachable = audit.osv("http://127.0.0.1:9/v1/query")  # nothing listens on port 9
    assert audit.main(services=(unreachable,)) == 0
    out = capsys.readouterr().out
    assert out.startswith("audit skipped: vulnerability service unreachable (osv: ")


def test_pypi_first_then_osv() -> None:
    assert [service.name for service in audit.SERVICES] == ["pypi", "osv"]


def test_check_sh_runs_the_audit() -> None:
    check = (REPO / "scripts" / "check.sh").read_text(encoding="utf-8")
    assert ".venv/bin/python scripts/audit_dependencies.py" in check
