"""A private, real CUPS server for the printing tests (see cups_server.py), started once.

Skipped, with the reason, where it cannot run: not root, or CUPS not installed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.cups.cups_server import CupsTestServer, missing_requirements, running_server
from tests.cups.socket_listener import SocketListener


@pytest.fixture(scope="session")
def socket_printer() -> Iterator[SocketListener]:
    listener = SocketListener()
    yield listener
    listener.close()


@pytest.fixture(scope="session")
def cups_server(socket_printer: SocketListener) -> Iterator[CupsTestServer]:
    reason = missing_requirements()
    if reason:
        pytest.skip(reason)
    with running_server(socket_printer.port) as server:
        previous = os.environ.get("CUPS_SERVER")
        os.environ["CUPS_SERVER"] = str(server.socket_path)
        try:
            yield server
        finally:
            if previous is None:
                os.environ.pop("CUPS_SERVER", None)
            else:
                os.environ["CUPS_SERVER"] = previous


@pytest.fixture
def cups_pdf(cups_server: CupsTestServer) -> CupsTestServer:
    """The server, for tests that read CUPS-PDF output (ps-pdf, ps-docs)."""
    if not cups_server.has_cups_pdf:
        pytest.skip("CUPS-PDF is not installed (apt-get install printer-driver-cups-pdf)")
    return cups_server
