from __future__ import annotations

from pathlib import Path

import pytest

from packstation.printing.cups_client import DEFAULT_SOCKET_PATHS, CupsServer


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/run/cups/cups.sock", CupsServer(socket_path="/run/cups/cups.sock")),
        ("printhost", CupsServer("printhost", 631)),
        ("printhost:6310", CupsServer("printhost", 6310)),
        ("[::1]:631", CupsServer("::1", 631)),
    ],
)
def test_cups_server_variable(value: str, expected: CupsServer) -> None:
    assert CupsServer.from_environment({"CUPS_SERVER": value}) == expected


def test_without_the_variable_the_local_socket_or_localhost() -> None:
    server = CupsServer.from_environment({})

    local = [path for path in DEFAULT_SOCKET_PATHS if Path(path).exists()]
    assert server == (CupsServer(socket_path=local[0]) if local else CupsServer())


def test_uris_name_the_queue_safely() -> None:
    assert CupsServer(socket_path="/s").printer_uri("Zebra #1") == (
        "ipp://localhost/printers/Zebra%20%231"
    )
    assert CupsServer("::1", 631).job_uri(7) == "ipp://[::1]:631/jobs/7"
