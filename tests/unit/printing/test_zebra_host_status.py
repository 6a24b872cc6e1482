from __future__ import annotations

from packstation.printing.protocol import PrinterCondition
from packstation.printing.zebra_status import ZebraStatus, complete_answer, parse_host_status

READY = (
    b"\x02030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n"
    b"\x02001,0,0,0,0,2,4,0,00000000,1,000\x03\r\n"
    b"\x021234,0\x03\r\n"
)


def parsed(answer: bytes) -> ZebraStatus:
    status = parse_host_status(answer)
    assert status is not None
    return status


def test_a_ready_printer() -> None:
    status = parse_host_status(READY)

    assert status is not None and status.condition == PrinterCondition.READY
    assert complete_answer(READY)


def test_flags_from_the_manual() -> None:
    paper_out = READY.replace(b"030,0,0,", b"030,1,0,", 1)
    paused = READY.replace(b"030,0,0,", b"030,0,1,", 1)
    head_up = READY.replace(b"001,0,0,", b"001,0,1,", 1)
    ribbon_out_in_direct_thermal = READY.replace(b"001,0,0,0,0", b"001,0,0,1,0", 1)
    ribbon_out = READY.replace(b"001,0,0,0,0", b"001,0,0,1,1", 1)
    too_hot = READY.replace(b"000,0,0,0\x03", b"000,0,0,1\x03", 1)

    assert parsed(paper_out).condition == PrinterCondition.OUT_OF_MEDIA
    assert parsed(paused).condition == PrinterCondition.PAUSED
    assert parsed(head_up).detail == "the print head is open"
    assert parsed(ribbon_out_in_direct_thermal).condition == PrinterCondition.READY
    assert parsed(ribbon_out).detail == "the ribbon has run out"
    assert parsed(too_hot).detail == "it is too hot"


def test_anything_else_is_no_answer() -> None:
    assert parse_host_status(b"") is None
    assert parse_host_status(b"\x02garbage\x03") is None
    assert not complete_answer(READY[:40])
