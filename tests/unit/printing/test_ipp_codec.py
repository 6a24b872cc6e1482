from __future__ import annotations

import struct

import pytest

from packstation.printing.ipp import (
    Attribute,
    GroupTag,
    IppDecodeError,
    Operation,
    Resolution,
    ValueTag,
    decode_response,
    encode_request,
)


def attribute(tag: int, name: str, value: bytes) -> bytes:
    return (
        struct.pack(">BH", tag, len(name)) + name.encode() + struct.pack(">H", len(value)) + value
    )


def response(*parts: bytes, status: int = 0) -> bytes:
    return struct.pack(">BBHI", 1, 1, status, 7) + b"".join(parts) + bytes([GroupTag.END])


def test_a_request_is_laid_out_as_rfc_8010_says() -> None:
    encoded = encode_request(
        Operation.PRINT_JOB,
        42,
        [Attribute.of(ValueTag.CHARSET, "attributes-charset", "utf-8")],
        [
            Attribute.of(ValueTag.KEYWORD, "media", "na_index-4x6_4x6in"),
            Attribute.of(ValueTag.BOOLEAN, "fit-to-page", False),
            Attribute.of(ValueTag.KEYWORD, "requested", "a", "b"),
        ],
        document=b"^XA^XZ",
    )

    assert encoded == (
        struct.pack(">BBHI", 1, 1, 0x0002, 42)
        + bytes([GroupTag.OPERATION])
        + attribute(ValueTag.CHARSET, "attributes-charset", b"utf-8")
        + bytes([GroupTag.JOB])
        + attribute(ValueTag.KEYWORD, "media", b"na_index-4x6_4x6in")
        + attribute(ValueTag.BOOLEAN, "fit-to-page", b"\x00")
        + attribute(ValueTag.KEYWORD, "requested", b"a")
        + attribute(ValueTag.KEYWORD, "", b"b")
        + bytes([GroupTag.END])
        + b"^XA^XZ"
    )


def test_a_response_decodes_into_named_attributes() -> None:
    decoded = decode_response(
        response(
            bytes([GroupTag.OPERATION]),
            attribute(ValueTag.TEXT, "status-message", b"successful-ok"),
            bytes([GroupTag.PRINTER]),
            attribute(ValueTag.ENUM, "printer-state", struct.pack(">i", 5)),
            attribute(ValueTag.KEYWORD, "printer-state-reasons", b"paused"),
            attribute(ValueTag.KEYWORD, "", b"media-empty-error"),
            attribute(ValueTag.BOOLEAN, "printer-is-accepting-jobs", b"\x01"),
            attribute(
                ValueTag.RESOLUTION, "printer-resolution-default", struct.pack(">iib", 80, 80, 4)
            ),
            attribute(ValueTag.TEXT_WITH_LANGUAGE, "printer-info", b"\x00\x02en\x00\x05Zebra"),
        )
    )

    printer = decoded.first_group(GroupTag.PRINTER)
    assert decoded.ok and decoded.request_id == 7
    assert decoded.status_message() == "successful-ok"
    assert printer.first("printer-state") == 5
    assert printer.get("printer-state-reasons") == ("paused", "media-empty-error")
    assert printer.first("printer-is-accepting-jobs") is True
    assert printer.first("printer-resolution-default") == Resolution(80, 80, 4)
    assert Resolution(80, 80, 4).dpi == 203
    assert printer.first("printer-info") == "Zebra"


def test_collections_are_skipped_without_losing_the_next_attribute() -> None:
    decoded = decode_response(
        response(
            bytes([GroupTag.PRINTER]),
            attribute(ValueTag.BEGIN_COLLECTION, "media-col-default", b""),
            attribute(ValueTag.MEMBER_NAME, "", b"media-size"),
            attribute(ValueTag.BEGIN_COLLECTION, "", b""),
            attribute(ValueTag.MEMBER_NAME, "", b"x-dimension"),
            attribute(ValueTag.INTEGER, "", struct.pack(">i", 10160)),
            attribute(ValueTag.END_COLLECTION, "", b""),
            attribute(ValueTag.END_COLLECTION, "", b""),
            attribute(ValueTag.ENUM, "printer-state", struct.pack(">i", 3)),
        )
    )

    assert decoded.first_group(GroupTag.PRINTER).first("printer-state") == 3


def test_an_error_status_is_not_ok() -> None:
    assert not decode_response(response(status=0x0406)).ok


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x01\x01\x00",
        response(attribute(ValueTag.TEXT, "orphan", b"x")),
        response()[:-1] + b"\x04\x41\x00",
    ],
)
def test_malformed_responses_raise(data: bytes) -> None:
    with pytest.raises(IppDecodeError):
        decode_response(data)
