#!/usr/bin/env bash
# Start or stop the private CUPS server the printing tests use, for trying things by hand:
#   sudo scripts/cups-test-server.sh start [DIR]   (prints the CUPS_SERVER to export)
#   sudo scripts/cups-test-server.sh stop [DIR]
# The queues are those of tests/cups (ps-capture, ps-pdf, ps-docs, ps-zebra, ps-socket on
# 127.0.0.1:9100, ps-offline, ps-disabled, ps-rejecting, ps-nopaper); DIR defaults to
# /tmp/packstation-cups. The machine's own CUPS is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python tests/cups/cups_server.py "$@"
