#!/usr/bin/env bash
# Debian packages the test suite needs: a real CUPS server with a PDF printer, fonts that have glyphs,
# and the X11/EGL libraries Qt loads even offscreen. Installs only what is missing.
set -euo pipefail
PACKAGES=(
    cups cups-client cups-bsd printer-driver-cups-pdf
    fonts-dejavu-core
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
    libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
    poppler-utils desktop-file-utils
)
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
