"""What the end-of-day screen says, in plain words, before and after a close.

Strings go through `translate("DayCloseView", ...)` with literal arguments so that
pyside6-lupdate finds them (it does not see through a helper function).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from packstation.workflow.day_close import DayCloseResult, DayCloseSummary

translate = QCoreApplication.translate
LISTED_REFERENCES = 5  # beyond this the line would wrap across the screen


def consignments(count: int) -> str:
    if count == 1:
        return translate("DayCloseView", "1 consignment")
    return translate("DayCloseView", "{count} consignments").format(count=count)


def reference_list(references: Sequence[str]) -> str:
    shown = ", ".join(references[:LISTED_REFERENCES])
    hidden = len(references) - LISTED_REFERENCES
    if hidden > 0:
        return translate("DayCloseView", "{shown} and {count} more").format(
            shown=shown, count=hidden
        )
    return shown


def not_printed_warning(references: Sequence[str]) -> str:
    if len(references) == 1:
        text = translate(
            "DayCloseView", "1 label was not printed here: {references}. Check it before closing."
        )
    else:
        text = translate(
            "DayCloseView",
            "{count} labels were not printed here: {references}. Check them before closing.",
        )
    return text.format(count=len(references), references=reference_list(references))


def confirmation(summary: DayCloseSummary) -> str:
    per_carrier = ", ".join(f"{group.carrier_name} {group.count}" for group in summary.groups)
    text = translate(
        "DayCloseView",
        "Send {consignments} to the carriers now ({per_carrier})? This cannot be undone: the "
        "carriers receive the manifest and these consignments can no longer be cancelled.",
    ).format(consignments=consignments(summary.total), per_carrier=per_carrier)
    if summary.not_printed:
        text += " " + not_printed_warning(summary.not_printed)
    return text


def confirm_button_text(summary: DayCloseSummary) -> str:
    return translate("DayCloseView", "Send {count} to carriers").format(count=summary.total)


def nothing_waiting() -> str:
    return translate("DayCloseView", "Nothing is waiting for a manifest at this location.")


def failure_hint() -> str:
    return translate(
        "DayCloseView",
        "Fix the address and close again: failed consignments stay in ManifestFailed and are "
        "picked up by the next close.",
    )


def pending_hint(references: Sequence[str]) -> str:
    return translate(
        "DayCloseView",
        "Still being manifested by SortedPRO: {references}. They settle on their own; press F5 "
        "later to check.",
    ).format(references=reference_list(references))


def result_message(result: DayCloseResult) -> tuple[bool, str]:
    """(all went through, what the message channel says) after a close."""
    manifested = consignments(len(result.manifested))
    if result.failures:
        return False, translate(
            "DayCloseView", "{failed} failed the manifest ({manifested} went through). {hint}"
        ).format(
            failed=consignments(len(result.failures)), manifested=manifested, hint=failure_hint()
        )
    if result.still_pending:
        return False, translate(
            "DayCloseView",
            "{manifested} manifested; {pending} still being manifested by SortedPRO. Press F5 "
            "in a few minutes to see how they settled.",
        ).format(manifested=manifested, pending=consignments(len(result.still_pending)))
    return True, translate("DayCloseView", "Day closed: {manifested} manifested.").format(
        manifested=manifested
    )
