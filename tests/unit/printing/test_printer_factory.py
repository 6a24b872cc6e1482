from __future__ import annotations

from pathlib import Path

import pytest

from packstation.printing.cups import CupsPrinter
from packstation.printing.factory import DefaultPrinterFactory
from packstation.printing.folder import FolderPrinter
from packstation.printing.protocol import Printer
from packstation.printing.raw_tcp import RawTcpPrinter
from packstation.printing.windows_spooler import SpoolerJob, WindowsSpoolerPrinter


def test_each_kind_of_target_opens_its_printer(tmp_path: Path) -> None:
    factory = DefaultPrinterFactory(platform="linux")

    assert isinstance(factory.open(f"file:{tmp_path}"), FolderPrinter)
    assert isinstance(factory.open("tcp://10.0.0.5:9100"), RawTcpPrinter)
    assert isinstance(factory.open("cups:Zebra"), CupsPrinter)
    bare = factory.open("Zebra")
    assert isinstance(bare, CupsPrinter) and bare.target == "Zebra"


def test_qt_queues_need_the_hook_from_the_desktop_app() -> None:
    with pytest.raises(ValueError, match="print support"):
        DefaultPrinterFactory(platform="linux").open("qt:Zebra")


class NoSpooler:
    def printer_state(self, queue: str) -> tuple[int, int]:
        raise OSError("not here")

    def write_raw(self, queue: str, document_name: str, data: bytes) -> int:
        raise OSError("not here")

    def jobs(self, queue: str) -> list[SpoolerJob]:
        return []

    def cancel(self, queue: str, job_id: int) -> bool:
        return False


def test_os_queues_on_windows_go_through_the_qt_hook_with_the_spooler_for_zpl() -> None:
    opened: list[tuple[str, str, Printer | None]] = []

    def opener(queue: str, target: str, raw: Printer | None) -> Printer:
        opened.append((queue, target, raw))
        return CupsPrinter(queue)

    factory = DefaultPrinterFactory(
        qt_queue_opener=opener, windows_spooler=NoSpooler(), platform="win32"
    )
    factory.open("Zebra ZD420")

    ((queue, target, raw),) = opened
    assert (queue, target) == ("Zebra ZD420", "Zebra ZD420")
    assert isinstance(raw, WindowsSpoolerPrinter)


def test_without_qt_windows_queues_take_raw_zpl_through_the_spooler() -> None:
    factory = DefaultPrinterFactory(windows_spooler=NoSpooler(), platform="win32")

    assert isinstance(factory.open("Zebra ZD420"), WindowsSpoolerPrinter)


def test_qt_queues_on_linux_get_cups_for_raw_zpl_and_job_state() -> None:
    raws: list[Printer | None] = []

    def opener(queue: str, target: str, raw: Printer | None) -> Printer:
        raws.append(raw)
        return CupsPrinter(queue)

    DefaultPrinterFactory(qt_queue_opener=opener, platform="linux").open("qt:Zebra")

    assert isinstance(raws[0], CupsPrinter)


def test_malformed_targets_raise_value_error() -> None:
    with pytest.raises(ValueError, match="tcp://HOST:9100"):
        DefaultPrinterFactory().open("tcp://zebra:9100/queue")
