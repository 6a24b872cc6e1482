from __future__ import annotations

from pathlib import Path

import pytest

from packstation.printing.targets import (
    FolderTarget,
    QueueBackend,
    QueueTarget,
    TcpTarget,
    parse_target,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("file:/srv/labels", FolderTarget(Path("/srv/labels"))),
        ("file:///srv/my%20labels", FolderTarget(Path("/srv/my labels"))),
        ("file:C:\\Labels", FolderTarget(Path("C:\\Labels"))),
        ("tcp://10.0.0.5:9100", TcpTarget("10.0.0.5", 9100)),
        ("tcp://zebra-1.local", TcpTarget("zebra-1.local", 9100)),
        ("TCP://[fe80::1]:6101", TcpTarget("fe80::1", 6101)),
        ("cups:Zebra_ZD420", QueueTarget("Zebra_ZD420", QueueBackend.CUPS)),
        ("qt:Zebra ZD420 (203 dpi)", QueueTarget("Zebra ZD420 (203 dpi)", QueueBackend.QT)),
        ("  Zebra_ZD420 ", QueueTarget("Zebra_ZD420")),
        ("\\\\printserver\\Zebra", QueueTarget("\\\\printserver\\Zebra")),
        ("Brother: HL-L2350", QueueTarget("Brother: HL-L2350")),
    ],
)
def test_targets_name_what_they_print_to(text: str, expected: object) -> None:
    assert parse_target(text) == expected


def test_a_folder_in_the_home_directory() -> None:
    assert parse_target("file:~/labels") == FolderTarget(Path.home() / "labels")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "file:", "tcp://:9100", "tcp://host:port", "tcp://host:9100/x", "cups:", "qt:"],
)
def test_malformed_targets_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        parse_target(text)


def test_a_tcp_target_prints_back_as_its_address() -> None:
    assert str(TcpTarget("fe80::1", 9100)) == "tcp://[fe80::1]:9100"
    assert str(parse_target("tcp://zebra:9100")) == "tcp://zebra:9100"
