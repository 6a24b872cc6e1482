"""What CUPS queue and job states mean for a packer.

printer-state-reasons keywords carry a severity suffix (-report, -warning, -error; none means
error, RFC 8011 5.4.12). Only what CUPS reports is mapped: a "completed" job means the data
left the spooler, not that a label came out, so it maps to SUBMITTED, never PRINTED.
"""

from __future__ import annotations

from packstation.printing.cups_client import CupsJobState, CupsPrinterState, JobState, QueueState
from packstation.printing.protocol import PrinterCondition, PrintOutcome

SEVERITY_SUFFIXES = ("-report", "-warning", "-error")
MEDIA_REASONS = frozenset({"media-empty", "media-needed"})
OFFLINE_REASONS = frozenset({"offline", "timed-out"})
# Set by backends while they connect; a problem only if it lasts (see CupsPrinter).
CONNECTING_REASON = "connecting-to-device"
PAUSED_REASON = "paused"
# Reasons with no suffix that are normal work, not errors.
BENIGN_REASONS = frozenset(
    {
        CONNECTING_REASON,
        PAUSED_REASON,
        "moving-to-paused",
        "processing-to-stop-point",
        "cups-waiting-for-job-completed",
        "cups-insecure-filter",
        "cups-remote-pending",
        "cups-remote-pending-held",
    }
)
# Warnings that still mean no job can print.
BLOCKING_WARNINGS = frozenset({"cups-missing-filter"})
# What CUPS backends say, with no state keyword, while they retry a device they cannot reach
# (English: the client asks cupsd for English messages).
UNREACHABLE_MESSAGES = (
    "printer may not exist",
    "printer is unreachable",
    "printer is not responding",
    "unable to locate printer",
    "unable to connect",
    "waiting for printer to become available",
)


def split_reason(reason: str) -> tuple[str, str]:
    """('media-empty', 'error') from 'media-empty-error'; unsuffixed keywords are errors."""
    for suffix in SEVERITY_SUFFIXES:
        if reason.endswith(suffix):
            return reason.removesuffix(suffix), suffix[1:]
    return reason, "error"


def queue_condition(queue: QueueState) -> PrinterCondition:
    reasons = dict(split_reason(reason) for reason in queue.reasons)
    if MEDIA_REASONS & reasons.keys():
        return PrinterCondition.OUT_OF_MEDIA
    if OFFLINE_REASONS & reasons.keys():
        return PrinterCondition.OFFLINE
    if PAUSED_REASON in reasons:
        return PrinterCondition.PAUSED
    if queue.state == CupsPrinterState.STOPPED or not queue.accepting:
        return PrinterCondition.STOPPED
    if _blocking_reasons(reasons):
        return PrinterCondition.ERROR
    if queue.state == CupsPrinterState.PROCESSING:
        return PrinterCondition.BUSY
    return PrinterCondition.READY


def device_unreachable(queue: QueueState, job: JobState) -> bool:
    """The backend is still trying to reach the device: a problem once it lasts a moment."""
    if CONNECTING_REASON in queue.reasons:
        return True
    said = f"{queue.message} {job.printer_message}".lower()
    return any(message in said for message in UNREACHABLE_MESSAGES)


def queue_detail(queue: QueueState) -> str:
    """What CUPS said about the queue, for the message; empty when it said nothing useful."""
    if not queue.accepting and not queue.message:
        return "it does not accept jobs"
    if queue.message and queue.message.lower() not in ("paused", "none"):
        return f"CUPS says: {queue.message.rstrip('.')}"
    problems = _blocking_reasons(dict(split_reason(reason) for reason in queue.reasons))
    return ", ".join(sorted(problems)).replace("-", " ")


def job_outcome(job: JobState) -> PrintOutcome | None:
    """The job's final outcome, or None while it is still queued or printing."""
    if job.state == CupsJobState.COMPLETED:
        return PrintOutcome.SUBMITTED
    if job.state in (
        CupsJobState.CANCELED,
        CupsJobState.ABORTED,
        CupsJobState.PROCESSING_STOPPED,
    ):
        return PrintOutcome.FAILED
    return None


def job_failure_detail(job: JobState) -> str:
    if job.state == CupsJobState.CANCELED:
        return "the job was cancelled"
    if job.state == CupsJobState.ABORTED:
        return "the print system gave up on the job" + (
            f": {job.printer_message}" if job.printer_message else ""
        )
    return "printing stopped" + (f": {job.printer_message}" if job.printer_message else "")


def _blocking_reasons(reasons: dict[str, str]) -> set[str]:
    return {
        reason
        for reason, severity in reasons.items()
        if (severity == "error" and reason not in BENIGN_REASONS) or reason in BLOCKING_WARNINGS
    }
