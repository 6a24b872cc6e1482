from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packstation.workflow.scan import ScanKind, interpret_scan


@pytest.mark.parametrize(
    "raw",
    [
        "EO-000-002-0TT",
        "eo-000-002-0tt",
        "  EO-000-002-0TT\n",
        "]C1EO-000-002-0TT",  # AIM symbology identifier prefix
        "ORDER:EO-000-002-0TT;",
        "EO0000020TT",
        "EO)000)002)0TT",  # AZERTY layout turns '-' into ')'
        "\u200fEO-000-002-0TT\u200e",  # right-to-left marks
        "EO-000-002-0TT\x1d",  # GS control character from a GS1 scanner
    ],
)
def test_order_references_are_found_in_messy_scans(raw: str) -> None:
    scan = interpret_scan(raw)
    assert scan.kind is ScanKind.ORDER
    assert scan.reference == "EO-000-002-0TT"


def test_consignment_and_tracking() -> None:
    assert interpret_scan("ec-000-05b-mmq").reference == "EC-000-05B-MMQ"
    assert interpret_scan("ec-000-05b-mmq").kind is ScanKind.CONSIGNMENT
    tracking = interpret_scan(" JD00 0221 1234 5678 ")
    assert (tracking.kind, tracking.reference) == (ScanKind.TRACKING, "JD00022112345678")


@pytest.mark.parametrize("raw", ["", "   ", "hello", "EO-12", "ÉÖ-ßßß", "x" * 5000, "<img src=x>"])
def test_garbage_gets_a_plain_message(raw: str) -> None:
    scan = interpret_scan(raw)
    assert scan.kind is ScanKind.UNREADABLE
    assert scan.message and "Traceback" not in scan.message


@given(st.text(max_size=300))
def test_never_raises_and_unreadable_always_explains(raw: str) -> None:
    scan = interpret_scan(raw)
    assert (scan.kind is ScanKind.UNREADABLE) == (scan.reference == "")
    if scan.kind is ScanKind.UNREADABLE:
        assert scan.message
