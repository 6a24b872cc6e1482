"""A Windows print queue through the spooler: raw ZPL jobs, printer status, job following.

The spooler's printer and job status flags are read as a packer needs them. A job that the
spooler drops from its queue, or marks "printed", was handed to the printer: SUBMITTED. PDFs
need rendering, which is Qt's job (qt_pdf.QtPdfPrinter wraps this printer for them).
The calls themselves are behind `Spooler` (win32_spooler.Win32Spooler on Windows).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Protocol

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
PRINTER_ATTRIBUTE_WORK_OFFLINE = 0x400

# PRINTER_INFO_2.Status flags, most telling first.
PRINTER_STATUS_CONDITIONS = (
    (0x10 | 0x40, PrinterCondition.OUT_OF_MEDIA),  # PAPER_OUT, PAPER_PROBLEM
    (0x80 | 0x1000 | 0x800000, PrinterCondition.OFFLINE),  # OFFLINE, NOT_AVAILABLE, SERVER_UNKNOWN
    (0x1, PrinterCondition.PAUSED),
    (0x4, PrinterCondition.STOPPED),  # PENDING_DELETION
    (0x2 | 0x8 | 0x800 | 0x40000 | 0x100000 | 0x200000 | 0x400000, PrinterCondition.ERROR),
    (0x100 | 0x200 | 0x400 | 0x4000 | 0x8000 | 0x10000, PrinterCondition.BUSY),
)
# JOB_INFO_1.Status flags.
JOB_STATUS_PAUSED = 0x1
JOB_STATUS_PROBLEMS = (
    (0x40, PrinterCondition.OUT_OF_MEDIA),  # PAPEROUT
    (0x20, PrinterCondition.OFFLINE),  # OFFLINE
    (0x2 | 0x200 | 0x400, PrinterCondition.ERROR),  # ERROR, BLOCKED_DEVQ, USER_INTERVENTION
)
JOB_STATUS_GONE = 0x4 | 0x100  # DELETING, DELETED
JOB_STATUS_HANDED_OVER = 0x80 | 0x1000  # PRINTED, COMPLETE


@dataclass(frozen=True)
class SpoolerJob:
    job_id: int
    document: str
    status: int


class Spooler(Protocol):
    def printer_state(self, queue: str) -> tuple[int, int]: ...  # (Status, Attributes)

    def write_raw(self, queue: str, document_name: str, data: bytes) -> int: ...

    def jobs(self, queue: str) -> list[SpoolerJob]: ...

    def cancel(self, queue: str, job_id: int) -> bool: ...


def printer_condition(status: int, attributes: int = 0) -> PrinterCondition:
    if attributes & PRINTER_ATTRIBUTE_WORK_OFFLINE:
        return PrinterCondition.OFFLINE
    for flags, condition in PRINTER_STATUS_CONDITIONS:
        if status & flags:
            return condition
    return PrinterCondition.READY


def job_problem(status: int) -> PrinterCondition | None:
    for flags, condition in JOB_STATUS_PROBLEMS:
        if status & flags:
            return condition
    return PrinterCondition.PAUSED if status & JOB_STATUS_PAUSED else None


class WindowsSpoolerPrinter:
    def __init__(
        self,
        queue: str,
        spooler: Spooler,
        *,
        target: str | None = None,
        follow_seconds: float = JOB_FOLLOW_SECONDS,
        poll_interval: float = JOB_POLL_INTERVAL_SECONDS,
    ) -> None:
        self.queue = queue
        self._spooler = spooler
        self._target = target or queue
        self._follow_seconds = follow_seconds
        self._poll_interval = poll_interval

    @property
    def target(self) -> str:
        return self._target

    async def status(self) -> PrinterStatus:
        try:
            condition = await self._printer_condition()
        except OSError as error:
            return PrinterStatus(self.target, PrinterCondition.ERROR, self._missing(error, RETRY))
        return PrinterStatus(self.target, condition, condition_message(condition, self.queue))

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        role = printer_role(document.kind)
        try:
            if document.format != DocumentFormat.ZPL:
                raise refuse_format(document, self.queue, "ZPL (PDFs print through Qt)")
            data = outgoing_bytes(document, self.target)
        except DocumentRefusedError as refusal:
            return refused_result(self.target, refusal)
        try:
            condition = await self._printer_condition()
            if condition not in HEALTHY_CONDITIONS:
                return self._failed(condition, role)
            job_id = await asyncio.to_thread(
                self._spooler.write_raw, self.queue, document.name, data
            )
        except OSError as error:
            log.warning("Spooler refused the job for %s: %s", self.target, error)
            message = self._missing(error, REPRINT)
            return PrintJobResult(
                self.target, PrintOutcome.FAILED, message, condition=PrinterCondition.ERROR
            )
        log.info("Spooler job %d: %d bytes of ZPL for %s", job_id, len(data), self.target)
        return await self.follow_job(job_id, role)

    async def has_received(self, document_name: str) -> bool | None:
        """True while the spooler still holds the job; it forgets finished jobs, so no False."""
        try:
            jobs = await asyncio.to_thread(self._spooler.jobs, self.queue)
        except OSError:
            return None
        return True if any(job.document == document_name for job in jobs) else None

    async def newest_job_id(self) -> int:
        jobs = await asyncio.to_thread(self._spooler.jobs, self.queue)
        return max((job.job_id for job in jobs), default=0)

    async def find_job(self, document_name: str, newer_than: int) -> int | None:
        jobs = await asyncio.to_thread(self._spooler.jobs, self.queue)
        found = [j.job_id for j in jobs if j.document == document_name and j.job_id > newer_than]
        return max(found, default=None)

    async def follow_job(self, job_id: int, role: str) -> PrintJobResult:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._follow_seconds
        while True:
            try:
                jobs = await asyncio.to_thread(self._spooler.jobs, self.queue)
                condition = await self._printer_condition()
            except OSError as error:
                log.warning("Lost track of spooler job %d: %s", job_id, error)
                return self._submitted(job_id, role, PrinterCondition.UNKNOWN)
            job = next((job for job in jobs if job.job_id == job_id), None)
            if job is None or job.status & (JOB_STATUS_HANDED_OVER | JOB_STATUS_GONE):
                return self._submitted(job_id, role, condition)
            problem = job_problem(job.status)
            if problem is None and condition not in HEALTHY_CONDITIONS:
                problem = condition
            if problem is not None:
                cancelled = await asyncio.to_thread(self._spooler.cancel, self.queue, job_id)
                result = self._failed(problem, role, job_id)
                if not cancelled:
                    message = f"{result.message} Delete job {job_id} from the printer's queue."
                    return PrintJobResult(
                        self.target, result.outcome, message, result.job_id, problem
                    )
                return result
            if loop.time() >= deadline:
                return self._submitted(job_id, role, PrinterCondition.BUSY)
            await asyncio.sleep(self._poll_interval)

    async def _printer_condition(self) -> PrinterCondition:
        status, attributes = await asyncio.to_thread(self._spooler.printer_state, self.queue)
        return printer_condition(status, attributes)

    def _submitted(self, job_id: int, role: str, condition: PrinterCondition) -> PrintJobResult:
        message = f"Sent to the {role} '{self.queue}' (job {job_id})."
        return PrintJobResult(self.target, PrintOutcome.SUBMITTED, message, str(job_id), condition)

    def _failed(
        self, condition: PrinterCondition, role: str, job_id: int | None = None
    ) -> PrintJobResult:
        log.warning("Print to %s failed (job %s): %s", self.target, job_id, condition)
        message = condition_message(condition, self.queue, role=role, next_step=REPRINT)
        job = str(job_id) if job_id is not None else None
        return PrintJobResult(self.target, PrintOutcome.FAILED, message, job, condition)

    def _missing(self, error: OSError, next_step: str) -> str:
        return (
            f"Windows could not use the printer '{self.queue}' ({error.strerror or error}). "
            f"Check the printer in the station settings, then {next_step}."
        )
