"""Talk IPP to the local cupsd: submit a job, read job and queue state, cancel a job.

IPP over HTTP instead of `lp`/`lpstat`: it gives the numeric job id, the job state and the
printer-state-reasons keywords directly, with no locale-dependent text to parse.
The server is found the way libcups finds it: `CUPS_SERVER` (a host, host:port or a socket
path), else the local domain socket, else localhost:631.
"""

from __future__ import annotations

import getpass
import itertools
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from urllib.parse import quote

import httpx

from packstation.printing.ipp import (
    Attribute,
    GroupTag,
    IppDecodeError,
    Operation,
    Resolution,
    Response,
    StatusCode,
    ValueTag,
    decode_response,
    encode_request,
)

log = logging.getLogger(__name__)

DEFAULT_CUPS_PORT = 631
DEFAULT_SOCKET_PATHS = ("/run/cups/cups.sock", "/var/run/cups/cups.sock", "/private/var/run/cupsd")
CONNECT_TIMEOUT_SECONDS = 2.0
QUERY_TIMEOUT_SECONDS = 3.0
SUBMIT_TIMEOUT_SECONDS = 30.0

PRINTER_ATTRIBUTES = (
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-is-accepting-jobs",
    "printer-resolution-default",
    "printer-resolution-supported",
    "printer-make-and-model",
    "media-default",
)
JOB_ATTRIBUTES = (
    "job-id",
    "job-name",
    "job-state",
    "job-state-reasons",
    "job-printer-state-message",
)


class CupsPrinterState(IntEnum):
    IDLE = 3
    PROCESSING = 4
    STOPPED = 5


class CupsJobState(IntEnum):
    PENDING = 3
    PENDING_HELD = 4
    PROCESSING = 5
    PROCESSING_STOPPED = 6
    CANCELED = 7
    ABORTED = 8
    COMPLETED = 9


@dataclass(frozen=True)
class QueueState:
    queue: str
    state: int
    reasons: tuple[str, ...]
    message: str
    accepting: bool
    dpi: int | None
    supported_dpis: tuple[int, ...]
    make_and_model: str


@dataclass(frozen=True)
class JobState:
    job_id: int
    name: str
    state: int
    reasons: tuple[str, ...]
    printer_message: str

    @property
    def finished(self) -> bool:
        return self.state >= CupsJobState.CANCELED


class CupsError(Exception):
    """Base for everything that keeps a request from getting an answer from cupsd."""


class CupsUnavailableError(CupsError):
    """cupsd did not answer: not running, not installed, or the socket is unreachable."""


class CupsRequestError(CupsError):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(f"IPP status 0x{status_code:04x}: {message}")
        self.status_code = status_code
        self.message = message


class CupsQueueNotFoundError(CupsRequestError):
    pass


@dataclass(frozen=True)
class CupsServer:
    host: str = "localhost"
    port: int = DEFAULT_CUPS_PORT
    socket_path: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> CupsServer:
        value = (os.environ if environ is None else environ).get("CUPS_SERVER", "").strip()
        if value.startswith("/"):
            return cls(socket_path=value)
        if value:
            return cls.parse_host(value)
        for path in DEFAULT_SOCKET_PATHS:
            if Path(path).exists():
                return cls(socket_path=path)
        return cls()

    @classmethod
    def parse_host(cls, value: str) -> CupsServer:
        host, separator, port = value.rpartition(":")
        if separator and port.isdigit() and not host.endswith(":"):
            return cls(host=host.strip("[]"), port=int(port))
        return cls(host=value.strip("[]"))

    @property
    def description(self) -> str:
        return self.socket_path or f"{self.host}:{self.port}"

    def printer_uri(self, queue: str) -> str:
        return f"ipp://{self._authority()}/printers/{quote(queue, safe='')}"

    def job_uri(self, job_id: int) -> str:
        return f"ipp://{self._authority()}/jobs/{job_id}"

    def _authority(self) -> str:
        if self.socket_path:
            return "localhost"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def http_client(self, timeout: float) -> httpx.AsyncClient:
        timeouts = httpx.Timeout(timeout, connect=CONNECT_TIMEOUT_SECONDS)
        if self.socket_path:
            transport = httpx.AsyncHTTPTransport(uds=self.socket_path)
            return httpx.AsyncClient(
                transport=transport, base_url="http://localhost", timeout=timeouts
            )
        return httpx.AsyncClient(base_url=f"http://{self._authority()}", timeout=timeouts)


