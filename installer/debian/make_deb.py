"""Wrap the one-folder bundle into a Debian package.

    python installer/debian/make_deb.py BUNDLE_DIR OUT_DIR

Layout: the bundle in /opt/packstation, `/usr/bin/packstation` a link to its executable, the
.desktop entry in /usr/share/applications, icons in the hicolor theme, the copyright file in
/usr/share/doc/packstation. dpkg triggers (desktop-file-utils, the icon cache) refresh the menu;
the one maintainer script, postrm, never touches users' data. Prints the .deb's path.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from release_version import debian_version, package_version  # noqa: E402

PACKAGE = "packstation"
INSTALL_DIR = Path("opt") / PACKAGE
DESKTOP_FILE = ROOT / "resources" / "packstation.desktop"
SCALABLE_ICON = ROOT / "resources" / "icons" / "packstation.svg"
PNG_ICONS = ROOT / "packstation" / "resources" / "icons"
MAINTAINER_SCRIPTS = ("postrm",)
# zstd (dpkg >= 1.21.18, Debian 12): a 150 MB bundle packs in ~2 s; xz saves ~25% in over a minute.
COMPRESSION = ["-Zzstd", "-z3"]


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} is missing: run scripts/install-system-deps.sh as root")
    return path


def architecture() -> str:
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [tool("dpkg"), "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def installed_size_kib(tree: Path) -> int:
    total = sum(path.lstat().st_size for path in tree.rglob("*") if not path.is_dir())
    return -(-total // 1024)


def render_control(version: str, arch: str, size_kib: int) -> str:
    template = Template((HERE / "control.in").read_text(encoding="utf-8"))
    return template.substitute(version=version, architecture=arch, installed_size=size_kib)


def stage_files(bundle: Path, root: Path) -> None:
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    (root / "usr/bin" / PACKAGE).symlink_to(Path("/") / INSTALL_DIR / PACKAGE)
    applications = root / "usr/share/applications"
    applications.mkdir(parents=True)
    shutil.copy(DESKTOP_FILE, applications / f"{PACKAGE}.desktop")
    icons = root / "usr/share/icons/hicolor"
    for png in sorted(PNG_ICONS.glob(f"{PACKAGE}-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        target = icons / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy(png, target / f"{PACKAGE}.png")
    (icons / "scalable/apps").mkdir(parents=True)
    shutil.copy(SCALABLE_ICON, icons / "scalable/apps" / f"{PACKAGE}.svg")
    doc = root / "usr/share/doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copy(HERE / "copyright", doc / "copyright")


def md5sums(root: Path) -> str:
    lines = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {path.relative_to(root).as_posix()}\n")
    return "".join(lines)


def stage_control(root: Path, version: str) -> None:
    control = root / "DEBIAN"
    control.mkdir()
    size = installed_size_kib(root)
    (control / "md5sums").write_text(md5sums(root), encoding="utf-8")
    (control / "control").write_text(render_control(version, architecture(), size), "utf-8")
    for script in MAINTAINER_SCRIPTS:
        shutil.copy(HERE / script, control / script)
        (control / script).chmod(0o755)


def normalise_modes(root: Path) -> None:
    """dpkg-deb refuses group- or world-writable control files; keep the tree 0755/0644."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        executable = path.is_dir() or os.access(path, os.X_OK)
        path.chmod(0o755 if executable else 0o644)


def build_deb(bundle: Path, out_dir: Path) -> Path:
    version = debian_version(package_version())
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{architecture()}.deb"
    with tempfile.TemporaryDirectory(prefix="packstation-deb-", dir=out_dir) as staging:
        root = Path(staging) / "root"
        stage_files(bundle, root)
        stage_control(root, version)
        normalise_modes(root)
        subprocess.run(  # noqa: S603 (our own staging tree and output path)
            [tool("dpkg-deb"), "--root-owner-group", *COMPRESSION, "--build", str(root), str(deb)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle", type=Path, help="the PyInstaller one-folder output")
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    sys.stdout.write(f"{build_deb(args.bundle, args.out_dir)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
