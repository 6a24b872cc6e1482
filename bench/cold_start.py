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


def measure(
    command: list[str], *, url: str, key: str, trials: int
) -> tuple[list[float], list[float]]:
    """(wall seconds to the first turn, CPU seconds of the whole process) per start. The CPU
    figure includes the orderly shutdown after the probe; it does not depend on other load."""
    times: list[float] = []
    cpu: list[float] = []
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
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode != 0:
                raise RuntimeError(f"{command} exited with {process.returncode}")
            times.append(float(probe.read_text()) - started)
            cpu.append(usage.ru_utime + usage.ru_stime)
    return times, cpu