class CupsClient:
    def __init__(self, server: CupsServer | None = None, user: str | None = None) -> None:
        self.server = server or CupsServer.from_environment()
        self.user = user or getpass.getuser()
        self._request_ids = itertools.count(1)

    async def queue_state(self, queue: str) -> QueueState:
        response = await self._call(
            f"/printers/{quote(queue, safe='')}",
            Operation.GET_PRINTER_ATTRIBUTES,
            [
                Attribute.of(ValueTag.URI, "printer-uri", self.server.printer_uri(queue)),
                Attribute.of(ValueTag.KEYWORD, "requested-attributes", *PRINTER_ATTRIBUTES),
            ],
            read_timeout=QUERY_TIMEOUT_SECONDS,
        )
        attributes = response.first_group(GroupTag.PRINTER)
        default_resolution = attributes.first("printer-resolution-default")
        return QueueState(
            queue=queue,
            state=_int(attributes.first("printer-state"), CupsPrinterState.IDLE),
            reasons=_keywords(attributes.get("printer-state-reasons")),
            message=_text(attributes.first("printer-state-message")),
            accepting=attributes.first("printer-is-accepting-jobs") is not False,
            dpi=default_resolution.dpi if isinstance(default_resolution, Resolution) else None,
            supported_dpis=tuple(
                value.dpi
                for value in attributes.get("printer-resolution-supported")
                if isinstance(value, Resolution)
            ),
            make_and_model=_text(attributes.first("printer-make-and-model")),
        )

    async def print_job(
        self,
        queue: str,
        document: bytes,
        document_format: str,
        job_name: str,
        job_attributes: list[Attribute],
    ) -> int:
        response = await self._call(
            f"/printers/{quote(queue, safe='')}",
            Operation.PRINT_JOB,
            [
                Attribute.of(ValueTag.URI, "printer-uri", self.server.printer_uri(queue)),
                Attribute.of(ValueTag.NAME, "job-name", job_name),
                Attribute.of(ValueTag.MIME_MEDIA_TYPE, "document-format", document_format),
            ],
            job_attributes=job_attributes,
            document=document,
            read_timeout=SUBMIT_TIMEOUT_SECONDS,
        )
        job_id = response.first_group(GroupTag.JOB).first("job-id")
        if not isinstance(job_id, int):
            raise CupsRequestError(response.status_code, "cupsd accepted the job without a job id")
        return job_id

    async def job_state(self, job_id: int) -> JobState:
        response = await self._call(
            "/jobs",
            Operation.GET_JOB_ATTRIBUTES,
            [
                Attribute.of(ValueTag.URI, "job-uri", self.server.job_uri(job_id)),
                Attribute.of(ValueTag.KEYWORD, "requested-attributes", *JOB_ATTRIBUTES),
            ],
            read_timeout=QUERY_TIMEOUT_SECONDS,
        )
        return _job_state(response.first_group(GroupTag.JOB).attributes, job_id)

    async def jobs(self, queue: str) -> list[JobState]:
        """This user's jobs on the queue, finished ones included, newest first."""
        response = await self._call(
            f"/printers/{quote(queue, safe='')}",
            Operation.GET_JOBS,
            [
                Attribute.of(ValueTag.URI, "printer-uri", self.server.printer_uri(queue)),
                Attribute.of(ValueTag.KEYWORD, "which-jobs", "all"),
                Attribute.of(ValueTag.BOOLEAN, "my-jobs", True),
                Attribute.of(ValueTag.KEYWORD, "requested-attributes", *JOB_ATTRIBUTES),
            ],
            read_timeout=QUERY_TIMEOUT_SECONDS,
        )
        states = [_job_state(group.attributes, 0) for group in response.groups_tagged(GroupTag.JOB)]
        return sorted(states, key=lambda state: state.job_id, reverse=True)

    async def cancel_job(self, job_id: int) -> bool:
        try:
            await self._call(
                "/jobs",
                Operation.CANCEL_JOB,
                [Attribute.of(ValueTag.URI, "job-uri", self.server.job_uri(job_id))],
                read_timeout=QUERY_TIMEOUT_SECONDS,
            )
        except CupsError as error:
            log.warning("Could not cancel CUPS job %s: %s", job_id, error)
            return False
        return True

    async def _call(
        self,
        path: str,
        operation: Operation,
        attributes: list[Attribute],
        *,
        read_timeout: float,
        job_attributes: list[Attribute] | None = None,
        document: bytes = b"",
    ) -> Response:
        operation_attributes = [
            Attribute.of(ValueTag.CHARSET, "attributes-charset", "utf-8"),
            Attribute.of(ValueTag.NATURAL_LANGUAGE, "attributes-natural-language", "en"),
            *attributes,
            Attribute.of(ValueTag.NAME, "requesting-user-name", self.user),
        ]
        body = encode_request(
            operation, next(self._request_ids), operation_attributes, job_attributes, document
        )
        headers = {"Content-Type": "application/ipp"}
        if self.server.socket_path:
            # cupsd checks this name against the socket's peer credentials; it is what lets
            # us cancel our own jobs without a password, as libcups does.
            headers["Authorization"] = f"PeerCred {self.user}"
        try:
            async with self.server.http_client(read_timeout) as client:
                reply = await client.post(path, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise CupsUnavailableError(
                f"no answer from CUPS at {self.server.description}: {error!r}"
            ) from error
        if reply.status_code != httpx.codes.OK:
            raise CupsRequestError(
                StatusCode.CLIENT_ERROR_NOT_AUTHORIZED, f"HTTP {reply.status_code} from cupsd"
            )
        try:
            response = decode_response(reply.content)
        except IppDecodeError as error:
            raise CupsUnavailableError(f"unreadable answer from CUPS: {error}") from error
        if response.status_code == StatusCode.CLIENT_ERROR_NOT_FOUND:
            raise CupsQueueNotFoundError(response.status_code, response.status_message())
        if not response.ok:
            raise CupsRequestError(response.status_code, response.status_message())
        return response


def _job_state(attributes: Mapping[str, tuple[object, ...]], job_id: int) -> JobState:
    found_id = attributes.get("job-id", (job_id,))[0]
    return JobState(
        job_id=found_id if isinstance(found_id, int) else job_id,
        name=_text(attributes.get("job-name", ("",))[0]),
        state=_int(attributes.get("job-state", (None,))[0], CupsJobState.PENDING),
        reasons=_keywords(attributes.get("job-state-reasons", ())),
        printer_message=_text(attributes.get("job-printer-state-message", ("",))[0]),
    )


def _keywords(values: tuple[object, ...]) -> tuple[str, ...]:
    return tuple(value for value in values if isinstance(value, str) and value != "none")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default
