"""The version comes from one place (pyproject.toml) and reaches every installer in its own form."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from importlib.metadata import version as installed_version

import pytest
from release_version import (
    WINDOWS_VERSION_INFO,
    debian_version,
    package_version,
    windows_version_info,
    windows_version_numbers,
)

from tests.installer.paths import INSTALLER

PEP440_ASCENDING = [
    "1.0.dev1",
    "1.0a1",
    "1.0b2",
    "1.0rc1.dev1",
    "1.0rc1",
    "1.0",
    "1.0.post1.dev2",
    "1.0.post1",
    "1.0.1",
    "1.1",
]


@pytest.mark.parametrize(
    ("pep440", "debian"),
    [
        ("0.1.0", "0.1.0"),
        ("1.2.0rc1", "1.2.0~rc1"),
        ("1.2.0.dev3", "1.2.0~~dev3"),
        ("1.2.0rc1.dev3", "1.2.0~rc1~dev3"),
        ("1.2.0.post1", "1.2.0+post1"),
        ("1!2.0", "1:2.0"),
        ("2.0+station.7", "2.0+station.7"),
    ],
)
def test_debian_version(pep440: str, debian: str) -> None:
    assert debian_version(pep440) == debian


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="dpkg is not installed")
def test_debian_versions_sort_as_pep440_does() -> None:
    versions = [debian_version(v) for v in PEP440_ASCENDING]
    for lower, higher in itertools.pairwise(versions):
        compared = subprocess.run(["dpkg", "--compare-versions", lower, "lt", higher], check=False)
        assert compared.returncode == 0, f"dpkg does not sort {lower} before {higher}"


@pytest.mark.parametrize(
    ("pep440", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("2.5", (2, 5, 0, 0)), ("1.2.3.4.5", (1, 2, 3, 4))],
)
def test_windows_version_numbers(pep440: str, numbers: tuple[int, ...]) -> None:
    assert windows_version_numbers(pep440) == numbers


def test_the_venv_has_the_pyproject_version() -> None:
    # `packstation --version` and the frozen app's copy of the metadata read the installed one.
    assert installed_version("packstation") == package_version()


def test_checked_in_windows_version_info_is_current() -> None:
    expected = windows_version_info(package_version())
    assert WINDOWS_VERSION_INFO.read_text(encoding="utf-8") == expected, (
        "run scripts/build-installer.sh (or installer/release_version.py "
        "--write-windows-version-info) and commit installer/windows/version_info.txt"
    )


def test_windows_version_info_is_a_pyinstaller_version_structure() -> None:
    """PyInstaller eval()s the file with its versioninfo classes (which need pefile, absent
    here): evaluate it with stand-ins that keep the fixed numbers and the strings."""
    fixed: dict[str, object] = {}
    strings: dict[str, str] = {}

    def ignore(*args: object, **kwargs: object) -> None:
        return None

    constructors = {
        "VSVersionInfo": ignore,
        "FixedFileInfo": lambda **fields: fixed.update(fields),
        "StringFileInfo": ignore,
        "StringTable": ignore,
        "StringStruct": lambda key, value: strings.update({key: value}),
        "VarFileInfo": ignore,
        "VarStruct": ignore,
    }
    text = WINDOWS_VERSION_INFO.read_text(encoding="utf-8")
    eval(text, constructors)  # our own generated file, with stand-in constructors
    assert fixed["filevers"] == fixed["prodvers"] == windows_version_numbers(package_version())
    assert strings["ProductVersion"] == strings["FileVersion"] == package_version()
    assert strings["OriginalFilename"] == "packstation.exe"


def test_inno_setup_script_takes_the_version_from_the_bundle_and_keeps_user_data() -> None:
    script = (INSTALLER / "windows" / "packstation.iss").read_text(encoding="utf-8")
    assert 'GetStringFileInfo(BundleDir + "\\packstation.exe", "ProductVersion")' in script
    assert package_version() not in script
    sections = [line.strip() for line in script.splitlines() if line.startswith("[")]
    assert "[UninstallDelete]" not in sections  # packers' data is never removed
