"""Certificate checks are always on: the real client (its own transport, no test hooks) refuses
a self-signed certificate, one for another host and an expired one, before the request (and
so the API key) leaves. A certificate from an authority the machine trusts is accepted, which
shows the listener itself works."""

from __future__ import annotations

import asyncio
import re
import tomllib
from pathlib import Path

import pytest

from packstation.api import AsyncSortedPro, RequestNotSentError, RetryPolicy
from tests.security.tls_server import HttpsListener, issue

KEY = "SENTINEL-tls-key-0d15ea5e"
EC = "EC-000-05B-MMQ"
REPO = Path(__file__).resolve().parents[2]


async def _no_sleep(seconds: float) -> None:
    pass


@pytest.fixture(scope="module")
def authority():
    return issue(subject="packstation test authority", is_ca=True)


@pytest.fixture
def trusted(authority, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine trusts the test authority (httpx reads SSL_CERT_FILE), and nothing else."""
    bundle = tmp_path / "trusted.pem"
    bundle.write_bytes(authority.pem())
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    for proxy in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)


async def _status(base_url: str) -> object:
    async with AsyncSortedPro(
        base_url=base_url,
        api_key=KEY,
        sleep=_no_sleep,
        retry_policy=RetryPolicy(random=lambda: 0.5),
    ) as api:
        return await api.get_consignment_status(EC)


def _serve(tmp_path: Path, name: str, issued) -> HttpsListener:
    certificate, key = issued.write(tmp_path, name)
    return HttpsListener(certificate, key)


def test_a_certificate_from_a_trusted_authority_for_this_host_is_accepted(
    trusted, authority, tmp_path: Path
) -> None:
    good = issue(subject="127.0.0.1", ips=("127.0.0.1",), dns=("localhost",), issuer=authority)
    with _serve(tmp_path, "good", good) as listener:
        status = asyncio.run(_status(f"https://127.0.0.1:{listener.port}"))
    assert status.reference == EC
    assert len(listener.requests) == 1
    assert KEY.encode() in listener.requests[0]  # the key is sent, but only to a verified host


@pytest.mark.parametrize(
    ("case", "host"),
    [
        ("self-signed", "127.0.0.1"),
        ("wrong host name", "localhost"),
        ("wrong host address", "127.0.0.1"),
        ("expired", "127.0.0.1"),
        ("signed by an untrusted authority", "127.0.0.1"),
    ],
)
def test_an_unverifiable_certificate_is_refused_before_the_key_is_sent(
    trusted, authority, tmp_path: Path, case: str, host: str
) -> None:
    certificates = {
        "self-signed": lambda: issue(subject="127.0.0.1", ips=("127.0.0.1",)),
        "wrong host name": lambda: issue(
            subject="api.electioapp.com", dns=("api.electioapp.com",), issuer=authority
        ),
        "wrong host address": lambda: issue(
            subject="10.9.8.7", ips=("10.9.8.7",), dns=("wrong.example",), issuer=authority
        ),
        "expired": lambda: issue(
            subject="127.0.0.1", ips=("127.0.0.1",), issuer=authority, expired=True
        ),
        "signed by an untrusted authority": lambda: issue(
            subject="127.0.0.1",
            ips=("127.0.0.1",),
            issuer=issue(subject="someone else's authority", is_ca=True),
        ),
    }
    with (
        _serve(tmp_path, "bad", certificates[case]()) as listener,
        pytest.raises(RequestNotSentError) as refused,
    ):
        asyncio.run(_status(f"https://{host}:{listener.port}"))
    error = refused.value
    assert re.search(r"certificate verify failed|CERTIFICATE_VERIFY_FAILED", str(error)), error
    assert "certificate" in error.user_message
    assert not error.retryable  # trying again cannot make the certificate good
    assert listener.requests == []  # no request, so no API key, ever reached the listener
    assert listener.handshakes == 0
    assert KEY not in f"{error} {error.user_message} {error!r}"


VERIFY_OFF = re.compile(
    r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context"
    r"|verify_mode\s*=|PYTHONHTTPSVERIFY|REQUESTS_CA_BUNDLE|ssl\._create_default_https_context"
)


def test_no_code_in_packstation_turns_certificate_checks_off() -> None:
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted((REPO / "packstation").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if VERIFY_OFF.search(line)
    ]
    assert found == []


def test_the_client_asks_for_certificate_checks_explicitly() -> None:
    session = (REPO / "packstation" / "api" / "session.py").read_text(encoding="utf-8")
    assert "verify=True," in session


def test_ruffs_security_rules_guard_against_verify_false() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert "S" in lint["select"]  # flake8-bandit: S501 requests/httpx with verify=False, ...
    assert not {"S", "S501", "S323"} & set(lint.get("ignore", []))
    per_file = lint.get("per-file-ignores", {})
    assert not [
        pattern
        for pattern, rules in per_file.items()
        if pattern.startswith("packstation") and ("S" in rules or "S501" in rules)
    ]
