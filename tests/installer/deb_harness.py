"""Running the installer's build and the installed app from tests: tools, skip reasons, a
packer's home, subprocess helpers."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "packstation"
TOOLS = ("dpkg", "dpkg-deb", "dpkg-query", "apt-get", "objdump", "ldconfig")
TOOLS += ("desktop-file-validate",)
BUILD_TIMEOUT = 600
RUN_TIMEOUT = 120
APT_GET = ["apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=120"]
# Several checkouts may run the suite on one machine; the package is system-wide.
MACHINE_LOCK = Path("/run/lock" if Path("/run/lock").is_dir() else "/tmp") / "packstation-deb.lock"


def package_status() -> str:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", PACKAGE], capture_output=True, text=True, check=False
    )
    return result.stdout if result.returncode == 0 else ""


def skip_reason() -> str | None:
    if not sys.platform.startswith("linux"):
        return "the .deb is built and installed on Debian only"
    if os.geteuid() != 0:
        return "installs a .deb system-wide: needs root (CI runs ./dev test as root)"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"missing {', '.join(missing)}: run scripts/install-system-deps.sh test as root"
    return None


@contextmanager
def machine_lock() -> Iterator[None]:
    """One installation test at a time on this machine (another run waits here)."""
    with MACHINE_LOCK.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


# The marks of every test that builds the bundle (and installs it).
BUILDS_THE_INSTALLER = [
    pytest.mark.slow,
    pytest.mark.timeout(BUILD_TIMEOUT + 300),
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]


@dataclass(frozen=True)
class Build:
    deb: Path
    bundle: Path
    seconds: float


@dataclass(frozen=True)
class UserHome:
    """A packer's home with data the package must never touch."""

    home: Path
    marker_files: dict[Path, str]

    @property
    def data_dir(self) -> Path:
        return self.home / ".local" / "share" / "packstation"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_RUNTIME_DIR": str(self.home / "run"),
            "LANG": "C.UTF-8",
            **extra,
        }

    def assert_untouched(self) -> None:
        for path, content in self.marker_files.items():
            assert path.read_text(encoding="utf-8") == content, f"{path} was changed or removed"


def build_env() -> dict[str, str]:
    """The test session's environment without its test-only settings (a plaintext keyring
    backend the bundle does not carry, PACKSTATION_* overrides)."""
    return {
        key: value
        for key, value in os.environ.items()
        if key != "PYTHON_KEYRING_BACKEND" and not key.startswith("PACKSTATION_")
    }


def run(
    args: list[str], *, env: dict[str, str] | None = None, timeout: float = RUN_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, env=env, timeout=timeout, check=False, cwd="/"
    )


def check(
    args: list[str], *, env: dict[str, str] | None = None, timeout: float = RUN_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    result = run(args, env=env, timeout=timeout)
    assert result.returncode == 0, f"{args}: {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def say(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n    installer: {line}", end="")
