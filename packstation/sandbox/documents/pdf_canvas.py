"""A reportlab canvas whose output depends only on what is drawn on it."""

from __future__ import annotations

from typing import IO, Any

from reportlab.pdfgen.canvas import Canvas

CREATOR = "packstation sandbox"


def reproducible_canvas(output: IO[bytes], page_size: tuple[float, float], title: str) -> Any:
    # invariant=1 fixes the creation date and the document id, so the same input gives
    # byte-identical files (tests and caches compare them).
    canvas = Canvas(output, pagesize=page_size, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    return canvas
