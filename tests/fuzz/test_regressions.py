"""The smallest form of each failure the fuzzers found, kept as plain tests."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from packstation.api import Consignment, DeliveryOption, LabelFormat, LabelFormatError, Order
from packstation.api.labels import count_zpl_labels, decode_label_file
from packstation.workflow import api_mapping
from packstation.workflow.rules import SelectionRule, choose_option
from packstation.workflow.scan import ScanKind, interpret_scan
from tests.fuzz.label_files import PNG_BYTES


@pytest.mark.parametrize(
    "png",
    [
        PNG_BYTES[: PNG_BYTES.index(b"IEND") - 4],  # cut before its IEND chunk
        PNG_BYTES[:40],
        PNG_BYTES + b"\n" * 5000,  # IEND buried under trailing junk
    ],
)
def test_a_png_label_cut_short_is_refused(png: bytes) -> None:
    with pytest.raises(LabelFormatError, match="not a valid PNG"):
        decode_label_file(base64.b64encode(png).decode(), LabelFormat.PNG)


def test_a_whole_png_label_is_accepted() -> None:
    assert decode_label_file(base64.b64encode(PNG_BYTES).decode(), LabelFormat.PNG) == PNG_BYTES


def test_counting_a_million_zpl_labels() -> None:
    # Its speed (it took over a second before the fix) is measured by bench/, not asserted here:
    # a timed assertion fails on a busy machine; the suite's per-test timeout catches a hang.
    zpl = b"^XA^FO1,1^FDx^FS^XZ\n" * 1_000_000
    assert count_zpl_labels(zpl) == 1_000_000


@pytest.mark.parametrize(
    ("zpl", "labels"),
    [
        (b"^XA^FDx^FS^XZ", 1),
        (b"^xa^FDx^FS^xz^XA^XZ", 2),
        (b"~JA^XA^XZ", 1),
        (b"^XZ^XA^XZ", None),
        (b"^XA^XA^XZ^XZ", None),
        (b"^XA^FDx", None),
        (b"^FDx", 0),
    ],
)
def test_zpl_blocks_are_still_counted_the_same_way(zpl: bytes, labels: int | None) -> None:
    assert count_zpl_labels(zpl) == labels


@pytest.mark.parametrize("typed", ["EOß000ß02Aß001", "eoß000ß02aß001", "]C1EOß000ß02Aß001"])
def test_an_order_scanned_under_a_german_keyboard_layout_is_read(typed: str) -> None:
    # A US-coded scanner on a QWERTZ layout types "ß" for "-"; str.upper() made that "SS"
    # and the order number read as the tracking number "EOSS000SS02ASS001".
    scan = interpret_scan(typed)
    assert (scan.kind, scan.reference) == (ScanKind.ORDER, "EO-000-02A-001")


def test_non_ascii_letters_are_not_folded_into_a_tracking_number() -> None:
    assert interpret_scan("JDßß0012345678").kind is ScanKind.UNREADABLE


@pytest.mark.parametrize("weight", ["1e9999999999", "-1e999999", "1e16"])
def test_an_absurd_number_makes_the_answer_unreadable_not_a_crash(weight: str) -> None:
    # "1e9999999999" is a valid Decimal; kilograms multiplied it and raised decimal.Overflow
    # (and "1e999999" became an infinite weight) in the gateway's mapping of the order.
    body = {"OrderReference": "EO-000-002-0TT", "Packages": [{"Weight": {"Value": weight}}]}
    with pytest.raises(ValidationError, match="too large"):
        Order.model_validate_json(json.dumps(body))


def test_a_cut_off_without_an_offset_can_still_be_ranked() -> None:
    # .NET sends a DateTime of unspecified kind without an offset; the rules compared it with
    # the aware clock and raised TypeError.
    option = DeliveryOption.model_validate(
        {"Reference": "EDO-000-6DX-6XS", "AllocationCutOff": "2026-11-23T17:30:00"}
    )
    summary = api_mapping.option_summary(option, "PACK-1")
    assert summary.allocation_cutoff == datetime(2026, 11, 23, 17, 30, tzinfo=UTC)
    choice = choose_option([summary], SelectionRule(), datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    assert choice is not None


def test_consignment_times_without_an_offset_are_taken_as_utc() -> None:
    consignment = Consignment.model_validate(
        {"Reference": "EC-000-05B-MMQ", "DateCreated": "2026-11-23T09:30:00"}
    )
    assert api_mapping.consignment_info(consignment).created_at == datetime(
        2026, 11, 23, 9, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("typed", "reference"),
    [("]EO-000-000-000", "EO-000-000-000"), ("]ec-05b-mmq-001", "EC-05B-MMQ-001")],
)
def test_a_reference_after_a_stray_bracket_is_not_eaten_as_a_symbology_identifier(
    typed: str, reference: str
) -> None:
    # "]EO" looked like an AIM identifier; stripping it left "-000-000-000", read as the
    # tracking number "000000000".
    assert interpret_scan(typed).reference == reference


def test_a_real_symbology_identifier_is_still_dropped() -> None:
    assert interpret_scan("]C1EO-000-02A-001").reference == "EO-000-02A-001"
