"""The installer, end to end on this machine: build the bundle and the .deb with the README's
one command, install it with apt, run the installed app, upgrade it over itself, remove and
purge it; a packer's data directory must come through untouched.

Needs root, dpkg and apt (CI runs `./dev test` as root); about a minute, most of it PyInstaller.
The tests run in file order on one installation; the package is purged at the end even when a
test fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from release_version import debian_version, package_version

from tests.installer.paths import REPO
from tests.installer.system_libraries import (
    depends,
    elf_files,
    external_sonames,
    highest_glibc,
    library_paths,
    owning_packages,
)

PACKAGE = "packstation"
INSTALL_DIR = Path("/opt/packstation")
COMMAND = Path("/usr/bin/packstation")
DESKTOP_FILE = Path("/usr/share/applications/packstation.desktop")
# Depends a build need not link against: fonts (found through fontconfig), and the libraries
# of Python's stdlib extension modules, which some Python builds carry inside themselves (uv's
# managed Python links OpenSSL, SQLite... statically; pyenv's and Debian's link Debian's, and
# only Debian's links libexpat1).
NOT_ALWAYS_LINKED = {"fonts-dejavu-core"}
NOT_ALWAYS_LINKED |= {"libssl3", "libsqlite3-0", "libffi8", "libbz2-1.0", "liblzma5", "libuuid1"}
NOT_ALWAYS_LINKED |= {"libexpat1"}
TOOLS = ("dpkg", "dpkg-deb", "dpkg-query", "apt-get", "objdump", "ldconfig")
TOOLS += ("desktop-file-validate",)
BUILD_TIMEOUT = 600
RUN_TIMEOUT = 120


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
    if package_status():
        return "packstation is already installed here: the test would replace and remove it"
    return None


pytestmark = [
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


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    out = tmp_path_factory.mktemp("installer")
    started = time.monotonic()
    result = run(
        [str(REPO / "scripts" / "build-installer.sh"), str(out)],
        env=build_env(),
        timeout=BUILD_TIMEOUT,
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    debs = list(out.glob("packstation_*.deb"))
    assert len(debs) == 1, f"expected one .deb in {out}: {debs}"
    return Build(deb=debs[0], bundle=out / "packstation", seconds=seconds)


@pytest.fixture(scope="module")
def user_home(tmp_path_factory: pytest.TempPathFactory) -> UserHome:
    home = tmp_path_factory.mktemp("packer-home")
    (home / "run").mkdir(mode=0o700)
    markers = {
        home / ".local/share/packstation/MARKER": "journal and labels live here\n",
        home / ".config/packstation/MARKER": "settings live here\n",
    }
    for path, content in markers.items():
        path.parent.mkdir(parents=True)
        path.write_text(content, encoding="utf-8")
    return UserHome(home=home, marker_files=markers)


@pytest.fixture(scope="module")
def installed(build: Build) -> Iterator[Build]:
    try:
        check(["apt-get", "install", "-y", "-q", str(build.deb)], timeout=300)
        yield build
    finally:
        if package_status():
            run(["apt-get", "purge", "-y", "-q", PACKAGE], timeout=300)


def test_build_names_the_deb_after_the_package_version(
    build: Build, capsys: pytest.CaptureFixture[str]
) -> None:
    arch = check(["dpkg", "--print-architecture"]).stdout.strip()
    assert build.deb.name == f"packstation_{debian_version(package_version())}_{arch}.deb"
    assert check(["dpkg-deb", "-f", str(build.deb), "Version"]).stdout.strip() == (
        debian_version(package_version())
    )
    files = [p for p in build.bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    bundle_mb = sum(p.stat().st_size for p in files) / 1e6
    say(
        capsys,
        f"build {build.seconds:.0f} s, bundle {bundle_mb:.0f} MB, "
        f".deb {build.deb.stat().st_size / 1e6:.0f} MB",
    )


def test_bundle_holds_the_app_its_resources_and_only_the_qt_it_uses(build: Build) -> None:
    internal = build.bundle / "_internal"
    files = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    version = package_version()
    for expected in [
        "packstation/resources/style.qss",
        "packstation/resources/icons/packstation-256.png",
        "packstation/resources/sounds/success.wav",
        "reportlab/fonts/Vera.ttf",
        f"packstation-{version}.dist-info/METADATA",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/lib/libQt6PrintSupport.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/translations/qtbase_de.qm",
    ]:
        assert expected in files, expected
    # keyring finds its backends through its entry points
    assert any(re.fullmatch(r"keyring-[\d.]+\.dist-info/entry_points\.txt", f) for f in files)
    unwanted = re.compile(
        r"Qt6(WebEngine|Quick|Qml|3D|Multimedia|Designer|EglFS)|platforms/libq(eglfs|vnc)"
        r"|platformthemes|/(mypy|hypothesis|pytest|keyrings)/|^lib(c|X11|xcb|cups|ssl)\.so"
    )
    assert not [f for f in files if unwanted.search(f)]
    for name in ("settings.json", "journal.sqlite3", "demo-sandbox.json", ".env"):
        assert not [f for f in files if f.endswith(name)], f"{name} must never be bundled"


def test_bundle_carries_the_modules_found_only_at_run_time(build: Build) -> None:
    viewer = REPO / ".venv" / "bin" / "pyi-archive_viewer"
    listing = check([str(viewer), "--list", "--recursive", str(build.bundle / "packstation")])
    for module in [
        "packstation.sandbox.server",
        "packstation.smoke",
        "uvicorn.protocols.http.h11_impl",
        "uvicorn.loops.asyncio",
        "uvicorn.lifespan.off",
        "keyring.backends.SecretService",
        "keyring.backends.libsecret",
        "secretstorage",
        "reportlab.graphics.barcode.code128",
    ]:
        assert f"'{module}'" in listing.stdout, module
    assert "'packstation.resources.make_icons'" not in listing.stdout  # a developer tool


def test_depends_names_exactly_the_packages_of_the_system_libraries(build: Build) -> None:
    paths = library_paths()
    sonames = external_sonames(build.bundle)
    unresolved = sorted(name for name in sonames if name not in paths)
    assert not unresolved, f"not installed here, so not checked: {unresolved}"
    owners = owning_packages([paths[name] for name in sonames])
    declared = depends(build.deb)
    missing = sorted({owners[paths[name]] for name in sonames} - set(declared))
    assert not missing, f"Depends lacks {missing}"
    stale = sorted(set(declared) - set(owners.values()) - NOT_ALWAYS_LINKED)
    assert not stale, f"Depends names packages no library of the bundle needs: {stale}"
    glibc = highest_glibc(build.bundle)
    assert declared["libc6"] == f">= {glibc[0]}.{glibc[1]}"


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


def test_installed_window_cold_start(
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
    check(["apt-get", "install", "-y", "-q", "--reinstall", str(installed.deb)], timeout=300)
    assert package_status() == "install ok installed"
    assert check([str(COMMAND), "--version"], env=user_home.env()).stdout.strip() == (
        f"packstation {package_version()}"
    )
    user_home.assert_untouched()
    assert (user_home.data_dir / "journal.sqlite3").is_file()


def test_remove_and_purge_leave_user_data_alone(installed: Build, user_home: UserHome) -> None:
    check(["apt-get", "remove", "-y", "-q", PACKAGE], timeout=300)
    assert not COMMAND.exists()
    assert not INSTALL_DIR.exists()
    assert not DESKTOP_FILE.exists()
    check(["apt-get", "purge", "-y", "-q", PACKAGE], timeout=300)
    assert package_status() == ""
    assert not INSTALL_DIR.exists()
    user_home.assert_untouched()
    assert (user_home.data_dir / "journal.sqlite3").is_file()
