"""The installer, end to end on this machine: build the bundle and the .deb with the README's
one command, install it with apt, run the installed app, upgrade it over itself, remove and
purge it; a packer's data directory must come through untouched.

Needs root, dpkg and apt (CI runs `./dev test` as root); about a minute, most of it PyInstaller.
The tests run in file order on one installation; the package is purged at the end even when a
test fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from release_version import package_version

from tests.installer.deb_harness import (
    APT_GET,
    BUILDS_THE_INSTALLER,
    PACKAGE,
    RUN_TIMEOUT,
    Build,
    UserHome,
    check,
    machine_lock,
    package_status,
    run,
    say,
)
from tests.installer.system_libraries import elf_files

pytestmark = BUILDS_THE_INSTALLER
INSTALL_DIR = Path("/opt/packstation")
COMMAND = Path("/usr/bin/packstation")
DESKTOP_FILE = Path("/usr/share/applications/packstation.desktop")


@pytest.fixture(scope="module")
def installed(build: Build) -> Iterator[Build]:
    with machine_lock():
        if package_status():
            pytest.skip("packstation is installed here (not by this test): it is left alone")
        try:
            check([*APT_GET, "install", str(build.deb)], timeout=300)
            yield build
        finally:
            if package_status():
                run([*APT_GET, "purge", PACKAGE], timeout=300)


def test_installs_with_apt(installed: Build) -> None:
    assert package_status() == "install ok installed"
    assert COMMAND.resolve() == INSTALL_DIR / "packstation"
    assert shutil.which("packstation") == str(COMMAND)


def test_installed_command_prints_the_package_version(
    installed: Build, user_home: UserHome, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    result = check([str(COMMAND), "--version"], env=user_home.env())
    seconds = time.monotonic() - started
    assert result.stdout.strip() == f"packstation {package_version()}"
    say(capsys, f"installed `packstation --version` {seconds:.2f} s")


def test_installed_app_passes_its_smoke_test_offscreen(
    installed: Build, user_home: UserHome, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    process = subprocess.Popen(
        [str(COMMAND), "--smoke"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=user_home.env(QT_QPA_PLATFORM="offscreen"),
        cwd="/",
    )
    assert process.stdout is not None
    lines, window_shown = [], None
    for line in process.stdout:
        lines.append(line)
        if window_shown is None and "open the main window" in line:
            window_shown = time.monotonic() - started
    returncode = process.wait(RUN_TIMEOUT)
    seconds = time.monotonic() - started
    output = "".join(lines)
    assert returncode == 0, output
    assert "smoke: OK" in output
    say(
        capsys,
        f"installed `packstation --smoke` {seconds:.2f} s, window shown at {window_shown:.2f} s",
    )
    user_home.assert_untouched()


def test_installed_window_start_time(
    installed: Build, user_home: UserHome, capsys: pytest.CaptureFixture[str]
) -> None:
    """The window in demo mode, timed to the first event-loop turn after show() (the app's
    startup probe: it records that moment, then closes the window)."""
    from packstation import app

    probe_env = getattr(app, "STARTUP_PROBE_ENV", None)
    if probe_env is None:
        pytest.skip("this packstation has no startup probe (packstation.app.STARTUP_PROBE_ENV)")
    probe = user_home.home / "startup-probe"
    probe.unlink(missing_ok=True)
    started = time.monotonic()
    check(
        [str(COMMAND)],
        env=user_home.env(QT_QPA_PLATFORM="offscreen", **{probe_env: str(probe)}),
    )
    shown = float(probe.read_text(encoding="ascii")) - started  # CLOCK_MONOTONIC: system-wide
    say(capsys, f"installed window: first event-loop turn after show() at {shown:.2f} s")
    user_home.assert_untouched()


@pytest.mark.parametrize(
    ("platform", "plugin"), [("xcb", "libqxcb.so"), ("wayland", "libqwayland.so")]
)
def test_installed_display_plugins_load(
    installed: Build, user_home: UserHome, platform: str, plugin: str
) -> None:
    """No display here, so Qt stops right after loading the plugin: loading it is what shows
    that Depends brought every library it links against."""
    env = user_home.env(
        QT_QPA_PLATFORM=platform,
        QT_DEBUG_PLUGINS="1",
        DISPLAY=":31999",
        WAYLAND_DISPLAY="packstation-test-no-such-display",
    )
    result = run([str(COMMAND), "--smoke"], env=env)
    assert f'{plugin}" loaded library' in result.stderr, result.stderr[-3000:]
    assert "Cannot load library" not in result.stderr


def test_installed_libraries_all_resolve(installed: Build) -> None:
    unresolved = []
    for path in elf_files(INSTALL_DIR):
        output = run(["ldd", str(path)]).stdout
        unresolved += [
            f"{path}: {line.strip()}" for line in output.splitlines() if "not found" in line
        ]
    assert not unresolved


def test_installed_desktop_entry_validates(installed: Build) -> None:
    check(["desktop-file-validate", str(DESKTOP_FILE)])
    entry = DESKTOP_FILE.read_text(encoding="utf-8")
    assert "Exec=packstation" in entry
    assert "Icon=packstation" in entry
    for size in ("48x48", "128x128", "256x256"):
        assert Path(f"/usr/share/icons/hicolor/{size}/apps/packstation.png").is_file()
    assert Path("/usr/share/icons/hicolor/scalable/apps/packstation.svg").is_file()


def test_installed_app_keeps_its_journal_in_the_users_data_dir(
    installed: Build, user_home: UserHome
) -> None:
    result = check([str(COMMAND), "journal", "--json"], env=user_home.env())
    assert json.loads(result.stdout) == []
    assert (user_home.data_dir / "journal.sqlite3").is_file()
    user_home.assert_untouched()


def test_installed_app_writes_nothing_into_its_install_dir(installed: Build) -> None:
    """After the runs above: no bytecode, cache or log beside the bundle, so removal leaves
    nothing behind and a packer without root can run it."""
    packaged = set(check(["dpkg", "-L", PACKAGE]).stdout.split())
    present = {str(path) for path in INSTALL_DIR.rglob("*")}
    assert sorted(present - packaged) == []


def test_upgrade_over_itself_keeps_user_data(installed: Build, user_home: UserHome) -> None:
    check(["dpkg", "-i", str(installed.deb)], timeout=300)
    check([*APT_GET, "install", "--reinstall", str(installed.deb)], timeout=300)
    assert package_status() == "install ok installed"
    assert check([str(COMMAND), "--version"], env=user_home.env()).stdout.strip() == (
        f"packstation {package_version()}"
    )
    user_home.assert_untouched()
    assert (user_home.data_dir / "journal.sqlite3").is_file()


def test_remove_and_purge_leave_user_data_alone(installed: Build, user_home: UserHome) -> None:
    check([*APT_GET, "remove", PACKAGE], timeout=300)
    assert not COMMAND.exists()
    assert not INSTALL_DIR.exists()
    assert not DESKTOP_FILE.exists()
    check([*APT_GET, "purge", PACKAGE], timeout=300)
    assert package_status() == ""
    assert not INSTALL_DIR.exists()
    user_home.assert_untouched()
    assert (user_home.data_dir / "journal.sqlite3").is_file()
