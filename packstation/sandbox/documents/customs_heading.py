"""The top of a customs form: its title on the left, form code and reference barcode right."""

from __future__ import annotations

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.platypus import Table

from packstation.sandbox.documents.charset import ASCII, fold_text
from packstation.sandbox.documents.customs_parts import BODY_RIGHT, CAPTION, FORM_CODE, TITLE, plain

_TIGHT = (
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
)


def form_heading(
    title: str, subtitle: str, form_code: str | None, reference: str, width: float
) -> Table:
    reference = fold_text(reference, ASCII)
    barcode = Code128(reference, barHeight=9 * mm, barWidth=0.9, rquiet=0)
    left = [plain(title, TITLE), plain(subtitle, CAPTION)]
    right = [barcode, plain(reference, BODY_RIGHT)]
    if form_code:
        right.insert(0, plain(form_code, FORM_CODE))
    return Table([[left, right]], colWidths=[width / 2, width / 2], style=_TIGHT, hAlign="LEFT")
