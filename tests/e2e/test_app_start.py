"""`run_gui` as the packer starts it: demo mode with no API key, then closing the window."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.e2e

# Closes the window as soon as a station is attached, then reports what the packer saw.
DRIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from packstation.app import qt_application, run_gui
    from packstation.config import StationSettings
    from packstation.ui.main_window import MainWindow

    qt_application()

    def close_once_attached():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.packing_page is not None:
                print("banner:", widget.demo_banner.text(), flush=True)
                print("orders:", widget.packing_page.demo_orders is not None, flush=True)
                widget.close()
                return
        QTimer.singleShot(100, close_once_attached)

    QTimer.singleShot(100, close_once_attached)
    print("exit:", run_gui(StationSettings(data_dir=Path(sys.argv[1]))), flush=True)
    """
)


def test_the_app_starts_the_demo_sandbox_and_closes_cleanly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")}
    env.update(QT_QPA_PLATFORM="offscreen", PACKSTATION_CONFIG_DIR=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(tmp_path / "data")],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "banner: Demo: built-in sandbox, nothing is sent to carriers",
        "orders: True",
        "exit: 0",
    ]
    assert (tmp_path / "data" / "journal.sqlite3").exists()


def test_smoke_passes_headless(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACKSTATION_", "DISPLAY"))}
    env.pop("QT_QPA_PLATFORM", None)  # --smoke must choose offscreen by itself
    env.update(PACKSTATION_DATA_DIR=str(tmp_path / "never-touched"), HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "packstation", "--smoke"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "smoke: OK"
    assert not (tmp_path / "never-touched").exists()
