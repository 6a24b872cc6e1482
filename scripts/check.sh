#!/usr/bin/env bash
# Every check the project makes: lint, types, import contracts, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
echo "==> ruff";          .venv/bin/ruff check packstation tests bench
echo "==> ruff format";   .venv/bin/ruff format --check packstation tests bench
echo "==> mypy --strict"; .venv/bin/mypy --strict packstation
echo "==> import-linter"; .venv/bin/lint-imports
echo "==> pytest";        .venv/bin/pytest -p no:cacheprovider "$@"
