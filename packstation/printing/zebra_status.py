"""The answer of a ZPL printer to `~HS` (host status), read into a printer condition.

~HS answers with three <STX>...<ETX> strings of comma-separated fields. From the ZPL manual:
string 1 field 2 = paper out, 3 = paused, 5 = formats waiting in the receive buffer,
10 = corrupt RAM, 11 = under temperature, 12 = over temperature; string 2 field 3 = head up,
4 = ribbon out, 5 = thermal-transfer mode.
"""

from __future__ import annotations

from dataclasses import dataclass

from packstation.printing.protocol import PrinterCondition

HOST_STATUS_QUERY = b"~HS\r\n"
STX = b"\x02"
ETX = b"\x03"
EXPECTED_STRINGS = 3
FAULT_FLAGS = ((9, "its memory is corrupt"), (10, "it is too cold"), (11, "it is too hot"))


@dataclass(frozen=True)
class ZebraStatus:
    paper_out: bool
    paused: bool
    head_open: bool
    ribbon_out: bool
    other_fault: str  # plain words, empty if none
    formats_waiting: int = 0

    @property
    def condition(self) -> PrinterCondition:
        if self.paper_out:
            return PrinterCondition.OUT_OF_MEDIA
        if self.head_open or self.ribbon_out or self.other_fault:
            return PrinterCondition.ERROR
        if self.paused:
            return PrinterCondition.PAUSED
        return PrinterCondition.READY

    @property
    def detail(self) -> str:
        if self.head_open:
            return "the print head is open"
        if self.ribbon_out:
            return "the ribbon has run out"
        return self.other_fault


def complete_answer(data: bytes) -> bool:
    return data.count(ETX) >= EXPECTED_STRINGS


def parse_host_status(data: bytes) -> ZebraStatus | None:
    """None when the bytes are not a ~HS answer."""
    strings = [
        chunk.split(ETX, 1)[0].decode("ascii", errors="replace").split(",")
        for chunk in data.split(STX)[1:]
    ]
    if len(strings) < 2 or len(strings[0]) < 12 or len(strings[1]) < 5:
        return None
    first, second = strings[0], strings[1]
    thermal_transfer = _flag(second[4])
    faults = [words for index, words in FAULT_FLAGS if _flag(first[index])]
    return ZebraStatus(
        paper_out=_flag(first[1]),
        paused=_flag(first[2]),
        head_open=_flag(second[2]),
        ribbon_out=thermal_transfer and _flag(second[3]),
        other_fault=", ".join(faults),
        formats_waiting=int(first[4]) if first[4].strip().isdigit() else 0,
    )


def _flag(field: str) -> bool:
    return field.strip() == "1"
