"""What `packstation` loads before its window shows, and a bad settings file after it shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from packstation.config import SETTINGS_FILE_NAME

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("httpx", "pydantic", "packstation.api", "packstation.runtime", "packstation.workflow")


def test_the_window_module_loads_no_api_client_models_or_workflow() -> None:
    code = (
        "import sys\n"
        "from packstation.pyside_compat import pin_singletons\n"
        "pin_singletons()\n"
        "import packstation.app\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_settings_that_are_not_valid_exit_2_with_the_reason(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / SETTINGS_FILE_NAME).write_text(json.dumps({"label_dpi": "not a number"}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PACKSTATION_CONFIG_DIR=str(config),
        PACKSTATION_DATA_DIR=str(tmp_path / "data"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "packstation"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "are not valid" in done.stderr
    assert "label_dpi" in done.stderr
