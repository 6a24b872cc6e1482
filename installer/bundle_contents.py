"""What goes into the frozen app besides the Python code PyInstaller finds by itself.

Used by `packstation.spec` (PyInstaller puts the spec's folder on sys.path) and by
tests/installer. PyInstaller's Qt hooks collect every plugin of every Qt module they see (EGLFS,
VNC, GTK theme, virtual keyboard...), and on Linux they copy system libraries from the build
machine into the bundle. Here the bundle keeps only the plugins packstation loads, the Qt
libraries those still need, and no Linux system library: the .deb takes those from Debian
(`Depends`), so they get Debian's security updates.
"""

from __future__ import annotations

import posixpath
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import PurePosixPath

TocEntry = tuple[str, str, str]  # PyInstaller's (destination, source, type code)

EVERY_PLUGIN = frozenset({"*"})

# Qt plugin folder -> plugin names kept ("lib" prefix and suffix removed). Folders not listed are
# dropped. Names cover Linux, Windows (qwindows) and macOS (qcocoa); absent ones are ignored.
QT_PLUGINS_KEPT: dict[str, frozenset[str]] = {
    "platforms": frozenset({"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"}),
    "xcbglintegrations": EVERY_PLUGIN,
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": EVERY_PLUGIN,
    "wayland-graphics-integration-client": frozenset({"qt-plugin-wayland-egl"}),
    "printsupport": EVERY_PLUGIN,
    "imageformats": EVERY_PLUGIN,
    "iconengines": EVERY_PLUGIN,
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
}

# Python packages the app never imports at run time but that PyInstaller would follow from
# optional imports (pydantic's mypy plugin, pydantic.v1's hypothesis plugin, ...), and Qt
# bindings packstation does not use.
EXCLUDED_MODULES = [
    "tkinter",
    "readline",
    "curses",
    "mypy",
    "hypothesis",
    "pytest",
    "_pytest",
    "keyrings.alt",
    "PySide6.QtNetwork",
    "PySide6.QtDBus",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.Qt3DCore",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
]

# uvicorn picks these by name from its Config strings (http="h11", loop="asyncio",
# lifespan="off"); the contrib hook collects all of uvicorn, these are named for clarity.
HIDDEN_IMPORTS = [
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.loops.asyncio",
    "uvicorn.lifespan.off",
    "uvicorn.logging",
]

QT_PLUGIN_ROOT = PurePosixPath("PySide6/Qt/plugins")
QT_TRANSLATIONS = PurePosixPath("PySide6/Qt/translations")
QT_LIBRARY_PREFIX = "libQt6"
SYSTEM_LIBRARY_ROOTS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")


def plugin_name(file_name: str) -> str:
    stem = file_name.split(".")[0]
    return stem.removeprefix("lib")


def keeps_qt_plugin(dest: str) -> bool:
    path = PurePosixPath(dest.replace("\\", "/"))
    if QT_PLUGIN_ROOT not in path.parents:
        return True
    folder = path.relative_to(QT_PLUGIN_ROOT).parts[0]
    kept = QT_PLUGINS_KEPT.get(folder)
    if kept is None:
        return False
    return kept is EVERY_PLUGIN or plugin_name(path.name) in kept


def keeps_translation(dest: str) -> bool:
    """Only Qt's own `qtbase_*` catalogues (standard buttons and dialogs) are loaded."""
    path = PurePosixPath(dest.replace("\\", "/"))
    return path.parent != QT_TRANSLATIONS or path.name.startswith("qtbase_")


def is_system_library(entry: TocEntry) -> bool:
    """A shared library found in the system's folders. Never libpython or a Python extension
    module: with Debian's own Python those live there too, and the bundle must carry them."""
    dest, source, kind = entry
    if kind != "BINARY" or PurePosixPath(dest).name.startswith("libpython"):
        return False
    return source.startswith(SYSTEM_LIBRARY_ROOTS)


def needed_libraries(binary: str) -> set[str]:
    """The DT_NEEDED sonames of an ELF file (objdump is required by PyInstaller on Linux)."""
    objdump = shutil.which("objdump") or "/usr/bin/objdump"
    output = subprocess.run(  # noqa: S603 (a fixed tool on a file of the bundle)
        [objdump, "-p", binary], capture_output=True, text=True, check=False
    ).stdout
    return {line.split()[1] for line in output.splitlines() if line.strip().startswith("NEEDED")}


def unused_qt_libraries(binaries: Iterable[tuple[str, str]]) -> set[str]:
    """Destination names of Qt libraries nothing else kept in the bundle links against.

    `binaries` are (destination, source) pairs. Repeats until stable: dropping a library can
    orphan the ones only it needed (EGLFS integration -> KMS support).
    """
    entries = dict(binaries)
    needs = {dest: needed_libraries(source) for dest, source in entries.items()}
    kept = set(entries)
    while True:
        wanted = set().union(*(needs[dest] for dest in kept))
        orphans = {
            dest
            for dest in kept
            if PurePosixPath(dest).name.startswith(QT_LIBRARY_PREFIX)
            and PurePosixPath(dest).name not in wanted
        }
        if not orphans:
            return set(entries) - kept
        kept -= orphans


def resolves(entry: TocEntry, collected: set[str]) -> bool:
    """A SYMLINK entry's source is its target, relative to the link's folder."""
    dest, target, kind = entry
    if kind != "SYMLINK":
        return True
    return posixpath.normpath(posixpath.join(posixpath.dirname(dest), target)) in collected


def prune(
    binaries: list[TocEntry], datas: list[TocEntry], *, linux: bool
) -> tuple[list[TocEntry], list[TocEntry]]:
    """The Analysis' binaries and datas without what packstation does not load (see above)."""
    binaries = [entry for entry in binaries if keeps_qt_plugin(entry[0])]
    datas = [entry for entry in datas if keeps_qt_plugin(entry[0]) and keeps_translation(entry[0])]
    if linux:
        binaries = [entry for entry in binaries if not is_system_library(entry)]
        unused = unused_qt_libraries(
            (dest, source) for dest, source, kind in binaries if kind != "SYMLINK"
        )
        binaries = [entry for entry in binaries if entry[0] not in unused]
    collected = {dest for dest, _, kind in binaries + datas if kind != "SYMLINK"}
    return (
        [entry for entry in binaries if resolves(entry, collected)],
        [entry for entry in datas if resolves(entry, collected)],
    )
