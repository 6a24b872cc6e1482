"""Cold start: process start to the first event-loop turn after `show()`.

The app is started as a packer starts it (`packstation`, or the frozen bundle's executable) with
`PACKSTATION_STARTUP_PROBE` set: `packstation.app` writes the monotonic time of the first loop
turn after `window.show()` to that file and closes the window. The start is taken here just
before the process is spawned, so the figure includes the interpreter's own start-up.
The station is configured for a SortedPRO URL (the bench's sandbox), the production path.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

PROBE_ENV = "PACKSTATION_STARTUP_PROBE"


def measure(command: list[str], *, url: str, key: str, trials: int) -> list[float]:
    times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-start-") as folder:
        root = Path(folder)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PACKSTATION_CONFIG_DIR": str(root / "config"),
            "PACKSTATION_DATA_DIR": str(root / "data"),
            "PACKSTATION_API_URL": url,
            "PACKSTATION_API_KEY": key,
            "PACKSTATION_SOUNDS": "false",
        }
        for trial in range(trials):
            probe = root / f"probe-{trial}"
            env[PROBE_ENV] = str(probe)
            started = time.monotonic()
            subprocess.run(command, env=env, check=True, timeout=120, stdout=subprocess.DEVNULL)
            times.append(float(probe.read_text()) - started)
    return times
