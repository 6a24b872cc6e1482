"""Real documents for the sandbox: carrier labels (PDF, ZPL, PNG) and customs forms (PDF).

Pure functions from immutable records to bytes: no I/O, no state. Text is folded to what
the fonts can draw (Windows-1252 in PDF and PNG, ASCII in ZPL); see `charset`.
"""

from packstation.sandbox.documents.customs_pdf import render_customs_pdf
from packstation.sandbox.documents.label_elements import SUPPORTED_DPIS
from packstation.sandbox.documents.label_pdf import render_label_pdf
from packstation.sandbox.documents.label_png import render_label_png
from packstation.sandbox.documents.label_zpl import render_label_zpl
from packstation.sandbox.documents.model import (
    CustomsData,
    CustomsDocumentKind,
    CustomsItem,
    LabelAddress,
    PackageLabel,
)

__all__ = [
    "SUPPORTED_DPIS",
    "CustomsData",
    "CustomsDocumentKind",
    "CustomsItem",
    "LabelAddress",
    "PackageLabel",
    "render_customs_pdf",
    "render_label_pdf",
    "render_label_png",
    "render_label_zpl",
]
