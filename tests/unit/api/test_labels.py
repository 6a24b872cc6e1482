"""Label files: decoded once or twice, and refused when they are not what was asked for."""

from __future__ import annotations

import base64
import contextlib

import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st

from packstation.api import AsyncSortedPro, LabelFormat, LabelFormatError, MalformedResponseError
from packstation.api.constants import DECODE_IN_THREAD_ABOVE_CHARS, MAX_LABEL_BYTES
from packstation.api.labels import count_pages, count_zpl_labels, decode_label_file
from tests.unit.api.helpers import PDF_BYTES, PNG_BYTES, ZPL_BYTES, b64


def double(data: bytes) -> str:
    return b64(b64(data).encode())


@pytest.mark.parametrize(
    ("label_format", "data"),
    [(LabelFormat.PDF, PDF_BYTES), (LabelFormat.ZPL, ZPL_BYTES), (LabelFormat.PNG, PNG_BYTES)],
)
@pytest.mark.parametrize("encode", [b64, double], ids=["single", "double"])
def test_single_and_double_base64(label_format: LabelFormat, data: bytes, encode: object) -> None:
    assert decode_label_file(encode(data), label_format) == data  # type: ignore[operator]


def test_whitespace_and_line_breaks_are_tolerated() -> None:
    encoded = base64.encodebytes(PDF_BYTES).decode()  # a line break every 76 characters
    assert "\n" in encoded
    assert decode_label_file(f"  {encoded}\r\n", LabelFormat.PDF) == PDF_BYTES


def test_zpl_may_start_with_tilde_commands_and_whitespace() -> None:
    data = b"\r\n~SD20\n^xa^FDlower case^FS^xz"
    assert decode_label_file(b64(data), LabelFormat.ZPLII) == data


def refusal(field: str, label_format: LabelFormat = LabelFormat.PDF, **kwargs: int) -> str:
    with pytest.raises(LabelFormatError) as raised:
        decode_label_file(field, label_format, **kwargs)  # type: ignore[arg-type]
    error = raised.value
    assert isinstance(error, MalformedResponseError)
    assert error.user_message.startswith("The label SortedPRO sent ")
    return error.user_message


@pytest.mark.parametrize("field", ["not base64!", "QUJD=", "QUJDRA=", "é"])
def test_bad_base64(field: str) -> None:
    assert "not valid base64" in refusal(field)


def test_wrong_magic_names_the_format_and_the_start() -> None:
    message = refusal(b64(b"GIF89a...."))
    assert message.startswith(
        'The label SortedPRO sent is not a valid PDF (it starts with "GIF89a..")'
    )


def test_wrong_format() -> None:
    assert "not a valid ZPL" in refusal(b64(PDF_BYTES), LabelFormat.ZPL)
    assert "not a valid PNG" in refusal(b64(PDF_BYTES), LabelFormat.PNG)
    assert "not a valid PDF" in refusal(b64(ZPL_BYTES), LabelFormat.PDF)


def test_truncated_pdf_without_eof() -> None:
    assert "cut short" in refusal(b64(PDF_BYTES[:-7]))


def test_eof_must_be_near_the_end() -> None:
    padded = PDF_BYTES + b"%" + b"x" * 2000
    assert "cut short" in refusal(b64(padded))


@pytest.mark.parametrize(
    "zpl",
    [b"^XA^FDone^FS", b"^XA^XA^XZ^XZ", b"^XA^XZ^XZ", b"~SD20^XZ", b"~SD20"],
    ids=["unclosed", "nested", "extra-close", "close-first", "no-block"],
)
def test_unbalanced_zpl(zpl: bytes) -> None:
    assert "not valid ZPL" in refusal(b64(zpl), LabelFormat.ZPL)


def test_empty_file() -> None:
    assert "is empty" in refusal("")


def test_size_cap_is_checked_before_decoding() -> None:
    huge = "A" * (MAX_LABEL_BYTES * 2 + 10)
    assert "too large" in refusal(huge)


def test_size_cap_after_decoding() -> None:
    assert "too large (over" in refusal(b64(PDF_BYTES), max_bytes=len(PDF_BYTES) - 1)
    assert "too large" in refusal(double(PDF_BYTES), max_bytes=len(PDF_BYTES) - 1)


def test_counting() -> None:
    assert count_zpl_labels(ZPL_BYTES) == 2
    assert count_pages(PDF_BYTES, LabelFormat.PDF) == 2
    assert count_pages(b"%PDF-1.7 compressed %%EOF", LabelFormat.PDF) is None
    assert count_pages(PNG_BYTES, LabelFormat.PNG) == 1


async def test_a_bad_label_from_the_server_raises_label_format_error(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    api_mock.get("/labels/EC-000-05B-MMQ/zpl").respond(json={"File": b64(b"%PDF-1.4")})
    with pytest.raises(LabelFormatError) as raised:
        await client.get_labels("EC-000-05B-MMQ", LabelFormat.ZPL)
    assert raised.value.operation == "get_labels"
    assert "not a valid ZPL" in raised.value.user_message


async def test_customs_document_that_is_not_a_pdf(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    body = {"CN22Documents": [{"Key": "CN22_1", "Value": b64(b"hello")}]}
    api_mock.get("/consignments/docs/EC-1").respond(json=body)
    with pytest.raises(LabelFormatError, match="customs document 'CN22_1'"):
        await client.get_customs_documents("EC-1")


@given(field=st.text(max_size=400), label_format=st.sampled_from(list(LabelFormat)))
def test_decoder_returns_a_valid_file_or_raises_label_format_error(
    field: str, label_format: LabelFormat
) -> None:
    try:
        data = decode_label_file(field, label_format)
    except LabelFormatError:
        return
    assert decode_label_file(b64(data), label_format) == data


@given(data=st.binary(max_size=300), label_format=st.sampled_from(list(LabelFormat)))
def test_decoder_never_fails_otherwise_on_any_bytes(data: bytes, label_format: LabelFormat) -> None:
    for field in (b64(data), double(data)):
        with contextlib.suppress(LabelFormatError):
            decode_label_file(field, label_format)


async def test_a_large_label_is_decoded_off_the_event_loop(
    client: AsyncSortedPro, api_mock: respx.MockRouter
) -> None:
    pages = b"".join(b"%d 0 obj <</Type /Page>> endobj\n" % n for n in range(3))
    big = b"%PDF-1.4\n" + pages + b"%" + b"x" * (DECODE_IN_THREAD_ABOVE_CHARS * 2) + b"\n%%EOF\n"
    api_mock.get("/labels/EC-000-05B-MMQ/pdf").respond(json={"File": double(big)})
    label = await client.get_labels("EC-000-05B-MMQ")
    assert (label.data, label.page_count) == (big, 3)
