"""A plain A4 manifest PDF: one line per consignment handed to the carrier."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

_COLUMNS = (
    ("reference", "Consignment", 0),
    ("tracking", "Tracking", 38),
    ("packages", "Pkgs", 112),
    ("weight", "Weight", 124),
    ("postcode", "Postcode", 146),
    ("country", "Country", 168),
)
_LINE_MM = 6
_TOP_MM = 250
_BOTTOM_MM = 20


def render_manifest_pdf(
    title: str, header_lines: Sequence[str], rows: Sequence[Mapping[str, str]]
) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(title)
    y = _start_page(canvas, title, header_lines)
    for row in rows:
        if y < _BOTTOM_MM:
            canvas.showPage()
            y = _start_page(canvas, title, header_lines)
        canvas.setFont("Helvetica", 8)
        for key, _, x in _COLUMNS:
            canvas.drawString((15 + x) * mm, y * mm, row.get(key, "")[:40])
        y -= _LINE_MM
    canvas.setFont("Helvetica-Bold", 9)
    canvas.drawString(15 * mm, max(y - _LINE_MM, 10) * mm, f"Consignments: {len(rows)}")
    canvas.save()
    return buffer.getvalue()


def _start_page(canvas: Canvas, title: str, header_lines: Sequence[str]) -> float:
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(15 * mm, 280 * mm, title)
    canvas.setFont("Helvetica", 9)
    for index, line in enumerate(header_lines):
        canvas.drawString(15 * mm, (272 - 5 * index) * mm, line)
    canvas.setFont("Helvetica-Bold", 8)
    for _, label, x in _COLUMNS:
        canvas.drawString((15 + x) * mm, (_TOP_MM + _LINE_MM) * mm, label)
    return float(_TOP_MM)
