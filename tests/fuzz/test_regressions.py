"""The smallest form of each failure the fuzzers found, kept as plain tests."""

from __future__ import annotations

import base64
import time

import pytest

from packstation.api import LabelFormat, LabelFormatError
from packstation.api.labels import count_zpl_labels, decode_label_file
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


def test_counting_a_million_zpl_labels_takes_well_under_a_second() -> None:
    zpl = b"^XA^FO1,1^FDx^FS^XZ\n" * 1_000_000
    started = time.perf_counter()
    assert count_zpl_labels(zpl) == 1_000_000
    assert time.perf_counter() - started < 1.0


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
