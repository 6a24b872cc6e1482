#!/usr/bin/env bash
# Build the installer: the one-folder PyInstaller bundle, `packstation --smoke` on the frozen app
# (offscreen; the build stops if it fails), then the .deb.
#   scripts/build-installer.sh [OUT_DIR]     (default installer/dist)
# Leaves OUT_DIR/packstation/ (the bundle) and OUT_DIR/packstation_<version>_<arch>.deb.
# Every build starts clean: nothing is reused from an earlier one.
set -euo pipefail
OUT_DIR="$(realpath -m "${1:-$(dirname "$0")/../installer/dist}")"   # before the cd: as given
cd "$(dirname "$0")/.."
WORK_DIR="$OUT_DIR/.work"
PY=.venv/bin/python

for tool in objdump dpkg-deb; do
    command -v "$tool" >/dev/null || {
        echo "$tool is missing: run scripts/install-system-deps.sh test (as root)" >&2
        exit 1
    }
done
# .venv as ./dev sets it up (uv sync --frozen, dev group included: PyInstaller)
[[ -x .venv/bin/pyinstaller ]] || ./dev run --version >/dev/null
"$PY" installer/release_version.py --check-installed >/dev/null
VERSION="$("$PY" installer/release_version.py --write-windows-version-info)"
echo "==> packstation $VERSION"

rm -rf "$WORK_DIR" "$OUT_DIR/packstation" "$OUT_DIR"/packstation_*.deb
mkdir -p "$WORK_DIR"
trap 'rm -rf "$WORK_DIR"' EXIT

echo "==> PyInstaller bundle"
started=$SECONDS
# A cache of its own (PyInstaller's default, ~/.cache/pyinstaller, is shared: two builds at once
# wiped it under each other), empty, so nothing comes from an earlier build.
PYINSTALLER_CONFIG_DIR="$WORK_DIR/pyinstaller-cache" .venv/bin/pyinstaller --noconfirm \
    --log-level WARN --distpath "$OUT_DIR" --workpath "$WORK_DIR/build" installer/packstation.spec
BUNDLE="$OUT_DIR/packstation"
echo "    $(du -sh "$BUNDLE" | cut -f1) in $((SECONDS - started)) s: $BUNDLE"

echo "==> smoke test of the frozen app"
frozen_version="$("$BUNDLE/packstation" --version)"
if [[ "$frozen_version" != "packstation $VERSION" ]]; then
    echo "the frozen app says '$frozen_version', expected 'packstation $VERSION'" >&2
    exit 1
fi
# A throw-away HOME: the smoke check uses its own data directory, and this keeps it that way.
SMOKE_HOME="$WORK_DIR/home"
mkdir -p "$SMOKE_HOME"
if ! (cd "$WORK_DIR" && HOME="$SMOKE_HOME" XDG_CONFIG_HOME="$SMOKE_HOME/.config" \
    XDG_DATA_HOME="$SMOKE_HOME/.local/share" QT_QPA_PLATFORM=offscreen \
    "$BUNDLE/packstation" --smoke); then
    echo "the frozen app failed its smoke test: no .deb was built" >&2
    exit 1
fi

echo "==> Debian package"
DEB="$("$PY" installer/debian/make_deb.py "$BUNDLE" "$OUT_DIR")"
echo "    $(du -h "$DEB" | cut -f1): $DEB"
