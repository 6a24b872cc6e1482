"""Keep printer-configuration commands out of the ZPL we send.

A label may set up its own format (^PW, ^LL, ^MD, ^CI, ^PQ ...). It has no business changing how
the printer works for every label after it: saving settings (^JU), resets (~JR), network and
wireless settings, passwords and printer names, deleting stored objects (^ID), sensor and clock
settings, pauses. Those commands are removed, parameters and all, and reported by name.

Refused outright, because no safe edit exists:
- a change of the command prefix characters (^CC/~CC/^CT/~CT): the rest can no longer be read;
- field data (^FD/^FV) that holds a forbidden command: printers act on ^ and ~ anywhere, and
  field data is never altered;
- no complete ^XA...^XZ label, or labels that hold nothing to print once configuration is gone.

Field data runs from ^FD to the next ^FS. Binary payloads of ^GF and ~DY (formats B and C)
are skipped by their byte counts, so their bytes are never read as commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORBIDDEN_FAMILIES = {
    "J": "job control and printer set-up (^JU save settings, ~JR reset, ~JA cancel all...)",
    "K": "printer name, password, language, clock format, battery",
    "N": "network settings",
}
FORBIDDEN_FAMILY_EXCEPTIONS = frozenset({"^JM"})  # dots per millimetre: part of a label's format
FORBIDDEN_COMMANDS = {
    "^ID": "deletes objects stored on the printer",
    "^EG": "erases stored graphics",
    "~EG": "erases stored graphics",
    "^CM": "remaps the printer's memory letters",
    "^MA": "maintenance alerts",
    "^MF": "media feed at power-up",
    "^MI": "maintenance message",
    "^MP": "disables front-panel modes",
    "^MW": "print head cold warning",
    "^SC": "serial port settings",
    "^SI": "sensor intensity",
    "^SL": "clock mode",
    "^SO": "clock offset",
    "^SQ": "stops network alerts",
    "^SS": "media sensor settings",
    "^ST": "sets the clock",
    "^SX": "network alerts",
    "^SZ": "ZPL mode",
    "~TA": "tear-off position",
    "~RO": "resets counters",
    "^PP": "pauses the printer",
    "~PP": "pauses the printer",
    "~WC": "prints a configuration label",
    "~WL": "prints a network configuration label",
    "~WR": "resets the wireless card",
    "^WA": "wireless settings",
    "^WE": "wireless settings",
    "^WI": "wireless settings",
    "^WL": "wireless settings",
    "^WP": "wireless settings",
    "^WR": "wireless settings",
    "^WS": "wireless settings",
    "^WX": "wireless settings",
}
PREFIX_CHANGES = frozenset({"^CC", "~CC", "^CT", "~CT"})
FIELD_DATA = frozenset({"^FD", "^FV"})
CONTENT_CODES = ("FD", "FV", "G", "XG", "IM")  # a code starting with one of these prints something
BINARY_FORMATS = b"BC"

_PREFIX = re.compile(rb"[\^~]")
_FIELD_SEPARATOR = re.compile(rb"\^FS", re.IGNORECASE)
_COMMAND_IN_DATA = re.compile(rb"[\^~]([A-Za-z0-9@]{2})")


class ZplRefusedError(ValueError):
    """The document cannot be made safe to send; the message says why, in plain words."""


@dataclass(frozen=True)
class ZplCommand:
    name: str  # prefix and two-letter code, upper case: "^FD", "~JR"
    start: int
    end: int  # the command's parameters (or field data) run up to here

    def data(self, zpl: bytes) -> bytes:
        return zpl[self.start + len(self.name) : self.end]


@dataclass(frozen=True)
class GuardedZpl:
    data: bytes
    removed: tuple[str, ...]
    label_count: int


def is_forbidden(name: str) -> bool:
    if name in FORBIDDEN_COMMANDS:
        return True
    return name[1:2] in FORBIDDEN_FAMILIES and name not in FORBIDDEN_FAMILY_EXCEPTIONS


def parse_zpl(zpl: bytes) -> list[ZplCommand]:
    commands: list[ZplCommand] = []
    position = _next_prefix(zpl, 0)
    while position < len(zpl):
        name = zpl[position : position + 3].decode("latin-1").upper()
        if name in FIELD_DATA:
            separator = _FIELD_SEPARATOR.search(zpl, position + 3)
            end = separator.start() if separator else len(zpl)
        else:
            end = _binary_payload_end(zpl, name, position) or _next_prefix(zpl, position + 1)
        commands.append(ZplCommand(name, position, end))
        position = end if end > position else _next_prefix(zpl, position + 1)
    return commands


def guard_zpl(zpl: bytes) -> GuardedZpl:
    commands = parse_zpl(zpl)
    for command in commands:
        if command.name in PREFIX_CHANGES:
            raise ZplRefusedError(
                f"The label changes the ZPL command characters ({command.name}), "
                "so it cannot be checked for printer-configuration commands."
            )
        if command.name in FIELD_DATA:
            hidden = _forbidden_in_data(command.data(zpl))
            if hidden:
                raise ZplRefusedError(
                    f"The label's field data contains the printer command {hidden}, "
                    "which would change the printer's settings."
                )
    removed = [command for command in commands if is_forbidden(command.name)]
    kept = [command for command in commands if not is_forbidden(command.name)]
    cleaned = _without(zpl, removed)
    labels = _label_blocks(kept)
    if not labels:
        raise ZplRefusedError("The document holds no complete ZPL label (^XA ... ^XZ).")
    if not any(_prints_something(block) for block in labels):
        raise ZplRefusedError("The document holds only printer configuration, no label to print.")
    return GuardedZpl(cleaned, tuple(command.name for command in removed), len(labels))


def count_labels(zpl: bytes) -> int:
    return len(_label_blocks(parse_zpl(zpl)))


def _next_prefix(zpl: bytes, start: int) -> int:
    found = _PREFIX.search(zpl, start)
    return found.start() if found else len(zpl)


def _binary_payload_end(zpl: bytes, name: str, position: int) -> int | None:
    """End of a ^GF or ~DY command whose payload is raw binary of a declared length."""
    if name == "^GF":
        format_field, length_field, commas = 0, 1, 4
    elif name == "~DY":
        format_field, length_field, commas = 1, 3, 5
    else:
        return None
    header_start = position + 3
    header_end = header_start
    for _ in range(commas):
        header_end = zpl.find(b",", header_end) + 1
        if header_end == 0:
            return None
    header = zpl[header_start : header_end - 1]
    if _PREFIX.search(header):
        return None
    fields = header.split(b",")
    binary_format = fields[format_field].strip()[:1]
    length = fields[length_field].strip()
    if binary_format not in (b"B", b"C") or not length.isdigit():
        return None
    return min(header_end + int(length), len(zpl))


def _forbidden_in_data(data: bytes) -> str | None:
    for match in _COMMAND_IN_DATA.finditer(data):
        name = (data[match.start() : match.start() + 1] + match.group(1)).decode().upper()
        if is_forbidden(name) or name in PREFIX_CHANGES:
            return name
    return None


def _without(zpl: bytes, removed: list[ZplCommand]) -> bytes:
    pieces: list[bytes] = []
    position = 0
    for command in removed:
        pieces.append(zpl[position : command.start])
        position = command.end
    pieces.append(zpl[position:])
    return b"".join(pieces)


def _label_blocks(commands: list[ZplCommand]) -> list[list[ZplCommand]]:
    blocks: list[list[ZplCommand]] = []
    current: list[ZplCommand] | None = None
    for command in commands:
        if command.name == "^XA":
            current = []
        elif command.name == "^XZ" and current is not None:
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(command)
    return blocks


def _prints_something(block: list[ZplCommand]) -> bool:
    return any(command.name[1:].startswith(CONTENT_CODES) for command in block)
