"""A station session with a sentinel API key and sentinel personal data, faults included, then a
search of everything it left behind: logs (at DEBUG), crash reports, the journal, settings, temp
files, stdout and stderr. The key appears nowhere; personal data only in the archived label and
customs documents (`documents.data`, which a reprint needs) and on the printed output.

One session runs in-process (the key from the keyring, the window's wiring of the log redactor),
one through the headless CLI (the key from PACKSTATION_API_KEY).
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from packstation.api_key_store import store_api_key
from packstation.config import ApiEnvironment, StationSettings, save_settings
from packstation.log import RedactingFilter, configure_logging
from packstation.runtime import open_runtime
from packstation.sandbox.config import SandboxConfig
from packstation.sandbox.server import SandboxServer
from packstation.ui.crash_report import crash_report
from packstation.workflow.shipping_api import ShippingError
from packstation.workflow.states import PackState
from tests.security.sentinels import (
    API_KEY,
    PERSON,
    PERSONAL_DATA,
    Hit,
    hits_in,
    hits_in_files,
    hits_in_journal,
    put_sentinel_person,
)

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
DOMESTIC, MULTI, INTERNATIONAL, CHOSEN = (
    "EO-000-02A-000",
    "EO-000-02A-00C",
    "EO-000-02A-00S",
    "EO-000-02A-001",
)
CLI_PDF, CLI_ZPL = "EO-000-02A-002", "EO-000-02A-003"
SENTINEL_ORDERS = (DOMESTIC, MULTI, INTERNATIONAL, CHOSEN, CLI_PDF, CLI_ZPL)
ECHO_THE_KEY = {
    "Code": "Unavailable",
    "Message": f"Upstream refused subscription key {API_KEY}",
    "CorrelationId": f"corr-{API_KEY}",
    "Details": [{"Target": "ocp-apim-subscription-key", "Message": API_KEY}],
}


def _fault(path: str, kind: str, *, count: int = 1, method: str = "*", **more: object) -> dict:
    return {"rules": [{"method": method, "path": path, "kind": kind, "count": count, **more}]}


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(SandboxConfig(api_key=API_KEY, manifest_delay_seconds=0.05))
    server.start()
    put_sentinel_person(server, SENTINEL_ORDERS)
    yield server
    server.stop()


@pytest.fixture
def station_logging(tmp_path: Path) -> Iterator[tuple[RedactingFilter, Path]]:
    """The app's own logging at DEBUG into the station's log folder; pytest's handlers after."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    log_dir = tmp_path / "station" / "data" / "logs"
    redactor = configure_logging(log_dir=log_dir, level=logging.DEBUG, to_stderr=True)
    yield redactor, log_dir
    for handler in list(root.handlers):
        handler.close()
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


async def in_process_session(
    server: SandboxServer, root: Path, redactor: RedactingFilter
) -> list[str]:
    """Packs with faults, a reprint, a cancel and a day close; returns two crash reports."""
    printed = root / "printed"
    for folder in ("labels", "documents"):
        (printed / folder).mkdir(parents=True, exist_ok=True)
    settings = StationSettings(
        environment=ApiEnvironment.SORTED_SANDBOX,
        api_url=server.base_url,
        data_dir=root / "data",
        label_printer=f"file:{printed / 'labels'}",
        document_printer=f"file:{printed / 'documents'}",
        label_format="zpl",  # plain text on the label, so the search can see the address on it
        station_name="sentinel-1",
        sounds=False,
    )
    save_settings(settings, root / "config")
    store_api_key(ApiEnvironment.SORTED_SANDBOX, API_KEY)
    reports: list[str] = []
    async with open_runtime(settings, register_secret=redactor.add_secret) as runtime:
        packing = runtime.packing
        server.set_faults(
            _fault("/deliveryoptions", "error", method="POST", status=503, body=ECHO_THE_KEY)
        )
        first = await packing.scan_to_print(DOMESTIC)
        server.set_faults(_fault("/deliveryoptions/select/*", "drop_after_commit", method="POST"))
        multi = await packing.scan_to_print(MULTI)
        server.set_faults(_fault("/labels/*", "error", count=4, status=500, body=ECHO_THE_KEY))
        with pytest.raises(ShippingError):
            await packing.scan_to_print(INTERNATIONAL)
        server.clear_faults()
        international = await packing.scan_to_print(INTERNATIONAL)
        server.set_faults(_fault("/orders/*", "malformed_json"))
        with pytest.raises(ShippingError):  # an HTML page with a 200: not retried, reported
            await packing.scan_to_print(CHOSEN)
        server.set_faults(_fault("/labels/*", "truncate_body"))
        chosen = await packing.scan_to_print(CHOSEN)
        server.clear_faults()
        for view in (first, multi, international, chosen):
            assert view.record.state is PackState.PRINT_SUBMITTED, view.record
        await packing.reprint(first.pack_id, "label smudged")
        await packing.cancel(multi.pack_id)
        summary = await runtime.day_close.summarize(date.today())
        await runtime.day_close.close(summary)

        # A crash report of an error holding the key and contact details...
        try:
            raise RuntimeError(
                f"unexpected: key={API_KEY} mail={PERSON['Email']} phone={PERSON['Telephone']}"
            )
        except RuntimeError as error:
            reports.append(crash_report(error, redactor.redact, "sentinel"))
        # ...and of a real failure from the client, chained under a bug.
        server.set_faults(
            _fault("/consignments/*", "error", count=8, status=401, body=ECHO_THE_KEY)
        )
        try:
            try:
                await runtime.client.get_consignment_status(first.record.consignment_reference)
            except Exception as error:
                raise RuntimeError("a bug on the way out") from error
        except RuntimeError as error:
            logging.getLogger("packstation.sentinel").exception("unexpected", exc_info=error)
            reports.append(crash_report(error, redactor.redact, "sentinel"))
        server.clear_faults()
    return reports


