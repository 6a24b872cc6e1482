"""Which Debian packages a bundle's ELF files need, read with the system's own tools."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from bundle_contents import needed_libraries

ELF_MAGIC = b"\x7fELF"
GLIBC_VERSION = re.compile(rb"GLIBC_(\d+)\.(\d+)")


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == ELF_MAGIC:
                    found.append(path)
    return sorted(found)


def external_sonames(folder: Path) -> set[str]:
    """Sonames some ELF file in `folder` links against that the folder does not hold."""
    inside = {path.name for path in folder.rglob("*")}
    needed: set[str] = set().union(*(needed_libraries(str(path)) for path in elf_files(folder)))
    return needed - inside


def library_paths() -> dict[str, str]:
    """soname -> path, from the dynamic linker's cache."""
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True)
    paths: dict[str, str] = {}
    for line in listing.stdout.splitlines()[1:]:
        described, _, path = line.strip().partition(" => ")
        paths.setdefault(described.split()[0], path)
    return paths


def owning_packages(paths: list[str]) -> dict[str, str]:
    """path -> Debian package (without the architecture), for the paths dpkg knows about."""
    candidates = {candidate: path for path in paths for candidate in (path, _resolved(path))}
    output = subprocess.run(
        ["dpkg", "-S", *candidates], capture_output=True, text=True, check=False
    ).stdout
    owners: dict[str, str] = {}
    for line in output.splitlines():
        packages, _, path = line.partition(": ")
        if path in candidates:
            owners[candidates[path]] = packages.split(",")[0].split(":")[0].strip()
    return owners


def _resolved(path: str) -> str:
    return str(Path(path).resolve())


def depends(deb: Path) -> dict[str, str]:
    """The .deb's Depends: package -> version constraint ("" when there is none)."""
    field = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True, check=True
    ).stdout
    result = {}
    for item in field.replace("\n", " ").split(","):
        name, _, constraint = item.strip().partition(" ")
        result[name] = constraint.strip("() ")
    return result


def highest_glibc(folder: Path) -> tuple[int, int]:
    """The newest GLIBC_x.y symbol version any ELF file in `folder` asks for."""
    versions = {(0, 0)}
    for path in elf_files(folder):
        for major, minor in GLIBC_VERSION.findall(path.read_bytes()):
            versions.add((int(major), int(minor)))
    return max(versions)
