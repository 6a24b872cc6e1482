"""An OS print queue on Linux and macOS, through the local CUPS server.

ZPL goes as a raw job (application/vnd.cups-raw: no filter touches it). PDF goes as PDF with
the page size named and scaling switched off, so CUPS neither shrinks a label to fit nor puts it
on the queue's default paper. After submitting, the job and the queue are followed briefly:
long enough to catch a paused, stopped, offline or empty printer, short enough not to hold up
the packer. A job that failed is cancelled, so a reprint never makes a second label.
"""

from __future__ import annotations

import asyncio
import logging

from packstation.printing.cups_client import (
    CupsClient,
    CupsError,
    CupsQueueNotFoundError,
    CupsRequestError,
    CupsUnavailableError,
    QueueState,
)
from packstation.printing.cups_states import (
    device_unreachable,
    job_failure_detail,
    job_outcome,
    queue_condition,
    queue_detail,
)
from packstation.printing.ipp import Attribute, StatusCode, ValueTag
from packstation.printing.media import PWG_MEDIA_NAMES
from packstation.printing.messages import REPRINT, RETRY, condition_message, printer_role
from packstation.printing.outgoing import (
    DocumentRefusedError,
    outgoing_bytes,
    refuse_format,
    refused_result,
)
from packstation.printing.protocol import (
    HEALTHY_CONDITIONS,
    DocumentFormat,
    PrintDocument,
    PrinterCondition,
    PrinterStatus,
    PrintJobResult,
    PrintOutcome,
)

log = logging.getLogger(__name__)

JOB_FOLLOW_SECONDS = 2.0
JOB_POLL_INTERVAL_SECONDS = 0.15
# How long a backend may keep failing to reach the device before we call the printer offline.
UNREACHABLE_CONFIRM_SECONDS = 1.0
RAW_DOCUMENT_FORMAT = "application/vnd.cups-raw"
PDF_DOCUMENT_FORMAT = "application/pdf"


