"""The `file:DIR` target: each document becomes a file in a folder (a print agent's hot folder,
or an archive while no printer is attached).

Files are named `<UTC timestamp>-<document name>.<format>`, written under a temporary name and
linked into place, so a reader never sees half a file and an existing file is never replaced.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from packstation.printing.messages import REPRINT, RETRY, condition_message, printer_role
from packstation.printing.outgoing import DocumentRefusedError, outgoing_bytes, refused_result
from packstation.printing.protocol import (
    PrintDocument,
    PrinterCondition,
    PrinterStatus,
    PrintJobResult,
    PrintOutcome,
)

log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 80
_UNSAFE_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


class FolderPrinter:
    def __init__(self, directory: Path, *, target: str | None = None) -> None:
        self.directory = directory
        self._target = target or f"file:{directory}"

    @property
    def target(self) -> str:
        return self._target

    async def status(self) -> PrinterStatus:
        if await asyncio.to_thread(_writable_directory, self.directory):
            message = condition_message(PrinterCondition.READY, str(self.directory))
            return PrinterStatus(self.target, PrinterCondition.READY, message)
        return PrinterStatus(self.target, PrinterCondition.UNREACHABLE, self._missing(RETRY))

    async def print_document(self, document: PrintDocument) -> PrintJobResult:
        try:
            data = outgoing_bytes(document, self.target)
        except DocumentRefusedError as refusal:
            return refused_result(self.target, refusal)
        stem = f"{_timestamp()}-{safe_file_name(document.name)}"
        try:
            path = await asyncio.to_thread(
                write_new_file, self.directory, stem, document.format.value, data
            )
        except OSError as error:
            log.warning("Could not write to %s: %s", self.target, error.strerror or error)
            role = printer_role(document.kind)
            return PrintJobResult(
                self.target,
                PrintOutcome.FAILED,
                self._missing(REPRINT, role, error.strerror or str(error)),
                condition=PrinterCondition.UNREACHABLE,
            )
        log.info("Wrote %d bytes to %s as %s", len(data), self.target, path.name)
        return PrintJobResult(
            self.target,
            PrintOutcome.SUBMITTED,
            f"Saved as {path.name} in {self.directory}.",
            job_id=path.name,
            condition=PrinterCondition.READY,
        )

    async def has_received(self, document_name: str) -> bool | None:
        """Whether a file for this document is in the folder (written whole, or not at all)."""
        stem = re.escape(safe_file_name(document_name))
        pattern = re.compile(rf"\d{{8}}T[\d.]+Z-{stem}(-\d+)?\.")
        try:
            names = await asyncio.to_thread(os.listdir, self.directory)
        except OSError:
            return None
        return any(pattern.match(name) for name in names)

    def _missing(self, next_step: str, role: str = "printer", detail: str = "") -> str:
        said = f" ({detail})" if detail else ""
        return (
            f"The print folder {self.directory} for the {role} cannot be written to{said}. "
            f"Check that it exists and is connected, then {next_step}."
        )


def safe_file_name(name: str) -> str:
    cleaned = _UNSAFE_CHARACTERS.sub("_", name).strip("._")
    return cleaned[:MAX_NAME_LENGTH] or "document"


def write_new_file(directory: Path, stem: str, extension: str, data: bytes) -> Path:
    """Write `data` to a new file `stem.extension` (or `stem-N.extension`) in `directory`."""
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        for attempt in range(1000):
            path = directory / f"{stem}{f'-{attempt}' if attempt else ''}.{extension}"
            try:
                _place_without_replacing(Path(temporary), path)
            except FileExistsError:
                continue
            return path
        raise FileExistsError(f"no free file name for {stem}.{extension}")
    finally:
        Path(temporary).unlink(missing_ok=True)


def _place_without_replacing(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except FileExistsError:
        raise
    except OSError:
        # Some shares have no hard links. Rename never replaces on Windows; elsewhere only
        # a file appearing between this check and the rename could be replaced.
        if destination.exists():
            raise FileExistsError(destination) from None
        os.rename(source, destination)


def _writable_directory(directory: Path) -> bool:
    return directory.is_dir() and os.access(directory, os.W_OK)


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
