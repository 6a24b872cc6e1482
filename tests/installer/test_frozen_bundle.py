"""The bundle and .deb the README's build command makes, checked before installing: name and
version, what the bundle holds and leaves out, and Depends against its libraries."""

from __future__ import annotations

import re

import pytest
from release_version import debian_version, package_version

from tests.installer.deb_harness import BUILDS_THE_INSTALLER, Build, check, say
from tests.installer.paths import REPO
from tests.installer.system_libraries import (
    depends,
    external_sonames,
    highest_glibc,
    library_paths,
    owning_packages,
)

pytestmark = BUILDS_THE_INSTALLER
# Depends a build need not link against: fonts (found through fontconfig), and the libraries
# of Python's stdlib extension modules, which some Python builds carry inside themselves (uv's
# managed Python links OpenSSL, SQLite... statically; pyenv's and Debian's link Debian's, and
# only Debian's links libexpat1).
NOT_ALWAYS_LINKED = {"fonts-dejavu-core"}
NOT_ALWAYS_LINKED |= {"libssl3", "libsqlite3-0", "libffi8", "libbz2-1.0", "liblzma5", "libuuid1"}
NOT_ALWAYS_LINKED |= {"libexpat1"}


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
