#!/usr/bin/env bash
# Every check the project makes: lint, types, import contracts, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
LINTED=()
for path in packstation tests bench installer docs/*.py; do
    [[ -e $path ]] && LINTED+=("$path")
done
echo "==> ruff";          .venv/bin/ruff check "${LINTED[@]}"
echo "==> ruff format";   .venv/bin/ruff format --check "${LINTED[@]}"
echo "==> mypy --strict"; .venv/bin/mypy --strict packstation
echo "==> import-linter"; .venv/bin/lint-imports
echo "==> pip-audit";     .venv/bin/python scripts/audit_dependencies.py
# Two workers: much of the suite waits on servers, subprocesses and printers, not the CPU.
echo "==> pytest";        .venv/bin/pytest -p no:cacheprovider -n 2 --dist loadgroup "$@"
