"""Command line entry point: `packstation` (the window), `--smoke`, `--version`, and the headless
sub-commands `pack|manifest|journal|reprint|cancel` (see `packstation.cli`)."""

from __future__ import annotations

import argparse
import sys

from packstation import __version__

DESCRIPTION = "Packing station for the SortedPRO shipping API."


def _version_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--version", action="version", version=f"packstation {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    from packstation.pyside_compat import pin_singletons

    pin_singletons()  # before any Qt call: see the module for the PySide6 6.12 bug it guards
    # --version answers before anything heavy (the API client, Qt) is imported.
    _version_parser().parse_known_args(argv)

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

    from pydantic import ValidationError

    from packstation.config import load_settings, settings_path

    try:
        settings = load_settings()
    except ValidationError as error:
        print(f"The settings in {settings_path()} are not valid:\n{error}", file=sys.stderr)
        return 2
    from packstation.app import run_gui

    return run_gui(settings)


if __name__ == "__main__":
    sys.exit(main())
