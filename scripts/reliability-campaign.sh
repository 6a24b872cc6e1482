#!/usr/bin/env bash
# The full reliability campaign (not part of ./dev test): >= 1,000 model-based fault runs and
# >= 600 crash cycles; writes the figures into docs/reliability.md. Takes about 25 minutes on
# two cores. Extra arguments go to `python -m tests.reliability.campaign` (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv/bin/python ]]; then
    echo "run ./dev test (or ./dev run) once first: it sets up .venv" >&2
    exit 2
fi
exec .venv/bin/python -m tests.reliability.campaign --full "$@"
