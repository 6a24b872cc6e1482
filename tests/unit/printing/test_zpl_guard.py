"""The ZPL guard removes printer configuration, never touches field data, refuses the unsafe."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packstation.printing.zpl_guard import (
    FIELD_DATA,
    ZplRefusedError,
    count_labels,
    guard_zpl,
    is_forbidden,
    parse_zpl,
)

LABEL = b"^XA^CI28^PW812^LL1218^FO50,50^A0N,30,30^FH^FDEC-000-05B-MMQ^FS^BY3^BCN,100^FD123^FS^XZ"
DESIGNER_HEADER = b"^XA~TA000~JSN^LT0^MNW^MTD^PON^PMN^LH0,0^JMA^PR4,4~SD15^JUS^LRN^CI0^XZ\n"

SAFE_COMMANDS = [
    b"^FO10,20",
    b"^FT30,40",
    b"^A0N,28,28",
    b"^PW812",
    b"^LL1218",
    b"^CI28",
    b"^BY2,3,100",
    b"^BCN,100,Y,N,N",
    b"^GB300,2,2",
    b"^FS",
    b"^JMA",
    b"~SD15",
    b"^MNW",
    b"^PQ1\n",
]
FORBIDDEN_COMMANDS = [
    b"^JUS",
    b"^jus",
    b"~JR",
    b"^IDR:*.GRF",
    b"~JSN",
    b"^JZY",
    b"~JA",
    b"^NC1",
    b"^NSa,10.0.0.9",
    b"~NT",
    b"^KPNEWPASS",
    b"^KNPrinter1",
    b"~TA000",
    b"^SC9600",
    b"~WC",
    b"~PP",
]


def field_data(zpl: bytes) -> list[bytes]:
    return [command.data(zpl) for command in parse_zpl(zpl) if command.name in FIELD_DATA]


def forbidden_names(zpl: bytes) -> list[str]:
    return [command.name for command in parse_zpl(zpl) if is_forbidden(command.name)]


def test_a_clean_label_passes_unchanged() -> None:
    guarded = guard_zpl(LABEL + LABEL)

    assert guarded.data == LABEL + LABEL
    assert guarded.removed == ()
    assert guarded.label_count == 2


def test_configuration_is_removed_and_named() -> None:
    guarded = guard_zpl(DESIGNER_HEADER + LABEL)

    assert guarded.removed == ("~TA", "~JS", "^JU")
    assert guarded.data == b"^XA^LT0^MNW^MTD^PON^PMN^LH0,0^JMA^PR4,4~SD15^LRN^CI0^XZ\n" + LABEL
    assert forbidden_names(guarded.data) == []


@pytest.mark.parametrize(
    "zpl",
    [b"", b"hello", b"~JR", b"^XA^JUS^XZ", b"^XA^NC1^KPX^XZ~JR", b"^XA^FO10,10^FDno end^FS"],
)
def test_documents_without_a_printable_label_are_refused(zpl: bytes) -> None:
    with pytest.raises(ZplRefusedError):
        guard_zpl(zpl)


@pytest.mark.parametrize("prefix_change", [b"^CC+", b"~CC+", b"^CT#", b"~CT#"])
def test_a_change_of_command_characters_is_refused(prefix_change: bytes) -> None:
    with pytest.raises(ZplRefusedError, match="command characters"):
        guard_zpl(b"^XA" + prefix_change + b"+FO10,10+FDx+FS+XZ")


def test_a_forbidden_command_hidden_in_field_data_is_refused() -> None:
    with pytest.raises(ZplRefusedError, match=r"\^JU"):
        guard_zpl(b"^XA^FO1,1^FDhello ^JUS world^FS^XZ")


def test_harmless_carets_and_tildes_in_field_data_stay() -> None:
    zpl = b"^XA^FO1,1^FD5 ^ 3 ~ 2 ^FO ~x^FS^XZ"

    assert guard_zpl(zpl).data == zpl


def test_binary_graphics_are_skipped_by_their_byte_count() -> None:
    payload = b"\x00^JUS~JR\xff^XZ"
    zpl = b"^XA^FO0,0^GFB," + str(len(payload)).encode() + b",12,1," + payload + b"^FS^XZ"

    guarded = guard_zpl(zpl)

    assert guarded.data == zpl
    assert guarded.removed == ()


def test_the_dots_per_millimetre_setting_belongs_to_the_label() -> None:
    assert not is_forbidden("^JM")
    assert is_forbidden("^JU") and is_forbidden("~JR") and is_forbidden("^NS")


def test_count_labels_counts_complete_blocks() -> None:
    assert count_labels(LABEL * 3 + b"^XA^FO1,1") == 3


def test_a_large_label_file_is_guarded_quickly() -> None:
    zpl = (DESIGNER_HEADER + LABEL * 20) * 50  # some 20,000 commands

    started = time.perf_counter()
    guarded = guard_zpl(zpl)

    assert time.perf_counter() - started < 1.0
    assert guarded.label_count == 1050


# ---- properties -----------------------------------------------------------------------

fragments = [b"^", b"~", b"JU", b"jr", b"FO", b"CC", b"XZ", b"NC", b"A0", b"1,", b" ", b"\xff"]
field_text = st.one_of(
    st.binary(max_size=40),
    st.lists(st.sampled_from(fragments), max_size=10).map(b"".join),
).filter(lambda data: b"^FS" not in data.upper())
parts = st.one_of(
    st.sampled_from(SAFE_COMMANDS).map(lambda command: ("safe", command)),
    st.sampled_from(FORBIDDEN_COMMANDS).map(lambda command: ("forbidden", command)),
    field_text.map(lambda data: ("field", b"^FO1,1^FD" + data + b"^FS")),
    st.binary(max_size=30).map(
        lambda data: ("safe", b"^GFB," + str(len(data)).encode() + b",1,1," + data)
    ),
)
labels = st.lists(st.lists(parts, max_size=12), min_size=1, max_size=3)
# Whitespace after a command belongs to its parameters, so every part starts with a command.
loose = st.lists(st.sampled_from([*FORBIDDEN_COMMANDS, b"~SD20\r\n"]), max_size=3)


def assemble(before: list[bytes], blocks: list[list[tuple[str, bytes]]], keep_all: bool) -> bytes:
    text = b"".join(command for command in before if keep_all or not is_forbidden_text(command))
    for block in blocks:
        kept = [text for kind, text in block if keep_all or kind != "forbidden"]
        text += b"^XA" + b"".join(kept) + b"^XZ"
    return text


def is_forbidden_text(command: bytes) -> bool:
    return is_forbidden(command[:3].decode().upper())


def hides_a_command(data: bytes) -> bool:
    upper = data.upper()
    return any(
        upper[index : index + 1] in (b"^", b"~")
        and (
            is_forbidden(upper[index : index + 3].decode("latin-1"))
            or upper[index + 1 : index + 3] in (b"CC", b"CT")
        )
        for index in range(len(upper) - 2)
    )


@given(before=loose, blocks=labels)
def test_only_the_configuration_commands_are_removed(
    before: list[bytes], blocks: list[list[tuple[str, bytes]]]
) -> None:
    original = assemble(before, blocks, keep_all=True)
    fields = [text for block in blocks for kind, text in block if kind == "field"]
    printable = any(
        kind == "field" or text.startswith(b"^G") for block in blocks for kind, text in block
    )
    try:
        guarded = guard_zpl(original)
    except ZplRefusedError:
        assert not printable or any(hides_a_command(field[9:-3]) for field in fields)
        return
    assert guarded.data == assemble(before, blocks, keep_all=False)
    assert field_data(guarded.data) == field_data(original)
    assert forbidden_names(guarded.data) == []
    assert guarded.label_count == len(blocks)


@given(data=st.binary(max_size=200))
def test_any_bytes_are_either_refused_or_left_without_configuration(data: bytes) -> None:
    try:
        guarded = guard_zpl(data)
    except ZplRefusedError:
        return
    assert forbidden_names(guarded.data) == []
    assert field_data(guarded.data) == field_data(data)
