"""IPP/1.1 messages (RFC 8010): just enough encoding and decoding to talk to a local cupsd.

No I/O here. Requests carry one operation group and optionally one job group; responses are
decoded into groups of named attributes. Collections are not needed by anything we ask for,
so their members are skipped rather than modelled.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from enum import IntEnum

IPP_VERSION = (1, 1)


class GroupTag(IntEnum):
    OPERATION = 0x01
    JOB = 0x02
    END = 0x03
    PRINTER = 0x04
    UNSUPPORTED = 0x05


class ValueTag(IntEnum):
    UNSUPPORTED = 0x10
    UNKNOWN = 0x12
    NO_VALUE = 0x13
    INTEGER = 0x21
    BOOLEAN = 0x22
    ENUM = 0x23
    OCTET_STRING = 0x30
    DATE_TIME = 0x31
    RESOLUTION = 0x32
    RANGE_OF_INTEGER = 0x33
    BEGIN_COLLECTION = 0x34
    TEXT_WITH_LANGUAGE = 0x35
    NAME_WITH_LANGUAGE = 0x36
    END_COLLECTION = 0x37
    TEXT = 0x41
    NAME = 0x42
    KEYWORD = 0x44
    URI = 0x45
    URI_SCHEME = 0x46
    CHARSET = 0x47
    NATURAL_LANGUAGE = 0x48
    MIME_MEDIA_TYPE = 0x49
    MEMBER_NAME = 0x4A


class Operation(IntEnum):
    PRINT_JOB = 0x0002
    CANCEL_JOB = 0x0008
    GET_JOB_ATTRIBUTES = 0x0009
    GET_JOBS = 0x000A
    GET_PRINTER_ATTRIBUTES = 0x000B


class StatusCode(IntEnum):
    SUCCESSFUL_OK = 0x0000
    CLIENT_ERROR_FORBIDDEN = 0x0401
    CLIENT_ERROR_NOT_AUTHENTICATED = 0x0402
    CLIENT_ERROR_NOT_AUTHORIZED = 0x0403
    CLIENT_ERROR_NOT_POSSIBLE = 0x0404
    CLIENT_ERROR_NOT_FOUND = 0x0406
    CLIENT_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED = 0x040A
    SERVER_ERROR_NOT_ACCEPTING_JOBS = 0x0506


RESOLUTION_UNITS_DPI = 3
RESOLUTION_UNITS_DPCM = 4
CENTIMETRES_PER_INCH = 2.54


@dataclass(frozen=True)
class Resolution:
    cross_feed: int
    feed: int
    units: int

    @property
    def dpi(self) -> int:
        if self.units == RESOLUTION_UNITS_DPCM:
            return round(self.cross_feed * CENTIMETRES_PER_INCH)
        return self.cross_feed


Value = int | bool | str | bytes | Resolution | tuple[int, int] | None


@dataclass(frozen=True)
class Attribute:
    tag: ValueTag
    name: str
    values: tuple[Value, ...]

    @classmethod
    def of(cls, tag: ValueTag, name: str, *values: Value) -> Attribute:
        return cls(tag, name, values)


@dataclass
class AttributeGroup:
    tag: int  # a GroupTag, or a group this module does not name
    attributes: dict[str, tuple[Value, ...]] = field(default_factory=dict)

    def get(self, name: str) -> tuple[Value, ...]:
        return self.attributes.get(name, ())

    def first(self, name: str) -> Value:
        values = self.get(name)
        return values[0] if values else None


@dataclass(frozen=True)
class Response:
    status_code: int
    request_id: int
    groups: tuple[AttributeGroup, ...]

    @property
    def ok(self) -> bool:
        # 0x0000-0x00FF are the successful-ok family (some with substituted attributes).
        return self.status_code < 0x0100

    def groups_tagged(self, tag: GroupTag) -> list[AttributeGroup]:
        return [group for group in self.groups if group.tag == tag]

    def first_group(self, tag: GroupTag) -> AttributeGroup:
        groups = self.groups_tagged(tag)
        return groups[0] if groups else AttributeGroup(tag)

    def status_message(self) -> str:
        message = self.first_group(GroupTag.OPERATION).first("status-message")
        return message if isinstance(message, str) else ""


class IppDecodeError(ValueError):
    """The bytes are not a well-formed IPP response."""


def encode_request(
    operation: Operation,
    request_id: int,
    operation_attributes: list[Attribute],
    job_attributes: list[Attribute] | None = None,
    document: bytes = b"",
) -> bytes:
    parts = [struct.pack(">BBHI", *IPP_VERSION, operation, request_id)]
    parts.append(bytes([GroupTag.OPERATION]))
    parts.extend(_encode_attribute(attribute) for attribute in operation_attributes)
    if job_attributes:
        parts.append(bytes([GroupTag.JOB]))
        parts.extend(_encode_attribute(attribute) for attribute in job_attributes)
    parts.append(bytes([GroupTag.END]))
    parts.append(document)
    return b"".join(parts)


def _encode_attribute(attribute: Attribute) -> bytes:
    encoded = bytearray()
    for index, value in enumerate(attribute.values):
        name = attribute.name.encode() if index == 0 else b""
        payload = _encode_value(attribute.tag, value)
        encoded += struct.pack(">BH", attribute.tag, len(name)) + name
        encoded += struct.pack(">H", len(payload)) + payload
    return bytes(encoded)


def _encode_value(tag: ValueTag, value: Value) -> bytes:
    if tag == ValueTag.BOOLEAN:
        return b"\x01" if value else b"\x00"
    if tag in (ValueTag.INTEGER, ValueTag.ENUM) and isinstance(value, int):
        return struct.pack(">i", value)
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, bytes):
        return value
    if value is None:
        return b""
    raise TypeError(f"cannot encode {value!r} as IPP {tag.name}")


def decode_response(data: bytes) -> Response:
    if len(data) < 9:
        raise IppDecodeError("IPP response shorter than its header")
    _major, _minor, status_code, request_id = struct.unpack_from(">BBHI", data)
    groups: list[AttributeGroup] = []
    current: AttributeGroup | None = None
    last_name = ""
    collection_depth = 0
    position = 8
    while position < len(data):
        tag = data[position]
        position += 1
        if tag == GroupTag.END:
            break
        if tag < 0x10:
            current = AttributeGroup(tag)
            groups.append(current)
            continue
        name, position = _read_chunk(data, position)
        raw_value, position = _read_chunk(data, position)
        if current is None:
            raise IppDecodeError("IPP attribute outside any group")
        if tag == ValueTag.BEGIN_COLLECTION:
            collection_depth += 1
        elif tag == ValueTag.END_COLLECTION:
            collection_depth -= 1
            continue
        if collection_depth > 0 and tag != ValueTag.BEGIN_COLLECTION:
            continue
        value = _decode_value(tag, raw_value)
        if name:
            last_name = name.decode(errors="replace")
            current.attributes[last_name] = (value,)
        elif last_name:
            current.attributes[last_name] = (*current.attributes[last_name], value)
    return Response(status_code, request_id, tuple(groups))


def _read_chunk(data: bytes, position: int) -> tuple[bytes, int]:
    if position + 2 > len(data):
        raise IppDecodeError("IPP response truncated")
    (length,) = struct.unpack_from(">H", data, position)
    start = position + 2
    if start + length > len(data):
        raise IppDecodeError("IPP response truncated")
    return data[start : start + length], start + length


def _decode_value(tag: int, raw: bytes) -> Value:
    if tag in (ValueTag.INTEGER, ValueTag.ENUM) and len(raw) == 4:
        return int(struct.unpack(">i", raw)[0])
    if tag == ValueTag.BOOLEAN and len(raw) == 1:
        return raw != b"\x00"
    if tag == ValueTag.RESOLUTION and len(raw) == 9:
        cross_feed, feed, units = struct.unpack(">iib", raw)
        return Resolution(cross_feed, feed, units)
    if tag == ValueTag.RANGE_OF_INTEGER and len(raw) == 8:
        lower, upper = struct.unpack(">ii", raw)
        return (lower, upper)
    if tag in (ValueTag.TEXT_WITH_LANGUAGE, ValueTag.NAME_WITH_LANGUAGE):
        _language, position = _read_chunk(raw, 0)
        text, _ = _read_chunk(raw, position)
        return text.decode(errors="replace")
    if 0x40 <= tag <= 0x5F:
        return raw.decode(errors="replace")
    if tag in (ValueTag.UNSUPPORTED, ValueTag.UNKNOWN, ValueTag.NO_VALUE):
        return None
    return raw
