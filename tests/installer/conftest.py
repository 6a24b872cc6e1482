"""installer/ is a folder of build scripts, not a package: make its helpers importable. The
one build of the installer that the bundle and .deb tests share."""

from __future__ import annotations

import sys
import time

import pytest

from tests.installer.deb_harness import BUILD_TIMEOUT, Build, UserHome, build_env, run
from tests.installer.paths import INSTALLER, REPO

sys.path.insert(0, str(INSTALLER))


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    out = tmp_path_factory.mktemp("installer")
    started = time.monotonic()
    result = run(
        [str(REPO / "scripts" / "build-installer.sh"), str(out)],
        env=build_env(),
        timeout=BUILD_TIMEOUT,
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    debs = list(out.glob("packstation_*.deb"))
    assert len(debs) == 1, f"expected one .deb in {out}: {debs}"
    return Build(deb=debs[0], bundle=out / "packstation", seconds=seconds)


@pytest.fixture(scope="session")
def user_home(tmp_path_factory: pytest.TempPathFactory) -> UserHome:
    home = tmp_path_factory.mktemp("packer-home")
    (home / "run").mkdir(mode=0o700)
    markers = {
        home / ".local/share/packstation/MARKER": "journal and labels live here\n",
        home / ".config/packstation/MARKER": "settings live here\n",
    }
    for path, content in markers.items():
        path.parent.mkdir(parents=True)
        path.write_text(content, encoding="utf-8")
    return UserHome(home=home, marker_files=markers)
