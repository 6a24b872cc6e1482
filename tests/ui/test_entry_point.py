from __future__ import annotations

import subprocess
import sys

import pytest

from packstation import __version__
from packstation.__main__ import main


def test_version_answers_without_importing_qt() -> None:
    code = (
        "import sys\n"
        "from packstation.__main__ import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('qt loaded' if 'PySide6' in sys.modules else 'no qt')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert done.stdout.splitlines() == [f"packstation {__version__}", "no qt"]


def test_the_sub_commands_are_the_clis(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    usage = capsys.readouterr().out
    for command in ("pack", "manifest", "journal", "reprint", "cancel", "--smoke", "--version"):
        assert command in usage
