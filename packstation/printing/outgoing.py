"""The bytes a printer target actually sends for a document, and refusals as results."""

from __future__ import annotations

import logging

from packstation.printing.messages import REPRINT, printer_role
from packstation.printing.protocol import (
    DocumentFormat,
    PrintDocument,
    PrinterCondition,
    PrintJobResult,
    PrintOutcome,
)
from packstation.printing.zpl_guard import ZplRefusedError, guard_zpl

log = logging.getLogger(__name__)


class DocumentRefusedError(Exception):
    """The document is not sent at all; the message says why and what to do."""


def outgoing_bytes(document: PrintDocument, target: str) -> bytes:
    """ZPL passes through the configuration guard; other formats go as they are."""
    if document.format != DocumentFormat.ZPL:
        return document.data
    try:
        guarded = guard_zpl(document.data)
    except ZplRefusedError as refusal:
        log.warning("Refused ZPL '%s' for %s: %s", document.name, target, refusal)
        raise DocumentRefusedError(f"{refusal} It was not printed; the label is kept.") from None
    if guarded.removed:
        log.warning(
            "Removed printer-configuration commands from '%s' for %s: %s",
            document.name,
            target,
            ", ".join(guarded.removed),
        )
    return guarded.data


def refuse_format(document: PrintDocument, printer: str, accepted: str) -> DocumentRefusedError:
    role = printer_role(document.kind)
    return DocumentRefusedError(
        f"The {role} '{printer}' takes {accepted}, not {document.format.upper()}. "
        f"Change the {document.kind.replace('_', ' ')} format in the station settings, "
        f"then {REPRINT}."
    )


def refused_result(target: str, refusal: DocumentRefusedError) -> PrintJobResult:
    return PrintJobResult(
        target=target,
        outcome=PrintOutcome.FAILED,
        message=str(refusal),
        condition=PrinterCondition.ERROR,
    )
