"""`packstation pack|manifest|journal|reprint|cancel` against a real sandbox over loopback."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

from packstation.__main__ import main as packstation_main
from packstation.sandbox.server import SandboxServer

from .conftest import (
    Station,
    consignments_for,
    demo_orders,
    live_consignments_for,
    sandbox_consignments,
)

pytestmark = pytest.mark.e2e


def journal_rows(station: Station, server: SandboxServer) -> list[dict[str, object]]:
    done = station.run(server, "journal", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def label_files(station: Station, consignment: str) -> list[Path]:
    return sorted(p for p in station.labels.iterdir() if p.is_file() and consignment in p.name)


def test_every_demo_order_packs_to_the_right_labels(
    sandbox: SandboxServer,
    station: Station,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    orders = demo_orders(sandbox)
    assert len(orders) >= 40
    # In-process (the same entry point the command runs) so 40+ packs stay quick.
    for name, value in station.env(sandbox).items():
        if name.startswith("PACKSTATION_"):
            monkeypatch.setenv(name, value)
    for order in orders:
        code = packstation_main(["pack", str(order["OrderReference"]), "--quiet"])
        assert code == 0, f"{order['OrderReference']}: {capsys.readouterr().out}"
    rows = {row["order_reference"]: row for row in journal_rows(station, sandbox)}
    for order in orders:
        row = rows[order["OrderReference"]]
        assert row["state"] == "print_submitted"
        [label] = label_files(station, str(row["consignment_reference"]))
        pages = PdfReader(label).pages
        assert len(pages) == order["Packages"]
        assert (float(pages[0].mediabox.width), float(pages[0].mediabox.height)) == (288.0, 432.0)
        assert len(live_consignments_for(sandbox, str(order["OrderReference"]))) == 1
        if order["Country"] != "GB":
            documents = list(
                (station.labels / "documents").glob(f"*{row['consignment_reference']}*")
            )
            assert documents, f"no customs documents for {order['OrderReference']}"


def test_zpl_at_300_dpi_has_one_block_per_package(sandbox: SandboxServer, station: Station) -> None:
    multi = next(o for o in demo_orders(sandbox) if o["Packages"] == 3)
    done = station.run(
        sandbox, "pack", str(multi["OrderReference"]), "--format", "zpl", "--dpi", "300"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [row] = journal_rows(station, sandbox)
    [label] = label_files(station, str(row["consignment_reference"]))
    zpl = label.read_bytes()
    assert zpl.count(b"^XA") == zpl.count(b"^XZ") == 3
    assert b"^PW1200" in zpl


def test_running_pack_again_never_makes_a_second_consignment(
    sandbox: SandboxServer, station: Station
) -> None:
    order = str(demo_orders(sandbox)[0]["OrderReference"])
    first = station.run(sandbox, "pack", order)
    again = station.run(sandbox, "pack", order)
    assert first.returncode == again.returncode == 0
    assert len(live_consignments_for(sandbox, order)) == 1
    [row] = journal_rows(station, sandbox)
    assert len(label_files(station, str(row["consignment_reference"]))) == 1


def test_lost_select_answer_in_duplicate_mode_leaves_exactly_one_consignment(
    duplicating_sandbox: SandboxServer, station: Station
) -> None:
    server = duplicating_sandbox
    order = next(
        str(o["OrderReference"]) for o in demo_orders(server) if not o["HasCustomerChoice"]
    )
    httpx.post(
        f"{server.base_url}/_sandbox/faults",
        json={
            "rules": [
                {
                    "method": "POST",
                    "path": "/deliveryoptions/select/*",
                    "kind": "drop_after_commit",
                    "count": 1,
                }
            ]
        },
        timeout=5,
    ).raise_for_status()
    done = station.run(server, "pack", order)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(live_consignments_for(server, order)) == 1
    assert (
        len(consignments_for(server, order)) == 1
    )  # reconciled and adopted: the select was never sent twice


def test_unknown_and_garbled_orders_exit_with_bad_input(
    sandbox: SandboxServer, station: Station
) -> None:
    unknown = station.run(sandbox, "pack", "EO-999-999-999")
    garbled = station.run(sandbox, "pack", "%%%")
    assert unknown.returncode == garbled.returncode == 2
    assert "EO-999-999-999" in unknown.stdout
    assert "Traceback" not in unknown.stdout + unknown.stderr + garbled.stdout + garbled.stderr


def test_api_down_exits_unreachable_and_changes_nothing(station: Station) -> None:
    class Gone:
        base_url = "http://127.0.0.1:9"  # discard port: nothing listens

    done = station.run(Gone(), "pack", "EO-000-02A-000")  # type: ignore[arg-type]
    assert done.returncode == 6, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_a_dead_printer_books_nothing_unless_asked(
    sandbox: SandboxServer, station: Station
) -> None:
    order = str(demo_orders(sandbox)[3]["OrderReference"])
    dead = {"PACKSTATION_LABEL_PRINTER": "tcp://127.0.0.1:9"}
    refused = station.run(sandbox, "pack", order, **dead)
    assert refused.returncode == 4
    assert live_consignments_for(sandbox, order) == []
    later = station.run(sandbox, "pack", order, "--print-later", **dead)
    assert later.returncode == 4  # booked, label archived, printer failed
    [row] = journal_rows(station, sandbox)
    assert row["state"] == "print_failed"
    assert len(live_consignments_for(sandbox, order)) == 1
    reprint = station.run(
        sandbox, "reprint", str(row["consignment_reference"]), "--reason", "fixed"
    )
    assert reprint.returncode == 0, reprint.stdout
    assert len(label_files(station, str(row["consignment_reference"]))) == 1


def test_manifest_names_the_failed_consignment(sandbox: SandboxServer, station: Station) -> None:
    orders = [str(o["OrderReference"]) for o in demo_orders(sandbox)[:3]]
    for order in orders:
        assert station.run(sandbox, "pack", order, "--quiet").returncode == 0
    failing = live_consignments_for(sandbox, orders[1])[0]["Reference"]
    httpx.post(
        f"{sandbox.base_url}/_sandbox/faults",
        json={"manifest_fail_references": [failing]},
        timeout=5,
    ).raise_for_status()
    done = station.run(sandbox, "manifest")
    assert done.returncode == 3
    assert f"FAILED {failing}" in done.stdout
    assert "Manifested: 2" in done.stdout
    states = {c["Reference"]: c["State"] for c in sandbox_consignments(sandbox)}
    assert states[failing] == "ManifestFailed"
    assert sorted(states.values()).count("Manifested") == 2


def test_cancel_cancels_in_sortedpro(sandbox: SandboxServer, station: Station) -> None:
    order = str(demo_orders(sandbox)[4]["OrderReference"])
    assert station.run(sandbox, "pack", order).returncode == 0
    [row] = journal_rows(station, sandbox)
    done = station.run(sandbox, "cancel", str(row["consignment_reference"]))
    assert done.returncode == 0, done.stdout
    assert live_consignments_for(sandbox, order) == []
    assert journal_rows(station, sandbox)[0]["state"] == "cancelled"
