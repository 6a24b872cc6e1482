"""Command line entry point: `packstation` (the window), `--smoke`, `--version`, and the headless
sub-commands `pack|manifest|journal|reprint|cancel` (see `packstation.cli`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

DESCRIPTION = "Packing station for the SortedPRO shipping API."


class _VersionAction(argparse.Action):
    """argparse's "version" action, with the version looked up only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from packstation import __version__

        print(f"packstation {__version__}")
        parser.exit()


def _version_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--version", action=_VersionAction)
    return parser


def main(argv: list[str] | None = None) -> int:
    from packstation.pyside_compat import pin_singletons

    pin_singletons()  # before any Qt call: see the module for the PySide6 6.12 bug it guards
    # --version answers before anything heavy (the API client, Qt) is imported.
    _version_parser().parse_known_args(argv)
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments:
        # The window, as a packer starts it: it shows first; the settings, the API client and
        # the workflow load after that (packstation.app), not before the first paint.
        from packstation.app import run_gui

        return run_gui(None)

    from packstation import cli

    parser = argparse.ArgumentParser(
        prog="packstation", description=DESCRIPTION, parents=[_version_parser()]
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="headless self-check: window, sandbox round trip, label render, printers",
    )
    subparsers = parser.add_subparsers(dest="subcommand", metavar="COMMAND")
    cli.register(subparsers)
    args = parser.parse_args(argv)
    if args.subcommand:
        return cli.run_command(args)
    if args.smoke:
        from packstation.smoke import run_smoke

        return run_smoke()  # its own throw-away settings: the user's are never read

    from packstation.app import run_gui

    return run_gui(None)


if __name__ == "__main__":
    sys.exit(main())
