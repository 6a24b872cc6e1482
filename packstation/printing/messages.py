"""Plain words for the packer: what is wrong with a printer and what to do next."""

from __future__ import annotations

from packstation.printing.protocol import DocumentKind, PrinterCondition

REPRINT = "press Reprint"
RETRY = "try again"

_ROLES = {
    DocumentKind.LABEL: "label printer",
    DocumentKind.TEST_LABEL: "label printer",
    DocumentKind.CUSTOMS: "document printer",
    DocumentKind.INVOICE: "document printer",
}
_MEDIA = {"label printer": "labels", "document printer": "paper"}


def printer_role(kind: DocumentKind | None) -> str:
    return _ROLES.get(kind, "printer") if kind else "printer"


def condition_message(
    condition: PrinterCondition,
    printer: str,
    *,
    role: str = "printer",
    detail: str = "",
    next_step: str = RETRY,
) -> str:
    """One or two sentences; `detail` is what the system said, if anything."""
    subject = f"The {role} '{printer}'"
    said = f" ({detail})" if detail else ""
    media = _MEDIA.get(role, "labels or paper")
    match condition:
        case PrinterCondition.READY:
            return f"{subject} is ready."
        case PrinterCondition.BUSY:
            return f"{subject} is printing{said}."
        case PrinterCondition.OFFLINE:
            return (
                f"{subject} is offline{said}. "
                f"Check that it is switched on and connected, then {next_step}."
            )
        case PrinterCondition.PAUSED:
            return f"{subject} is paused. Resume it in the printer settings, then {next_step}."
        case PrinterCondition.OUT_OF_MEDIA:
            return f"{subject} is out of {media}. Load {media}, then {next_step}."
        case PrinterCondition.STOPPED:
            return (
                f"{subject} has stopped{said}. "
                f"Restart it in the printer settings, then {next_step}."
            )
        case PrinterCondition.UNREACHABLE:
            return (
                f"{subject} cannot be reached{said}. "
                f"Check that it is switched on and connected, and its address, then {next_step}."
            )
        case PrinterCondition.ERROR:
            return f"{subject} reports a problem{said}. Fix it, then {next_step}."
        case _:
            return f"The state of {subject[4:]} is unknown{said}."
