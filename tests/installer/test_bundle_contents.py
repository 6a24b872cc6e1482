"""What the spec keeps from PyInstaller's collection and what it leaves out."""

from __future__ import annotations

import bundle_contents
import pytest
from bundle_contents import (
    is_system_library,
    keeps_qt_plugin,
    keeps_translation,
    prune,
    unused_qt_libraries,
)

PLUGINS = "PySide6/Qt/plugins"


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/platforms/libqxcb.so",
        f"{PLUGINS}/platforms/libqoffscreen.so",
        f"{PLUGINS}/platforms/libqwayland.so",
        f"{PLUGINS}/xcbglintegrations/libqxcb-glx-integration.so",
        f"{PLUGINS}/wayland-shell-integration/libxdg-shell.so",
        f"{PLUGINS}/printsupport/libcupsprintersupport.so",
        f"{PLUGINS}/imageformats/libqjpeg.so",
        f"{PLUGINS}/iconengines/libqsvgicon.so",
        f"{PLUGINS}/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6\\Qt\\plugins\\platforms\\qwindows.dll",
        "PySide6\\Qt\\plugins\\printsupport\\windowsprintersupport.dll",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "packstation/resources/style.qss",
    ],
)
def test_keeps(dest: str) -> None:
    assert keeps_qt_plugin(dest)


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/platforms/libqeglfs.so",
        f"{PLUGINS}/platforms/libqvnc.so",
        f"{PLUGINS}/platforms/libqlinuxfb.so",
        f"{PLUGINS}/platformthemes/libqgtk3.so",
        f"{PLUGINS}/egldeviceintegrations/libqeglfs-kms-integration.so",
        f"{PLUGINS}/generic/libqevdevmouseplugin.so",
        f"{PLUGINS}/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        f"{PLUGINS}/wayland-shell-integration/libivi-shell.so",
        f"{PLUGINS}/tls/libqopensslbackend.so",
        f"{PLUGINS}/networkinformation/libqnetworkmanager.so",
    ],
)
def test_leaves_out(dest: str) -> None:
    assert not keeps_qt_plugin(dest)


def test_only_qtbase_translations() -> None:
    assert keeps_translation("PySide6/Qt/translations/qtbase_de.qm")
    assert not keeps_translation("PySide6/Qt/translations/qt_help_de.qm")
    assert not keeps_translation("PySide6/Qt/translations/qtdeclarative_de.qm")
    assert keeps_translation("packstation/resources/translations/packstation_de.qm")


def test_system_libraries_are_shared_libraries_from_the_system_folders() -> None:
    assert is_system_library(("libX11.so.6", "/lib/x86_64-linux-gnu/libX11.so.6", "BINARY"))
    assert is_system_library(("libcups.so.2", "/usr/lib/x86_64-linux-gnu/libcups.so.2", "BINARY"))
    venv_pil = "/work/main/.venv/lib/python3.11/site-packages/PIL/_imaging.so"
    assert not is_system_library(("PIL/_imaging.so", venv_pil, "EXTENSION"))
    pyenv = "/root/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0"
    assert not is_system_library(("libpython3.11.so.1.0", pyenv, "BINARY"))
    # Debian's own Python: its libpython and stdlib extension modules stay in the bundle
    debian = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"
    assert not is_system_library(("libpython3.11.so.1.0", debian, "BINARY"))
    ssl = "/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so"
    assert not is_system_library(("python3.11/lib-dynload/_ssl.so", ssl, "EXTENSION"))


def test_qt_libraries_only_left_out_plugins_needed_go_too(monkeypatch: pytest.MonkeyPatch) -> None:
    needs = {
        "/src/libqxcb.so": {"libQt6XcbQpa.so.6", "libQt6Gui.so.6"},
        "/src/libQt6XcbQpa.so.6": {"libQt6Gui.so.6"},
        "/src/libQt6Gui.so.6": {"libQt6Core.so.6"},
        "/src/libQt6Core.so.6": set(),
        "/src/libQt6EglFSDeviceIntegration.so.6": {"libQt6EglFsKmsSupport.so.6"},
        "/src/libQt6EglFsKmsSupport.so.6": {"libQt6Gui.so.6"},
    }
    monkeypatch.setattr(bundle_contents, "needed_libraries", lambda source: needs[source])
    binaries = [(f"lib/{source.rsplit('/', 1)[1]}", source) for source in needs]
    binaries[0] = (f"{PLUGINS}/platforms/libqxcb.so", "/src/libqxcb.so")
    assert unused_qt_libraries(binaries) == {
        "lib/libQt6EglFSDeviceIntegration.so.6",
        "lib/libQt6EglFsKmsSupport.so.6",
    }


def test_prune_drops_links_to_what_it_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_contents, "needed_libraries", lambda source: set())
    binaries = [
        (f"{PLUGINS}/platforms/libqeglfs.so", "/venv/libqeglfs.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/venv/libQt6Core.so.6", "BINARY"),
        ("libX11.so.6", "/lib/x86_64-linux-gnu/libX11.so.6", "BINARY"),
    ]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libqeglfs.so", f"{PLUGINS}/platforms/libqeglfs.so", "SYMLINK"),
    ]
    kept_binaries, kept_datas = prune(binaries, datas, linux=True)
    # libQt6Core is needed by nothing in this toy bundle, so it goes as well
    assert kept_binaries == []
    assert kept_datas == []
    kept_binaries, kept_datas = prune(binaries, datas, linux=False)
    assert [dest for dest, _, _ in kept_binaries] == [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "libX11.so.6",
    ]
    assert kept_datas == [datas[0]]
