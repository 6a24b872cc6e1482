from __future__ import annotations

import pytest

from packstation.printing.cups_client import CupsJobState, CupsPrinterState, JobState, QueueState
from packstation.printing.cups_states import (
    device_unreachable,
    job_outcome,
    queue_condition,
    queue_detail,
    split_reason,
)
from packstation.printing.protocol import PrinterCondition, PrintOutcome


def queue(
    state: int = CupsPrinterState.IDLE,
    reasons: tuple[str, ...] = (),
    *,
    accepting: bool = True,
    message: str = "",
) -> QueueState:
    return QueueState("Zebra-1", state, reasons, message, accepting, 203, (203,), "Zebra")


def job(state: int, message: str = "") -> JobState:
    return JobState(12, "EC-1 label", state, (), message)


@pytest.mark.parametrize(
    ("printer", "condition"),
    [
        (queue(), PrinterCondition.READY),
        (queue(CupsPrinterState.PROCESSING), PrinterCondition.BUSY),
        (queue(CupsPrinterState.STOPPED, ("paused",)), PrinterCondition.PAUSED),
        (queue(CupsPrinterState.STOPPED), PrinterCondition.STOPPED),
        (queue(accepting=False), PrinterCondition.STOPPED),
        (queue(reasons=("media-empty-error",)), PrinterCondition.OUT_OF_MEDIA),
        (queue(reasons=("media-needed-warning",)), PrinterCondition.OUT_OF_MEDIA),
        (queue(reasons=("media-empty",)), PrinterCondition.OUT_OF_MEDIA),
        (queue(CupsPrinterState.PROCESSING, ("offline-report",)), PrinterCondition.OFFLINE),
        (queue(reasons=("cover-open-error",)), PrinterCondition.ERROR),
        (queue(reasons=("door-open",)), PrinterCondition.ERROR),
        (queue(reasons=("cups-missing-filter-warning",)), PrinterCondition.ERROR),
        (queue(reasons=("media-low-warning", "toner-low-report")), PrinterCondition.READY),
        (queue(CupsPrinterState.PROCESSING, ("connecting-to-device",)), PrinterCondition.BUSY),
    ],
)
def test_queue_states_map_to_conditions(printer: QueueState, condition: PrinterCondition) -> None:
    assert queue_condition(printer) == condition


@pytest.mark.parametrize(
    ("state", "outcome"),
    [
        (CupsJobState.PENDING, None),
        (CupsJobState.PENDING_HELD, None),
        (CupsJobState.PROCESSING, None),
        (CupsJobState.PROCESSING_STOPPED, PrintOutcome.FAILED),
        (CupsJobState.CANCELED, PrintOutcome.FAILED),
        (CupsJobState.ABORTED, PrintOutcome.FAILED),
        (CupsJobState.COMPLETED, PrintOutcome.SUBMITTED),  # never PRINTED: no paper was seen
    ],
)
def test_job_states_map_to_outcomes(state: int, outcome: PrintOutcome | None) -> None:
    assert job_outcome(job(state)) == outcome


def test_severity_suffixes() -> None:
    assert split_reason("media-empty-error") == ("media-empty", "error")
    assert split_reason("media-low-warning") == ("media-low", "warning")
    assert split_reason("paused") == ("paused", "error")


def test_a_backend_retrying_the_device_means_unreachable() -> None:
    message = "The printer may not exist or is unavailable at this time."
    assert device_unreachable(queue(message=message), job(CupsJobState.PROCESSING))
    assert device_unreachable(
        queue(reasons=("connecting-to-device",)), job(CupsJobState.PROCESSING)
    )
    busy = queue(message="Printing page 1, 4% complete.")
    assert not device_unreachable(busy, job(CupsJobState.PROCESSING))


def test_details_say_what_cups_said() -> None:
    assert queue_detail(queue(accepting=False)) == "it does not accept jobs"
    assert queue_detail(queue(message="Rejecting Jobs")) == "CUPS says: Rejecting Jobs"
    assert queue_detail(queue(CupsPrinterState.STOPPED, ("paused",), message="Paused")) == ""
    assert queue_detail(queue(reasons=("cover-open-error",))) == "cover open"
