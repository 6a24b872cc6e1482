"""Customs documents as A4 PDFs: CN 22, CN 23 or a commercial invoice."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from packstation.sandbox.documents.customs_cn import cn22_story, cn23_story
from packstation.sandbox.documents.customs_invoice import invoice_story
from packstation.sandbox.documents.model import CustomsData, CustomsDocumentKind
from packstation.sandbox.documents.pdf_canvas import CREATOR

_MARGIN = 15 * mm
_FOOTER_BASELINE = 8 * mm

_Story = Callable[[CustomsData, float], list[Any]]
_FORMS: dict[CustomsDocumentKind, tuple[str, _Story]] = {
    CustomsDocumentKind.CN22: ("CN 22", lambda data, _width: cn22_story(data)),
    CustomsDocumentKind.CN23: ("CN 23", cn23_story),
    CustomsDocumentKind.COMMERCIAL_INVOICE: ("Commercial invoice", invoice_story),
}


def render_customs_pdf(kind: CustomsDocumentKind, data: CustomsData) -> bytes:
    name, story = _FORMS[CustomsDocumentKind(kind)]
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=f"{name} {data.consignment_reference}",
        creator=CREATOR,
        producer=CREATOR,
        invariant=1,  # fixed dates and document id: the same data gives the same bytes
        pageCompression=1,
    )
    footer_text = f"{name}   {data.consignment_reference}"

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(_MARGIN, _FOOTER_BASELINE, footer_text)
        canvas.drawRightString(A4[0] - _MARGIN, _FOOTER_BASELINE, f"Page {doc.page}")
        canvas.restoreState()

    document.build(story(data, document.width), onFirstPage=footer, onLaterPages=footer)
    return output.getvalue()
