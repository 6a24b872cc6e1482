"""The "Print test label" document: a 4x6 inch label with a 4-inch ruler.

A packer holds a real ruler against it before the first parcel: if the printed ruler is not
exactly 4 inches, something scales labels (a dpi mismatch, "fit to page", the wrong paper size).
The same layout is drawn as PDF and as ZPL at the printer's resolution; positions are in inches
from the top-left corner, as ZPL counts them.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from packstation.printing.media import MILLIMETRES_PER_INCH, POINTS_PER_INCH
from packstation.printing.protocol import (
    DocumentFormat,
    DocumentKind,
    PageSize,
    PrintDocument,
    Printer,
    PrinterCondition,
    PrintJobResult,
    PrintOutcome,
)

LABEL_WIDTH_IN = 4.0
LABEL_HEIGHT_IN = 6.0
RULER_INCHES = 4
TICKS_PER_INCH = 8
RULER_X_IN = 0.5
RULER_TOP_IN = 1.2
# Tick length by how fine the division is: whole, half, quarter, eighth inch.
TICK_LENGTHS_IN = {1: 0.45, 2: 0.3, 4: 0.2, 8: 0.12}
LINE_WIDTH_IN = 0.01
TEXT_X_IN = 1.35
TEXT_WIDTH_IN = 2.45
TITLE = "PRINT TEST"
INSTRUCTIONS = (
    "Measure the ruler: it must be exactly 4 inches (101.6 mm). If it is shorter or longer, "
    "the printer or its driver scales labels: check the printer's dpi setting and switch off "
    "'fit to page', then print this test again."
)
# True printhead resolutions: 8 and 12 dots per millimetre.
DOTS_PER_MM = {203: 8, 300: 12}


@dataclass(frozen=True)
class StationTestLabel:
    station: str
    target: str
    dpi: int
    printed_at: datetime

    def lines(self) -> list[str]:
        return [
            f"Station: {self.station}",
            f"Printer: {self.target}",
            f"Resolution: {self.dpi} dpi",
            f"Printed: {self.printed_at:%Y-%m-%d %H:%M}",
        ]


def ruler_ticks() -> list[tuple[float, float]]:
    """(distance from the ruler's 0 in inches, tick length in inches), 0 to 4 in 1/8 steps."""
    ticks = []
    for step in range(RULER_INCHES * TICKS_PER_INCH + 1):
        division = next(d for d in (1, 2, 4, 8) if step % (TICKS_PER_INCH // d) == 0)
        ticks.append((step / TICKS_PER_INCH, TICK_LENGTHS_IN[division]))
    return ticks


def render_test_label_pdf(facts: StationTestLabel) -> bytes:
    output = io.BytesIO()
    height = LABEL_HEIGHT_IN * POINTS_PER_INCH
    canvas = Canvas(output, pagesize=(LABEL_WIDTH_IN * POINTS_PER_INCH, height))
    canvas.setTitle(f"Test label {facts.station}")

    def point(x_in: float, y_in: float) -> tuple[float, float]:
        return x_in * POINTS_PER_INCH, height - y_in * POINTS_PER_INCH

    canvas.setLineWidth(LINE_WIDTH_IN * POINTS_PER_INCH)
    canvas.line(*point(RULER_X_IN, RULER_TOP_IN), *point(RULER_X_IN, RULER_TOP_IN + RULER_INCHES))
    for offset, length in ruler_ticks():
        y = RULER_TOP_IN + offset
        canvas.line(*point(RULER_X_IN, y), *point(RULER_X_IN + length, y))
        if offset.is_integer():
            canvas.setFont("Helvetica", 9)
            canvas.drawString(*point(RULER_X_IN + 0.5, y + 0.04), f"{offset:.0f}")
    canvas.setFont("Helvetica-Bold", 24)
    canvas.drawCentredString(*point(LABEL_WIDTH_IN / 2, 0.6), TITLE)
    y_in = RULER_TOP_IN + 0.1
    for text, size in [(line, 10) for line in facts.lines()] + [(INSTRUCTIONS, 9)]:
        canvas.setFont("Helvetica", size)
        for wrapped in simpleSplit(text, "Helvetica", size, TEXT_WIDTH_IN * POINTS_PER_INCH):
            canvas.drawString(*point(TEXT_X_IN, y_in), wrapped)
            y_in += size * 1.3 / POINTS_PER_INCH
        y_in += 0.08
    canvas.showPage()
    canvas.save()
    return output.getvalue()


def render_test_label_zpl(facts: StationTestLabel) -> bytes:
    if facts.dpi not in DOTS_PER_MM:
        raise ValueError(f"ZPL test labels exist for 203 and 300 dpi, not {facts.dpi}")
    dots_per_inch = DOTS_PER_MM[facts.dpi] * MILLIMETRES_PER_INCH

    def dots(inches: float) -> int:
        return round(inches * dots_per_inch)

    thickness = max(1, dots(LINE_WIDTH_IN))
    commands = [
        "^XA",
        "^CI28",
        f"^PW{dots(LABEL_WIDTH_IN)}",
        f"^LL{dots(LABEL_HEIGHT_IN)}",
        "^LH0,0",
    ]
    x = dots(RULER_X_IN) - thickness // 2
    commands.append(
        f"^FO{x},{dots(RULER_TOP_IN)}^GB{thickness},{dots(RULER_INCHES)},{thickness}^FS"
    )
    for offset, length in ruler_ticks():
        y = dots(RULER_TOP_IN + offset) - thickness // 2
        commands.append(f"^FO{x},{y}^GB{dots(length)},{thickness},{thickness}^FS")
        if offset.is_integer():
            commands.append(
                _text(dots(RULER_X_IN + 0.5), y - dots(0.05), dots(0.12), f"{offset:.0f}")
            )
    title_height = dots(0.33)
    commands.append(
        f"^FO0,{dots(0.6) - title_height}^FB{dots(LABEL_WIDTH_IN)},1,0,C"
        + _text_field(title_height, TITLE)
    )
    y_in = RULER_TOP_IN
    for line in facts.lines():
        commands.append(
            f"^FO{dots(TEXT_X_IN)},{dots(y_in)}^FB{dots(TEXT_WIDTH_IN)},2,0,L"
            + _text_field(dots(0.14), line)
        )
        y_in += 0.4
    commands.append(
        f"^FO{dots(TEXT_X_IN)},{dots(y_in)}^FB{dots(TEXT_WIDTH_IN)},12,0,L"
        + _text_field(dots(0.12), INSTRUCTIONS)
    )
    commands.append("^XZ")
    return "".join(commands).encode("ascii")


def make_test_label_document(
    facts: StationTestLabel, label_format: DocumentFormat
) -> PrintDocument:
    if label_format == DocumentFormat.ZPL:
        data = render_test_label_zpl(facts)
    elif label_format == DocumentFormat.PDF:
        data = render_test_label_pdf(facts)
    else:
        raise ValueError(f"no test label in {label_format}")
    return PrintDocument(
        kind=DocumentKind.TEST_LABEL,
        format=label_format,
        data=data,
        name=f"Test label {facts.station}",
        page_size=PageSize.LABEL_4X6,
    )


async def print_test_label(
    printer: Printer, facts: StationTestLabel, label_format: DocumentFormat
) -> PrintJobResult:
    """Build (in a thread) and print the test label; a label that cannot be built is a result."""
    try:
        document = await asyncio.to_thread(make_test_label_document, facts, label_format)
    except ValueError as error:
        return PrintJobResult(
            printer.target,
            PrintOutcome.FAILED,
            f"No test label could be made ({error}). Set the label format to PDF, or the "
            "label resolution to 203 or 300 dpi, in the station settings.",
            condition=PrinterCondition.ERROR,
        )
    return await printer.print_document(document)


def _text(x: int, y: int, height: int, text: str) -> str:
    return f"^FO{x},{y}" + _text_field(height, text)


def _text_field(height: int, text: str) -> str:
    return f"^A0N,{height},{height}^FH^FD{_field_hex(text)}^FS"


def _field_hex(text: str) -> str:
    """Field data with ^FH escapes: nothing in it can be read as a command."""
    return "".join(
        character
        if (character.isascii() and character.isalnum()) or character in " .,:;()'-/+"
        else "".join(f"_{byte:02X}" for byte in character.encode("utf-8"))
        for character in text
    )
