"""Suite-wide settings: Qt offscreen, no real keyring, no stray data directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from packstation.pyside_compat import pin_singletons

pin_singletons()

REPO_ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `pytest -n N --dist loadgroup`, keep each file's tests on one worker (module
    fixtures: a sandbox, a CUPS server, the crash test's order bookkeeping) and every installer
    test on the same worker, so the bundle is built once."""
    for item in items:
        relative = Path(str(item.path)).resolve().relative_to(REPO_ROOT)
        group = "installer" if relative.parts[:2] == ("tests", "installer") else str(relative)
        item.add_marker(pytest.mark.xdist_group(group))
