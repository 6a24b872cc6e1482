"""`packstation pack --printer QUEUE` end to end: a real sandbox, the real CLI, a real CUPS server.

What arrives is checked, not what was sent: the captured raw job, the PDF CUPS-PDF wrote, the
bytes a socket printer received.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from packstation.printing.zpl_guard import count_labels, is_forbidden, parse_zpl
from packstation.sandbox.server import SandboxServer
from tests.cups.cups_server import CAPTURE, DISABLED, LABEL_PDF, CupsTestServer
from tests.cups.printed_pdf import page_sizes
from tests.cups.socket_listener import SocketListener
from tests.e2e.conftest import E2E_API_KEY, REPO, start_sandbox

pytestmark = [pytest.mark.cups, pytest.mark.e2e]

LABEL_4X6 = (288, 432)
A4 = (595, 842)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    server = start_sandbox()
    yield server
    server.stop()


def order(server: SandboxServer, *, packages: int = 1, international: bool = False) -> str:
    orders = httpx.get(f"{server.base_url}/_sandbox/orders", timeout=10).json()
    used = getattr(server, "_used_in_tests", set())
    server._used_in_tests = used  # type: ignore[attr-defined]
    for candidate in orders:
        reference = str(candidate["OrderReference"])
        if (
            reference not in used
            and candidate["Packages"] == packages
            and (candidate["Country"] != "GB") == international
            and not candidate["HasCustomerChoice"]
        ):
            used.add(reference)
            return reference
    raise AssertionError("no unused order of that kind")


def pack(
    server: SandboxServer,
    cups: CupsTestServer,
    data_dir: Path,
    order_reference: str,
    *args: str,
    document_printer: str | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in cups.environment.items() if not k.startswith("PACKSTATION_")}
    env.update(
        PACKSTATION_DATA_DIR=str(data_dir),
        PACKSTATION_CONFIG_DIR=str(data_dir / "config"),
        PACKSTATION_API_URL=server.base_url,
        PACKSTATION_API_KEY=E2E_API_KEY,
    )
    if document_printer:
        env["PACKSTATION_DOCUMENT_PRINTER"] = document_printer
    return subprocess.run(
        [sys.executable, "-m", "packstation", "pack", order_reference, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def print_jobs(data_dir: Path) -> list[tuple[str, str | None, str]]:
    """(document kind, job id, outcome) for every print, from the station's own journal."""
    with sqlite3.connect(data_dir / "journal.sqlite3") as db:
        return db.execute(
            "SELECT d.kind, p.job_id, p.outcome FROM print_jobs p"
            " JOIN documents d ON d.document_id = p.document_id ORDER BY p.print_id"
        ).fetchall()


def sandbox_label(server: SandboxServer, order_reference: str, fmt: str, dpi: int) -> bytes:
    """The label exactly as SortedPRO serves it, for a byte-for-byte comparison."""
    import base64

    consignments = httpx.get(f"{server.base_url}/_sandbox/consignments", timeout=10).json()
    [consignment] = [
        c
        for c in consignments
        if str(c["ConsignmentReferenceProvidedByCustomer"]).startswith(order_reference)
    ]
    answer = httpx.get(
        f"{server.base_url}/labels/{consignment['Reference']}/{fmt}/{dpi}",
        headers={"ocp-apim-subscription-key": E2E_API_KEY},
        timeout=10,
    ).json()
    return base64.b64decode(answer["File"])


def test_zpl_reaches_the_raw_queue_byte_for_byte(
    sandbox: SandboxServer, cups_server: CupsTestServer, tmp_path: Path
) -> None:
    reference = order(sandbox, packages=3)
    done = pack(sandbox, cups_server, tmp_path, reference, "--printer", CAPTURE, "--format", "zpl")
    assert done.returncode == 0, done.stdout + done.stderr
    [(kind, job_id, outcome)] = print_jobs(tmp_path)
    assert (kind, outcome) == ("label", "submitted")
    arrived = cups_server.captured_job(CAPTURE, job_id)
    assert arrived == sandbox_label(sandbox, reference, "zpl", 203)
    assert count_labels(arrived) == 3
    assert not any(is_forbidden(command.name) for command in parse_zpl(arrived))


def test_pdf_label_prints_at_4x6_one_page_per_package_and_customs_on_a4(
    sandbox: SandboxServer, cups_pdf: CupsTestServer, tmp_path: Path
) -> None:
    reference = order(sandbox, international=True)
    done = pack(
        sandbox,
        cups_pdf,
        tmp_path,
        reference,
        "--printer",
        LABEL_PDF,
        "--format",
        "pdf",
        document_printer=LABEL_PDF,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    jobs = print_jobs(tmp_path)
    [(_, label_job, _)] = [job for job in jobs if job[0] == "label"]
    assert page_sizes(cups_pdf.pdf_output(label_job)) == [LABEL_4X6]
    customs = [job for job in jobs if job[0] == "customs"]
    assert customs, "an international pack prints its customs documents"
    for _, job_id, _ in customs:
        assert set(page_sizes(cups_pdf.pdf_output(job_id))) == {A4}


def test_zpl_over_tcp_9100_to_a_network_printer(
    sandbox: SandboxServer,
    cups_server: CupsTestServer,
    socket_printer: SocketListener,
    tmp_path: Path,
) -> None:
    reference = order(sandbox, packages=2)
    before = socket_printer.connection_count()
    target = f"tcp://127.0.0.1:{socket_printer.port}"
    done = pack(sandbox, cups_server, tmp_path, reference, "--printer", target, "--format", "zpl")
    assert done.returncode == 0, done.stdout + done.stderr
    received = b"".join(
        socket_printer.wait_for_connection(i)
        for i in range(before, socket_printer.connection_count())
    )
    label = sandbox_label(sandbox, reference, "zpl", 203)
    assert label in received
    assert count_labels(label) == 2


def test_a_disabled_queue_fails_the_print_and_keeps_the_label(
    sandbox: SandboxServer, cups_server: CupsTestServer, tmp_path: Path
) -> None:
    reference = order(sandbox)
    done = pack(
        sandbox,
        cups_server,
        tmp_path,
        reference,
        "--printer",
        DISABLED,
        "--format",
        "zpl",
        "--print-later",
    )
    assert done.returncode == 4, done.stdout + done.stderr
    assert "paused" in done.stdout.lower()
    with sqlite3.connect(tmp_path / "journal.sqlite3") as db:
        [(state,)] = db.execute("SELECT state FROM packs").fetchall()
        [(archived,)] = db.execute(
            "SELECT length(data) FROM documents WHERE kind = 'label'"
        ).fetchall()
    assert state == "print_failed"
    assert archived > 0  # ready to reprint
