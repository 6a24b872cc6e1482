#!/usr/bin/env bash
# Debian packages packstation needs. Installs only what is missing.
#   install-system-deps.sh runtime   what the window needs: Qt's X11/EGL libraries, fonts, CUPS client
#   install-system-deps.sh test      runtime + a real CUPS server with a PDF printer, poppler, and
#                                    what the installer build and test use (binutils for
#                                    PyInstaller, the shared libpython if .venv is on Debian's Python)
set -euo pipefail
RUNTIME=(
    fonts-dejavu-core libcups2
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
    libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
    libwayland-cursor0 libwayland-egl1
)
TEST=(
    cups cups-client cups-bsd printer-driver-cups-pdf
    poppler-utils desktop-file-utils binutils
    libpython3.11
)
case "${1:-test}" in
    runtime) PACKAGES=("${RUNTIME[@]}") ;;
    test) PACKAGES=("${RUNTIME[@]}" "${TEST[@]}") ;;
    *) echo "usage: $0 runtime|test" >&2; exit 2 ;;
esac
if ! command -v dpkg-query >/dev/null; then
    echo "==> not a Debian system: install Qt's X11/EGL libraries and CUPS yourself" >&2
    exit 0
fi
missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "==> installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
