"""installer/ is a folder of build scripts, not a package: make its helpers importable."""

import sys

from tests.installer.paths import INSTALLER

sys.path.insert(0, str(INSTALLER))
