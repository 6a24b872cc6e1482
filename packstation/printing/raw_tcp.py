"""A network label printer taking raw ZPL on a TCP port (`tcp://HOST:9100`).

Success means the printer took every byte: SUBMITTED, not proof of a label. ZPL printers answer
`~HS` with their paper, pause and head flags and the number of labels still in their buffer.
It is asked before sending (a paused or empty printer gets nothing, so a reprint cannot make a
second label) and for a moment after (a printer that runs out on this label is reported). A
printer that does not answer `~HS` is only checked for being reachable. The look before sending
can be started on its own (`check_before_send`), so the workflow asks it while it journals the
print, then sends with its answer (`send_checked`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

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
from packstation.printing.targets import TcpTarget
from packstation.printing.zebra_status import (
    HOST_STATUS_QUERY,
    ZebraStatus,
    complete_answer,
    parse_host_status,
)

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 2.0
SEND_TIMEOUT_SECONDS = 15.0
STATUS_ANSWER_TIMEOUT_SECONDS = 0.8
FOLLOW_SECONDS = 2.0
FOLLOW_POLL_INTERVAL_SECONDS = 0.25
MAX_STATUS_ANSWER_BYTES = 1024


@dataclass(frozen=True)
class PreSendCheck:
    """The printer's answer to `~HS` just before a send (None: it does not answer `~HS`), or
    why it could not be reached."""

    status: ZebraStatus | None
    unreachable: OSError | None = None


class RawTcpPrinter:
    def __init__(
        self,
        address: TcpTarget,
        *,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
        send_timeout: float = SEND_TIMEOUT_SECONDS,
        status_timeout: float = STATUS_ANSWER_TIMEOUT_SECONDS,
        follow_seconds: float = FOLLOW_SECONDS,
    ) -> None:
        self.address = address
        self._connect_timeout = connect_timeout
        self._send_timeout = send_timeout
        self._status_timeout = status_timeout
        self._follow_seconds = follow_seconds
        self._answers_host_status = True  # until it stays silent once

    @property
    def target(self) -> str:
        return str(self.address)

    async def status(self) -> PrinterStatus:
        try:
            answer = await self._host_status()
        except OSError as error:
            message = self._unreachable(error, "printer", RETRY)
            return PrinterStatus(self.target, PrinterCondition.UNREACHABLE, message)
        condition = answer.condition if answer else PrinterCondition.READY
        detail = answer.detail if answer else ""
        message = condition_message(condition, self.target, detail=detail)
        return PrinterStatus(self.target, condition, message)

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        return await self.send_checked(document, await self.check_before_send())

    async def check_before_send(self) -> PreSendCheck:
        """Ask `~HS`; never raises for printer trouble (send_checked reports it)."""
        try:
            return PreSendCheck(await self._host_status())
        except OSError as error:
            return PreSendCheck(None, unreachable=error)

    async def send_checked(self, document: PrintDocument, check: object) -> PrintJobResult:
        """Send unless `check` (from check_before_send, just now) says the printer cannot take
        it; then follow the job for a moment."""
        if not isinstance(check, PreSendCheck):
            raise TypeError(f"not a check from this printer: {check!r}")
        role = printer_role(document.kind)
        try:
            if document.format != DocumentFormat.ZPL:
                raise refuse_format(document, self.target, "ZPL")
            data = outgoing_bytes(document, self.target)
        except DocumentRefusedError as refusal:
            return refused_result(self.target, refusal)
        before = check.status
        try:
            if check.unreachable is not None:
                raise check.unreachable
            if before is not None and before.condition not in HEALTHY_CONDITIONS:
                return self._not_sent(before, role)
            await self._send(data)
        except OSError as error:
            log.warning("Raw print to %s failed: %r", self.target, error)
            message = self._unreachable(error, role, REPRINT)
            return PrintJobResult(
                self.target, PrintOutcome.FAILED, message, condition=PrinterCondition.UNREACHABLE
            )
        log.info("Sent %d bytes of ZPL to %s", len(data), self.target)
        after = await self._follow() if before is not None else None
        message = f"Sent to the {role} at {self.target}."
        if after is None or after.condition in HEALTHY_CONDITIONS:
            return PrintJobResult(
                self.target, PrintOutcome.SUBMITTED, message, condition=PrinterCondition.READY
            )
        # The printer holds the label and prints it once the problem is fixed: no reprint.
        problem = condition_message(after.condition, self.target, role=role, detail=after.detail)
        message += f" {problem.split('. ')[0]}; the label prints once that is fixed."
        return PrintJobResult(
            self.target, PrintOutcome.SUBMITTED, message, condition=after.condition
        )

    async def _follow(self) -> ZebraStatus | None:
        """Poll ~HS until the printer's buffer is empty, it reports a problem, or time is up."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._follow_seconds
        while True:
            try:
                status = await self._host_status()
            except OSError:
                return None
            if (
                status is None
                or status.condition not in HEALTHY_CONDITIONS
                or status.formats_waiting == 0
                or loop.time() >= deadline
            ):
                return status
            await asyncio.sleep(FOLLOW_POLL_INTERVAL_SECONDS)

    async def _send(self, data: bytes) -> None:
        _reader, writer = await self._connect()
        try:
            writer.write(data)
            await asyncio.wait_for(writer.drain(), self._send_timeout)
        except TimeoutError as error:
            raise ConnectionError("the printer stopped taking data") from error
        finally:
            await _close(writer)

    async def _host_status(self) -> ZebraStatus | None:
        """Ask `~HS`; None if the printer does not answer it. Raises OSError if unreachable."""
        reader, writer = await self._connect()
        if not self._answers_host_status:
            await _close(writer)
            return None
        try:
            writer.write(HOST_STATUS_QUERY)
            await asyncio.wait_for(writer.drain(), self._status_timeout)
            answer = await asyncio.wait_for(_read_answer(reader), self._status_timeout)
        except TimeoutError:
            answer = b""
        finally:
            await _close(writer)
        status = parse_host_status(answer)
        if status is None:
            log.info("%s does not answer ~HS; checking that it is reachable only", self.target)
            self._answers_host_status = False
        return status

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            return await asyncio.wait_for(
                asyncio.open_connection(self.address.host, self.address.port),
                self._connect_timeout,
            )
        except TimeoutError as error:
            raise ConnectionError("no answer") from error

    def _not_sent(self, status: ZebraStatus, role: str) -> PrintJobResult:
        log.warning("Did not send to %s: it reports %s", self.target, status.condition)
        message = condition_message(
            status.condition, self.target, role=role, detail=status.detail, next_step=REPRINT
        )
        return PrintJobResult(self.target, PrintOutcome.FAILED, message, None, status.condition)

    def _unreachable(self, error: OSError, role: str, next_step: str) -> str:
        if isinstance(error, ConnectionRefusedError):
            detail = "it refused the connection"
        elif str(error) == "no answer":
            detail = "it did not answer"
        else:
            detail = error.strerror or str(error)
        return condition_message(
            PrinterCondition.UNREACHABLE, self.target, role=role, detail=detail, next_step=next_step
        )


async def _read_answer(reader: asyncio.StreamReader) -> bytes:
    answer = b""
    while not complete_answer(answer) and len(answer) < MAX_STATUS_ANSWER_BYTES:
        chunk = await reader.read(MAX_STATUS_ANSWER_BYTES)
        if not chunk:
            break
        answer += chunk
    return answer


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
