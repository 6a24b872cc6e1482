"""Suite-wide settings: Qt offscreen, no real keyring, no stray data directories."""

from __future__ import annotations

import os

from packstation.pyside_compat import pin_singletons

pin_singletons()

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
