"""The one sentence a packer reads when a pack action ends, and how loud it is."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from packstation.ui.display_text import state_text
from packstation.ui.messages import Severity
from packstation.workflow.packing import PackView
from packstation.workflow.states import PackState

_CONTEXT = "PackOutcome"


@dataclass(frozen=True)
class Outcome:
    severity: Severity
    text: str


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _fill(template: str, **values: str) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def booked_with(view: PackView) -> str:
    allocation = view.record.allocation
    if allocation is None:
        return ""
    service = " ".join(p for p in (allocation.carrier_name, allocation.service_name) if p)
    tracking = ", ".join(allocation.tracking_numbers)
    text = service or allocation.consignment_reference
    if tracking:
        text += " " + _fill(_tr("(tracking {tracking})"), tracking=tracking)
    return text


def outcome_message(view: PackView) -> Outcome:
    record = view.record
    order = record.order_reference
    booked = booked_with(view)
    print_message = view.last_print.message if view.last_print else record.last_print_message or ""
    match record.state:
        case PackState.PRINTED | PackState.PRINT_SUBMITTED:
            label = (
                _tr("the label printed")
                if record.state is PackState.PRINTED
                else _tr("the label went to the printer")
            )
            return Outcome(
                Severity.SUCCESS,
                _fill(
                    _tr("Done: {order} booked with {booked}; {label}."),
                    order=order,
                    booked=booked,
                    label=label,
                ),
            )
        case PackState.PRINT_FAILED:
            return Outcome(
                Severity.ERROR,
                _fill(
                    _tr(
                        "{order} is booked with {booked}, but the label did not print: "
                        "{problem} Fix the printer, then press Print (F4)."
                    ),
                    order=order,
                    booked=booked,
                    problem=print_message.rstrip(".") + ".",
                ),
            )
        case PackState.ALLOCATED | PackState.LABEL_FETCHED:
            return Outcome(
                Severity.WARNING,
                _fill(
                    _tr(
                        "{order} is booked with {booked}; the label is not printed yet. "
                        "Press Print (F4)."
                    ),
                    order=order,
                    booked=booked,
                ),
            )
        case PackState.PARKED:
            return Outcome(Severity.WARNING, record.parked_reason or state_text(record.state))
        case PackState.CANCELLED:
            return Outcome(Severity.INFO, _fill(_tr("{order} is cancelled."), order=order))
        case _:
            return Outcome(
                Severity.INFO,
                _fill(_tr("{order}: {state}."), order=order, state=state_text(record.state)),
            )