def cli_session(server: SandboxServer, root: Path, temporary: Path) -> list[str]:
    """The headless commands, the key in the environment; returns their stdout and stderr."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")},
        "PACKSTATION_API_KEY": API_KEY,
        "PACKSTATION_ENVIRONMENT": "sorted_sandbox",
        "PACKSTATION_CONFIG_DIR": str(root / "cli-config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "TMPDIR": str(temporary),
    }
    connection = ["--api-url", server.base_url, "--data-dir", str(root / "cli-data")]
    labels = root / "printed" / "cli-labels"
    labels.mkdir(parents=True, exist_ok=True)
    commands = [
        ["pack", CLI_PDF, "--printer", f"file:{labels}"],
        ["pack", CLI_ZPL, "--format", "zpl", "--printer", f"file:{labels}"],
        ["journal", "--json"],
        ["reprint", CLI_PDF, "--reason", "torn", "--printer", f"file:{labels}"],
    ]
    outputs: list[str] = []
    server.set_faults(_fault("/orders/*", "error", status=503, body=ECHO_THE_KEY))
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "packstation", command[0], *command[1:], *connection],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            cwd=REPO,
            check=False,
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        outputs += [done.stdout, done.stderr]
    return outputs


def test_the_key_is_nowhere_and_personal_data_only_where_it_must_be(
    sandbox: SandboxServer,
    memory_keyring: KeyringBackend,
    station_logging: tuple[RedactingFilter, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "station"
    temporary = root / "tmp"
    temporary.mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    redactor, log_dir = station_logging

    reports = asyncio.run(in_process_session(sandbox, root, redactor))
    outputs = cli_session(sandbox, root, temporary)
    for handler in logging.getLogger().handlers:
        handler.flush()
    captured = capfd.readouterr()

    # The session really happened, and the sentinels really went through it.
    assert any((log_dir).glob("packstation.log*"))
    assert any((root / "cli-data" / "logs").glob("packstation.log*"))
    assert "a bug on the way out" in reports[1] and "AuthenticationError" in reports[1]

    hits: list[Hit] = []
    printed = root / "printed"
    journals = [root / "data" / "journal.sqlite3", root / "cli-data" / "journal.sqlite3"]
    # The key: in no file at all (journal and printed labels included), in no output.
    hits += hits_in_files(root, personal=False)
    # Personal data: in no file but the printed output and the journals (checked cell by cell).
    hits += hits_in_files(
        root,
        skip=[
            printed,
            *(j.parent / (j.name + suffix) for j in journals for suffix in ("", "-wal", "-shm")),
        ],
    )
    documents_hold: set[str] = set()
    for journal in journals:
        outside, inside = hits_in_journal(journal)
        hits += outside
        documents_hold |= inside
    for number, report in enumerate(reports):
        hits += hits_in(report.encode(), f"crash report {number}")
    for number, output in enumerate([captured.out, captured.err, *outputs]):
        hits += hits_in(output.encode(), f"console output {number}")
    assert hits == [], "\n".join(map(str, hits))

    # documents.data does hold the label's address: the search can see it, and it is there.
    assert {ADDRESS_LINE, TOWN} <= {value for value in documents_hold}, documents_hold
    assert set(documents_hold) <= set(PERSONAL_DATA)


ADDRESS_LINE, TOWN = "17 Qxzstreet Road", "Qxztown"
