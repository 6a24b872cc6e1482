"""The states a pack goes through, and which moves between them are legal.

The journal refuses any transition not listed here, so a bug elsewhere cannot, for example,
select an option for a pack that already has a consignment.
"""

from __future__ import annotations

from enum import StrEnum


class PackState(StrEnum):
    LOOKED_UP = "looked_up"  # order fetched, packages known
    OPTIONS_READY = "options_ready"  # delivery options fetched, one chosen or to be chosen
    SELECTING = "selecting"  # select is (or may be) in flight: outcome unknown until reconciled
    ALLOCATED = "allocated"  # consignment exists (EC reference, tracking numbers)
    LABEL_FETCHED = "label_fetched"  # label bytes archived in the journal
    PRINTING = "printing"  # label on its way to the printer: on a crash, ask the printer
    PRINT_SUBMITTED = "print_submitted"  # the spooler or socket accepted the label
    PRINTED = "printed"  # the printer itself confirmed
    PRINT_FAILED = "print_failed"  # label archived, printer failed: reprint possible
    PARKED = "parked"  # needs attention; see parked_reason / parked_from
    CANCELLED = "cancelled"


TERMINAL_STATES = frozenset({PackState.CANCELLED})
DONE_STATES = frozenset({PackState.PRINT_SUBMITTED, PackState.PRINTED})
HAS_CONSIGNMENT_STATES = frozenset(
    {
        PackState.ALLOCATED,
        PackState.LABEL_FETCHED,
        PackState.PRINT_SUBMITTED,
        PackState.PRINTED,
        PackState.PRINTING,
        PackState.PRINT_FAILED,
    }
)

_PRINT_RESULTS = {PackState.PRINT_SUBMITTED, PackState.PRINTED, PackState.PRINT_FAILED}
_AFTER_LABEL = frozenset({PackState.PRINTING, PackState.PARKED, PackState.CANCELLED})

ALLOWED_TRANSITIONS: dict[PackState, frozenset[PackState]] = {
    PackState.LOOKED_UP: frozenset(
        {PackState.LOOKED_UP, PackState.OPTIONS_READY, PackState.PARKED, PackState.CANCELLED}
    ),
    PackState.OPTIONS_READY: frozenset(
        {
            PackState.LOOKED_UP,
            PackState.OPTIONS_READY,
            PackState.SELECTING,
            PackState.PARKED,
            PackState.CANCELLED,
        }
    ),
    # From SELECTING the only ways out are: the select answered (ALLOCATED), reconciliation
    # proved no consignment was made (OPTIONS_READY), or nobody knows yet (PARKED).
    PackState.SELECTING: frozenset(
        {PackState.ALLOCATED, PackState.OPTIONS_READY, PackState.PARKED}
    ),
    PackState.ALLOCATED: frozenset(
        {PackState.LABEL_FETCHED, PackState.PARKED, PackState.CANCELLED}
    ),
    PackState.LABEL_FETCHED: _AFTER_LABEL,
    # A print ends in a result, or in PARKED when nobody can tell whether it came out.
    PackState.PRINTING: frozenset(_PRINT_RESULTS | {PackState.PARKED}),
    PackState.PRINT_SUBMITTED: _AFTER_LABEL,
    PackState.PRINTED: _AFTER_LABEL,
    PackState.PRINT_FAILED: _AFTER_LABEL,
    PackState.PARKED: frozenset(
        {
            PackState.PARKED,
            PackState.LOOKED_UP,
            PackState.OPTIONS_READY,
            PackState.ALLOCATED,
            PackState.LABEL_FETCHED,
            PackState.PRINTING,
            PackState.PRINT_SUBMITTED,
            PackState.PRINT_FAILED,
            PackState.CANCELLED,
        }
    ),
    PackState.CANCELLED: frozenset(),
}


def is_allowed(current: PackState, target: PackState) -> bool:
    return target in ALLOWED_TRANSITIONS[current]