class CupsPrinter:
    def __init__(
        self,
        queue: str,
        client: CupsClient | None = None,
        *,
        target: str | None = None,
        follow_seconds: float = JOB_FOLLOW_SECONDS,
        poll_interval: float = JOB_POLL_INTERVAL_SECONDS,
    ) -> None:
        self.queue = queue
        self._client = client or CupsClient()
        self._target = target or f"cups:{queue}"
        self._follow_seconds = follow_seconds
        self._poll_interval = poll_interval

    @property
    def target(self) -> str:
        return self._target

    async def status(self) -> PrinterStatus:
        try:
            queue = await self._client.queue_state(self.queue)
        except CupsError as error:
            condition, message = self._unavailable(error, "printer", RETRY)
            return PrinterStatus(self.target, condition, message)
        condition = queue_condition(queue)
        message = condition_message(condition, self.queue, detail=queue_detail(queue))
        return PrinterStatus(self.target, condition, message, dpi=queue.dpi)

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        role = printer_role(document.kind)
        try:
            payload, document_format, attributes = self._job_request(document)
        except DocumentRefusedError as refusal:
            return refused_result(self.target, refusal)
        try:
            queue = await self._client.queue_state(self.queue)
        except CupsError as error:
            return self._failed(*self._unavailable(error, role, REPRINT))
        condition = queue_condition(queue)
        if condition not in HEALTHY_CONDITIONS:
            return self._failed(condition, self._problem(condition, role, queue))
        try:
            job_id = await self._client.print_job(
                self.queue, payload, document_format, document.name, attributes
            )
        except CupsError as error:
            return self._failed(*self._refused(error, role))
        log.info(
            "CUPS job %s-%d: %s, %d bytes, on %s",
            self.queue,
            job_id,
            document_format,
            len(payload),
            self.target,
        )
        return await self.follow_job(job_id, role)

    async def has_received(self, document_name: str) -> bool | None:
        """Whether CUPS took a job of this name; None when its job history cannot tell."""
        try:
            jobs = await self._client.jobs(self.queue)
        except CupsError as error:
            log.warning("Could not list the jobs of %s: %s", self.target, error)
            return None
        named = [job for job in jobs if job.name == document_name]
        if not named:
            return None  # never sent, or already dropped from the job history
        return job_outcome(named[0]) != PrintOutcome.FAILED

    async def newest_job_id(self) -> int:
        """The highest job id of ours on this queue, 0 if none (to spot the next one)."""
        jobs = await self._client.jobs(self.queue)
        return jobs[0].job_id if jobs else 0

    async def find_job(self, document_name: str, newer_than: int) -> int | None:
        """The id of our job with this name submitted after job `newer_than`, if any."""
        jobs = await self._client.jobs(self.queue)
        found = [job.job_id for job in jobs if job.name == document_name]
        return found[0] if found and found[0] > newer_than else None

    async def follow_job(self, job_id: int, role: str) -> PrintJobResult:
        """Watch a submitted job until it completes, fails, or the follow time is up."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._follow_seconds
        unreachable_since: float | None = None
        while True:
            now = loop.time()
            try:
                job, queue = await asyncio.gather(
                    self._client.job_state(job_id), self._client.queue_state(self.queue)
                )
            except CupsError as error:
                log.warning("Lost track of CUPS job %s-%d: %s", self.queue, job_id, error)
                return self._submitted(job_id, role, PrinterCondition.UNKNOWN, "")
            outcome = job_outcome(job)
            condition = queue_condition(queue)
            if not device_unreachable(queue, job):
                unreachable_since = None
            elif unreachable_since is None:
                unreachable_since = now
            elif now - unreachable_since >= min(UNREACHABLE_CONFIRM_SECONDS, self._follow_seconds):
                condition = PrinterCondition.OFFLINE
            if outcome == PrintOutcome.SUBMITTED:
                return self._submitted(job_id, role, condition, "")
            if outcome == PrintOutcome.FAILED:
                if condition in HEALTHY_CONDITIONS:
                    condition = PrinterCondition.ERROR
                detail = job_failure_detail(job)
                message = condition_message(
                    condition, self.queue, role=role, detail=detail, next_step=REPRINT
                )
                return self._failed(condition, message, job_id)
            if condition not in HEALTHY_CONDITIONS:
                cancelled = await self._client.cancel_job(job_id)
                message = self._problem(condition, role, queue)
                if not cancelled:
                    message += (
                        f" The job {self.queue}-{job_id} could not be taken out of the queue: "
                        "delete it there, so that the label does not print twice."
                    )
                return self._failed(condition, message, job_id)
            if now >= deadline:
                still = queue_detail(queue) or "still printing"
                return self._submitted(job_id, role, condition, still)
            await asyncio.sleep(self._poll_interval)

    def _job_request(self, document: PrintDocument) -> tuple[bytes, str, list[Attribute]]:
        if document.format == DocumentFormat.ZPL:
            return outgoing_bytes(document, self.target), RAW_DOCUMENT_FORMAT, []
        if document.format == DocumentFormat.PDF:
            attributes = [
                Attribute.of(ValueTag.KEYWORD, "media", PWG_MEDIA_NAMES[document.page_size]),
                Attribute.of(ValueTag.KEYWORD, "print-scaling", "none"),
                Attribute.of(ValueTag.BOOLEAN, "fit-to-page", False),
            ]
            return document.data, PDF_DOCUMENT_FORMAT, attributes
        raise refuse_format(document, self.queue, "PDF or ZPL")

    def _problem(self, condition: PrinterCondition, role: str, queue: QueueState) -> str:
        return condition_message(
            condition, self.queue, role=role, detail=queue_detail(queue), next_step=REPRINT
        )

    def _unavailable(
        self, error: CupsError, role: str, next_step: str
    ) -> tuple[PrinterCondition, str]:
        if isinstance(error, CupsQueueNotFoundError):
            return PrinterCondition.ERROR, (
                f"There is no printer queue named '{self.queue}' on this computer. "
                f"Check the {role} in the station settings, then {next_step}."
            )
        if isinstance(error, CupsUnavailableError):
            log.warning("CUPS unavailable for %s: %s", self.target, error)
            return PrinterCondition.UNREACHABLE, (
                "The print service (CUPS) on this computer is not answering. "
                f"Restart the computer or ask for help, then {next_step}."
            )
        return PrinterCondition.ERROR, condition_message(
            PrinterCondition.ERROR, self.queue, role=role, detail=str(error), next_step=next_step
        )

    def _refused(self, error: CupsError, role: str) -> tuple[PrinterCondition, str]:
        if (
            isinstance(error, CupsRequestError)
            and error.status_code == StatusCode.SERVER_ERROR_NOT_ACCEPTING_JOBS
        ):
            return PrinterCondition.STOPPED, condition_message(
                PrinterCondition.STOPPED,
                self.queue,
                role=role,
                detail="it does not accept jobs",
                next_step=REPRINT,
            )
        return self._unavailable(error, role, REPRINT)

    def _submitted(
        self, job_id: int, role: str, condition: PrinterCondition, note: str
    ) -> PrintJobResult:
        job = f"{self.queue}-{job_id}"
        log.info("CUPS job %s submitted (%s)", job, note or "completed by the spooler")
        message = f"Sent to the {role} '{self.queue}' (job {job})" + (f"; {note}." if note else ".")
        return PrintJobResult(self.target, PrintOutcome.SUBMITTED, message, job, condition)

    def _failed(
        self, condition: PrinterCondition, message: str, job_id: int | None = None
    ) -> PrintJobResult:
        job = f"{self.queue}-{job_id}" if job_id is not None else None
        log.warning("Print to %s failed (job %s): %s", self.target, job, condition)
        return PrintJobResult(self.target, PrintOutcome.FAILED, message, job, condition)
