"""The building blocks the customs forms share: type styles, boxed fields, tick boxes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from packstation.sandbox.documents.charset import WINDOWS_1252, fold_text
from packstation.sandbox.documents.model import LabelAddress

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=8, leading=10)
BODY_RIGHT = ParagraphStyle("body-right", parent=BODY, alignment=TA_RIGHT)
STRONG = ParagraphStyle("strong", parent=BODY, fontName="Helvetica-Bold")
CAPTION = ParagraphStyle("caption", parent=BODY, fontSize=6.5, leading=8, textColor=colors.black)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=15, leading=18)
FORM_CODE = ParagraphStyle("form-code", parent=TITLE, fontSize=24, leading=28, alignment=TA_RIGHT)
SMALL_PRINT = ParagraphStyle("small-print", parent=BODY, fontSize=7, leading=8.5)

GRID = (
    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
)
HEADER_SHADE = colors.Color(0.88, 0.88, 0.88)


def plain(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of data: folded to what Helvetica can draw, never read as markup."""
    return Paragraph(escape(fold_text(text, WINDOWS_1252)), style)


def field(caption: str, *values: str, style: ParagraphStyle = BODY) -> list[Paragraph]:
    """A form box's contents: a small caption over one paragraph per value."""
    return [plain(caption, CAPTION), *(plain(value, style) for value in values if value)]


def address_lines(address: LabelAddress) -> list[str]:
    return [
        address.name,
        address.company or "",
        *address.lines,
        ", ".join(part for part in (address.town, address.region) if part),
        address.postcode,
        f"{address.country_name} ({address.country_code})",
    ]


def boxed(rows: Sequence[Sequence[Any]], widths: Sequence[float], *extra: Any) -> Table:
    table = Table([list(row) for row in rows], colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle([*GRID, *extra]))
    return table


def signed_declaration(statement: str, signature: list[Paragraph], width: float) -> Table:
    """The declaration's words on the left, the signature box with a line to sign on right."""
    return boxed(
        [[plain(statement, SMALL_PRINT), signature]],
        [width * 0.62, width * 0.38],
        ("BOTTOMPADDING", (1, 0), (1, 0), 16),
        ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
    )


class TickBox(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A square, crossed when ticked, with its label beside it."""

    _SIDE = 7.0

    def __init__(self, label: str, ticked: bool) -> None:
        super().__init__()
        self._label = fold_text(label, WINDOWS_1252)
        self._ticked = ticked
        self.width = self._SIDE + 4 + len(self._label) * 4.5
        self.height = self._SIDE + 2

    def draw(self) -> None:
        canvas, side = self.canv, self._SIDE
        canvas.setLineWidth(0.6)
        canvas.rect(0, 1, side, side, stroke=1, fill=0)
        if self._ticked:
            canvas.setLineWidth(1.2)
            canvas.line(1.2, 2.2, side - 1.2, side - 0.2)
            canvas.line(1.2, side - 0.2, side - 1.2, 2.2)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(side + 4, 2, self._label)
