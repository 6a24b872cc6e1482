"""Command line entry point: `packstation` (the GUI) and its headless sub-commands."""

from __future__ import annotations

import argparse
import sys

from packstation import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packstation", description=__doc__)
    parser.add_argument("--version", action="version", version=f"packstation {__version__}")
    parser.parse_args(argv)
    # Until the window exists, demo mode is the embedded sandbox on its own.
    from packstation.sandbox.__main__ import main as sandbox_main

    print("packstation: the window is not built yet; starting the embedded demo sandbox instead")
    return sandbox_main([])


if __name__ == "__main__":
    sys.exit(main())
