"""The test label's ruler is 4 inches in the PDF and in ZPL dots, read back from the output."""

from __future__ import annotations

import io
import itertools
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from packstation.printing import test_label as calibration
from packstation.printing.folder import FolderPrinter
from packstation.printing.protocol import DocumentFormat, DocumentKind, PageSize, PrintOutcome
from packstation.printing.zpl_guard import ZplCommand, guard_zpl, parse_zpl

FACTS = calibration.StationTestLabel(
    "Bench 3 – Zoë ^~_", "tcp://10.0.0.9:9100", 203, datetime(2025, 3, 4, 9, 30)
)
Matrix = tuple[float, float, float, float, float, float]


def multiply(a: Matrix, b: Matrix) -> Matrix:
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def line_segments(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """Every straight segment the page strokes, in page coordinates (the CTM applied)."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    operations = ContentStream(page.get_contents(), reader).operations
    matrix: Matrix = (1, 0, 0, 1, 0, 0)
    stack: list[Matrix] = []
    start = (0.0, 0.0)
    segments = []

    def transform(x: float, y: float) -> tuple[float, float]:
        return matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5]

    for operands, operator in operations:
        if operator == b"q":
            stack.append(matrix)
        elif operator == b"Q":
            matrix = stack.pop()
        elif operator == b"cm":
            matrix = multiply(tuple(float(value) for value in operands), matrix)
        elif operator == b"m":
            start = transform(float(operands[0]), float(operands[1]))
        elif operator == b"l":
            end = transform(float(operands[0]), float(operands[1]))
            segments.append((*start, *end))
            start = end
    return segments


def test_the_pdf_is_one_4x6_inch_page() -> None:
    pdf = calibration.render_test_label_pdf(FACTS)

    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    assert (float(pages[0].mediabox.width), float(pages[0].mediabox.height)) == (288, 432)


def test_the_pdf_ruler_is_four_inches_with_eighth_inch_marks() -> None:
    segments = line_segments(calibration.render_test_label_pdf(FACTS))
    ruler_x = calibration.RULER_X_IN * 72

    spine = [s for s in segments if s[0] == s[2] == pytest.approx(ruler_x)]
    ticks = sorted(s[1] for s in segments if s[1] == s[3] and s[0] == pytest.approx(ruler_x))
    inch_ticks = sorted(
        s[1] for s in segments if s[1] == s[3] and s[2] - s[0] == pytest.approx(0.45 * 72)
    )

    assert len(spine) == 1 and abs(spine[0][3] - spine[0][1]) == pytest.approx(288)
    assert len(ticks) == 33
    assert [b - a for a, b in itertools.pairwise(ticks)] == pytest.approx([9] * 32)
    assert len(inch_ticks) == 5 and inch_ticks[-1] - inch_ticks[0] == pytest.approx(288)


def test_the_pdf_names_the_station_printer_and_resolution() -> None:
    text = PdfReader(io.BytesIO(calibration.render_test_label_pdf(FACTS))).pages[0].extract_text()

    for expected in ("PRINT TEST", "Bench 3", "tcp://10.0.0.9:9100", "203 dpi", "2025-03-04 09:30"):
        assert expected in text


@pytest.mark.parametrize(("dpi", "dots_per_mm"), [(203, 8), (300, 12)])
def test_the_zpl_ruler_is_four_inches_of_printer_dots(dpi: int, dots_per_mm: int) -> None:
    facts = calibration.StationTestLabel("Bench 3", "Zebra", dpi, FACTS.printed_at)
    zpl = calibration.render_test_label_zpl(facts)
    dots_per_inch = dots_per_mm * 25.4

    commands = parse_zpl(zpl)
    boxes = [
        (fo, gb) for fo, gb in itertools.pairwise(commands) if (fo.name, gb.name) == ("^FO", "^GB")
    ]

    def numbers(command: ZplCommand) -> list[int]:
        return [int(number) for number in command.data(zpl).split(b",")]

    inch_length = round(0.45 * dots_per_inch)
    inch_ticks = sorted(numbers(fo)[1] for fo, gb in boxes if numbers(gb)[0] == inch_length)

    assert len(boxes) == 34  # the spine and 33 ticks
    assert len(inch_ticks) == 5
    assert inch_ticks[-1] - inch_ticks[0] == pytest.approx(4 * dots_per_inch, abs=1)
    assert f"^PW{round(4 * dots_per_inch)}".encode() in zpl


def test_the_zpl_test_label_passes_the_guard_and_escapes_its_text() -> None:
    zpl = calibration.render_test_label_zpl(FACTS)

    guarded = guard_zpl(zpl)

    assert guarded.data == zpl and guarded.label_count == 1
    assert b"Bench 3 _E2_80_93 Zo_C3_AB _5E_7E_5F" in zpl


def test_no_zpl_test_label_for_other_resolutions() -> None:
    with pytest.raises(ValueError, match="203 and 300"):
        calibration.render_test_label_zpl(
            calibration.StationTestLabel("Bench", "Zebra", 600, FACTS.printed_at)
        )


async def test_the_document_is_a_4x6_test_label() -> None:
    document = calibration.make_test_label_document(FACTS, DocumentFormat.ZPL)

    assert document.kind == DocumentKind.TEST_LABEL
    assert document.page_size == PageSize.LABEL_4X6
    assert document.name == "Test label Bench 3 – Zoë ^~_"


async def test_printing_a_test_label_that_cannot_be_made_is_a_failed_result(
    tmp_path: Path,
) -> None:
    facts = calibration.StationTestLabel("Bench", "Zebra", 600, FACTS.printed_at)

    result = await calibration.print_test_label(FolderPrinter(tmp_path), facts, DocumentFormat.ZPL)

    assert result.outcome == PrintOutcome.FAILED
    assert "203 or 300 dpi" in result.message


async def test_printing_a_test_label(tmp_path: Path) -> None:
    result = await calibration.print_test_label(FolderPrinter(tmp_path), FACTS, DocumentFormat.PDF)

    assert result.outcome == PrintOutcome.SUBMITTED
    assert result.job_id is not None and result.job_id.endswith("-Test_label_Bench_3_Zo.pdf")
