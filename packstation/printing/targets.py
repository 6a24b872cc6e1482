"""Printer target strings from the station settings, parsed into what they name.

- `file:DIR` (or `file:///DIR`): write each document into a folder;
- `tcp://HOST:PORT`: a network label printer taking raw ZPL (usually port 9100);
- `cups:QUEUE`: a CUPS queue, even where the platform default is another path;
- `qt:QUEUE`: an OS queue printed through Qt print support (the Windows path);
- anything else: the name of an OS print queue, printed through the platform's default path.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urlsplit

RAW_PRINTING_PORT = 9100


class QueueBackend(StrEnum):
    PLATFORM = "platform"
    CUPS = "cups"
    QT = "qt"


@dataclass(frozen=True)
class FolderTarget:
    directory: Path


@dataclass(frozen=True)
class TcpTarget:
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"tcp://{host}:{self.port}"


@dataclass(frozen=True)
class QueueTarget:
    name: str
    backend: QueueBackend = QueueBackend.PLATFORM


Target = FolderTarget | TcpTarget | QueueTarget


def parse_target(text: str) -> Target:
    """Raises ValueError, with a message for the settings screen, when the target is malformed."""
    value = text.strip()
    if not value:
        raise ValueError("No printer is set.")
    scheme, separator, rest = value.partition(":")
    match scheme.lower() if separator else "":
        case "file":
            return _folder(rest)
        case "tcp":
            return _tcp(value)
        case "cups":
            return QueueTarget(_queue_name(rest), QueueBackend.CUPS)
        case "qt":
            return QueueTarget(_queue_name(rest), QueueBackend.QT)
        case _:
            return QueueTarget(_queue_name(value))


def _folder(rest: str) -> FolderTarget:
    path = unquote(rest[2:]) if rest.startswith("//") else rest
    if not path:
        raise ValueError("A folder target needs a folder: file:/path/to/folder")
    return FolderTarget(Path(path).expanduser())


def _tcp(value: str) -> TcpTarget:
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        raise ValueError(f"'{value}' is not a valid address: {error}") from None
    if not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise ValueError(f"'{value}' is not a valid address; write it as tcp://HOST:9100")
    return TcpTarget(parts.hostname, port or RAW_PRINTING_PORT)


def _queue_name(name: str) -> str:
    name = name.strip()
    if not name or not name.isprintable():
        raise ValueError(f"'{name}' is not a printer queue name.")
    return name
