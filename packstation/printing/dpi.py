"""Which label resolution to ask SortedPRO for, and warnings when printer and labels disagree.

ZPL is drawn in printer dots: a 203 dpi label on a 300 dpi printer comes out at two thirds of its
size. A PDF sent to a raw queue reaches the printer unconverted and prints as garbage.
"""

from __future__ import annotations

from dataclasses import dataclass

from packstation.printing.protocol import DocumentFormat

LABEL_DPIS = (203, 300)  # what SortedPRO renders; 203 is its house standard
DEFAULT_LABEL_DPI = 203
MATCH_TOLERANCE = 0.06  # 300 dpi heads are 12 dots/mm = 304.8 dpi
ZPL_MODEL_HINTS = ("zpl", "zebra", "raw")


@dataclass(frozen=True)
class LabelResolution:
    dpi: int
    warning: str | None = None


def label_resolution(
    *,
    printer: str,
    printer_dpi: int | None,
    label_format: DocumentFormat,
    configured_dpi: int | None = None,
    printer_model: str = "",
) -> LabelResolution:
    """The dpi to request: the printer's own when it is one SortedPRO offers."""
    format_warning = _format_warning(printer, printer_model, label_format)
    matched = matching_label_dpi(printer_dpi)
    if printer_dpi is None:
        return LabelResolution(configured_dpi or DEFAULT_LABEL_DPI, format_warning)
    if matched is None:
        dpi = configured_dpi or min(LABEL_DPIS, key=lambda offered: abs(offered - printer_dpi))
        warning = (
            f"The label printer '{printer}' prints at {printer_dpi} dpi; SortedPRO labels come at "
            f"203 or 300 dpi. {_consequence(label_format, dpi, printer_dpi)}"
        )
        return LabelResolution(dpi, _joined(warning, format_warning))
    if configured_dpi is not None and matching_label_dpi(configured_dpi) != matched:
        warning = (
            f"The station asks for {configured_dpi} dpi labels but the label printer "
            f"'{printer}' prints at {printer_dpi} dpi; asking for {matched} dpi instead. "
            "Correct the label resolution in the station settings."
        )
        return LabelResolution(matched, _joined(warning, format_warning))
    return LabelResolution(matched, format_warning)


def matching_label_dpi(dpi: int | None) -> int | None:
    if dpi is None:
        return None
    for offered in LABEL_DPIS:
        if abs(dpi - offered) <= offered * MATCH_TOLERANCE:
            return offered
    return None


def _consequence(label_format: DocumentFormat, label_dpi: int, printer_dpi: int) -> str:
    if label_format == DocumentFormat.ZPL:
        scale = label_dpi / printer_dpi
        return (
            f"ZPL labels would print at {scale:.0%} of their size: use PDF labels, or set the "
            "printer to 203 or 300 dpi."
        )
    return "PDF labels print at the right size but barcodes may be less sharp."


def _format_warning(printer: str, model: str, label_format: DocumentFormat) -> str | None:
    model_text = model.lower()
    if not model_text:
        return None
    speaks_zpl = any(hint in model_text for hint in ZPL_MODEL_HINTS)
    if label_format == DocumentFormat.ZPL and not speaks_zpl:
        return (
            f"The label printer '{printer}' ({model}) does not look like a ZPL printer: "
            "ZPL labels would print as text. Use PDF labels or a ZPL label printer."
        )
    if label_format == DocumentFormat.PDF and "raw" in model_text:
        return (
            f"The label printer '{printer}' is a raw queue: PDF labels would reach the printer "
            "unconverted. Use ZPL labels, or a queue with a driver for the printer."
        )
    return None


def _joined(first: str, second: str | None) -> str:
    return f"{first} {second}" if second else first
