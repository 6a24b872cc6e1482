from __future__ import annotations

import os
from pathlib import Path

import pytest

from packstation.printing.folder import FolderPrinter, safe_file_name, write_new_file
from packstation.printing.protocol import (
    DocumentFormat,
    DocumentKind,
    PrintDocument,
    PrinterCondition,
    PrintOutcome,
)

ZPL = b"^XA^FO10,10^FDEC-000-05B-MMQ^FS^XZ"


def files_in(directory: Path) -> list[Path]:
    return sorted(directory.iterdir())


def document(name: str = "EC-000-05B-MMQ label", data: bytes = ZPL) -> PrintDocument:
    return PrintDocument(DocumentKind.LABEL, DocumentFormat.ZPL, data, name)


async def test_a_document_becomes_a_timestamped_file(tmp_path: Path) -> None:
    result = await FolderPrinter(tmp_path).print_document(document())

    assert result.outcome == PrintOutcome.SUBMITTED
    (written,) = files_in(tmp_path)
    assert written.name == result.job_id
    assert written.name.endswith("-EC-000-05B-MMQ_label.zpl")
    assert written.read_bytes() == ZPL


async def test_nothing_is_ever_overwritten(tmp_path: Path) -> None:
    printer = FolderPrinter(tmp_path)

    for _ in range(3):
        await printer.print_document(document())

    assert len(files_in(tmp_path)) == 3


def test_a_taken_name_gets_a_number(tmp_path: Path) -> None:
    first = write_new_file(tmp_path, "stem", "pdf", b"one")
    second = write_new_file(tmp_path, "stem", "pdf", b"two")

    assert (first.name, second.name) == ("stem.pdf", "stem-1.pdf")
    assert first.read_bytes() == b"one"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["stem-1.pdf", "stem.pdf"]


async def test_zpl_is_guarded_on_the_way_to_the_folder_too(tmp_path: Path) -> None:
    await FolderPrinter(tmp_path).print_document(document(data=b"^XA^JUS^XZ" + ZPL))

    (written,) = files_in(tmp_path)
    assert written.read_bytes() == b"^XA^XZ" + ZPL


async def test_a_missing_folder_fails_and_says_so(tmp_path: Path) -> None:
    printer = FolderPrinter(tmp_path / "not-mounted")

    result = await printer.print_document(document())
    status = await printer.status()

    assert result.outcome == PrintOutcome.FAILED
    assert result.condition == PrinterCondition.UNREACHABLE
    assert "not-mounted" in result.message and "Reprint" in result.message
    assert status.condition == PrinterCondition.UNREACHABLE


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
async def test_a_read_only_folder_is_not_ready(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o500)
    try:
        status = await FolderPrinter(tmp_path).status()
    finally:
        os.chmod(tmp_path, 0o700)

    assert status.condition == PrinterCondition.UNREACHABLE


async def test_a_writable_folder_is_ready(tmp_path: Path) -> None:
    assert (await FolderPrinter(tmp_path).status()).condition == PrinterCondition.READY


async def test_the_folder_knows_what_it_received(tmp_path: Path) -> None:
    printer = FolderPrinter(tmp_path)
    await printer.print_document(document("EC-1 label print 1"))

    assert await printer.has_received("EC-1 label print 1") is True
    assert await printer.has_received("EC-1 label print 2") is False


def test_file_names_are_safe_everywhere() -> None:
    assert safe_file_name("EC-1 label/../..\\x:*?") == "EC-1_label_.._.._x"
    assert safe_file_name("...") == "document"
    assert len(safe_file_name("x" * 500)) == 80
