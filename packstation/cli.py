"""Headless commands for automation lines and tests: pack, manifest, journal, reprint, cancel.

Exit codes (documented in the README):
  0 done
  1 unexpected internal error (a bug: the message says where the log is)
  2 bad input (malformed or unknown reference, bad option)
  3 refused by SortedPRO (nothing was booked, or the action was not allowed)
  4 printer failed or not ready (any label is kept in the journal; `reprint` prints it)
  5 parked: the outcome is not known yet; run the same command again to reconcile and finish
  6 SortedPRO unreachable (nothing was changed)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import IntEnum
from typing import Any

from packstation.api_key_store import KeyringUnavailableError
from packstation.config import StationSettings, load_settings
from packstation.log import configure_logging
from packstation.runtime import MissingApiKeyError, Runtime, open_runtime
from packstation.workflow.journal import JournalUnavailableError, PackRecord
from packstation.workflow.packing import PackView
from packstation.workflow.progress import PackStep
from packstation.workflow.scan import ScanKind, interpret_scan
from packstation.workflow.shipping_api import (
    BadDocumentError,
    NotFoundError,
    OutcomeUnknownError,
    RefusedError,
    ShippingError,
    UnavailableError,
)
from packstation.workflow.states import PackState
from packstation.workflow.workflow_errors import (
    NoBookableOptionError,
    PackedElsewhereError,
    PackParkedError,
    PrinterNotReadyError,
    WorkflowStateError,
)

log = logging.getLogger(__name__)


class ExitCode(IntEnum):
    DONE = 0
    INTERNAL_ERROR = 1
    BAD_INPUT = 2
    REFUSED = 3
    PRINTER_FAILED = 4
    PARKED = 5
    UNREACHABLE = 6


class BadInputError(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    code: ExitCode
    text: str


def exit_code_for(error: BaseException) -> ExitCode:
    match error:
        case BadInputError() | NotFoundError():
            return ExitCode.BAD_INPUT
        case PrinterNotReadyError():
            return ExitCode.PRINTER_FAILED
        case PackParkedError() | OutcomeUnknownError():
            return ExitCode.PARKED
        case UnavailableError():
            return ExitCode.UNREACHABLE
        case (
            RefusedError()
            | PackedElsewhereError()
            | NoBookableOptionError()
            | WorkflowStateError()
            | BadDocumentError()
            | MissingApiKeyError()
            | KeyringUnavailableError()
        ):
            return ExitCode.REFUSED
        case ShippingError():
            return ExitCode.REFUSED
        case JournalUnavailableError():
            return ExitCode.INTERNAL_ERROR
    return ExitCode.INTERNAL_ERROR


def _describe_pack(view: PackView) -> str:
    record = view.record
    lines = [f"{record.order_reference}: {record.state.value}"]
    if record.allocation:
        a = record.allocation
        lines.append(
            f"  consignment {a.consignment_reference} with {a.carrier_name or '?'} "
            f"{a.service_name or ''}".rstrip()
        )
        if a.tracking_numbers:
            lines.append("  tracking " + ", ".join(a.tracking_numbers))
    if view.last_print is not None:
        lines.append(f"  printer {view.last_print.target}: {view.last_print.message}")
    lines.extend(f"  note: {notice}" for notice in view.notices)
    if record.state is PackState.PARKED and record.parked_reason:
        lines.append(f"  parked: {record.parked_reason}")
    return "\n".join(lines)


def _outcome_of_pack(view: PackView) -> Outcome:
    state = view.record.state
    if state in (PackState.PRINT_SUBMITTED, PackState.PRINTED):
        return Outcome(ExitCode.DONE, _describe_pack(view))
    if state is PackState.PRINT_FAILED:
        return Outcome(ExitCode.PRINTER_FAILED, _describe_pack(view))
    if state is PackState.PARKED:
        return Outcome(ExitCode.PARKED, _describe_pack(view))
    return Outcome(ExitCode.REFUSED, _describe_pack(view))


def _announce(step: PackStep) -> None:
    print(f"... {step.value}", flush=True)


# ---- commands -----------------------------------------------------------------------------


async def cmd_pack(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    scan = interpret_scan(args.order_ref)
    if scan.kind is not ScanKind.ORDER:
        raise BadInputError(scan.message)
    view = await runtime.packing.scan_to_print(
        scan.reference,
        require_printer_ready=not args.print_later,
        progress=_announce if not args.quiet else lambda step: None,
    )
    return _outcome_of_pack(view)


async def cmd_reprint(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    record = await _pack_for(runtime, args.reference)
    view = await runtime.packing.reprint(record.pack_id, args.reason)
    return _outcome_of_pack(view)


async def cmd_cancel(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    record = await _pack_for(runtime, args.reference)
    cancelled = await runtime.packing.cancel(record.pack_id)
    return Outcome(ExitCode.DONE, f"{cancelled.order_reference}: cancelled")


async def _pack_for(runtime: Runtime, reference: str) -> PackRecord:
    scan = interpret_scan(reference)
    if scan.kind is ScanKind.UNREADABLE:
        raise BadInputError(scan.message)
    record = await runtime.packing.find_pack(scan.reference)
    if record is None:
        raise BadInputError(f"This station has no pack for {scan.reference}.")
    return record


async def cmd_manifest(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    summary = await runtime.day_close.summarize(datetime.now(UTC).date())
    lines = [f"Waiting for a manifest: {summary.total}"]
    for group in summary.groups:
        lines.append(
            f"  {group.carrier_name}: {group.count}"
            + (f" ({len(group.not_printed)} not printed)" if group.not_printed else "")
        )
    carriers = [args.carrier] if args.carrier else None
    if args.dry_run or summary.total == 0:
        return Outcome(ExitCode.DONE, "\n".join(lines))
    print("\n".join(lines), flush=True)
    lines = []
    result = await runtime.day_close.close(
        summary,
        carriers=carriers,
        progress=lambda p: print(f"... {p.current}", flush=True),
    )
    lines.append(f"Manifested: {len(result.manifested)}")
    for failure in result.failures:
        lines.append(
            f"  FAILED {failure.consignment_reference} ({failure.carrier_name}): {failure.message}"
        )
    if result.still_pending:
        lines.append("  still queued: " + ", ".join(result.still_pending))
    code = ExitCode.REFUSED if result.failures else ExitCode.DONE
    return Outcome(code, "\n".join(lines))


async def cmd_journal(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    if args.today:
        since = datetime.combine(datetime.now().astimezone().date(), time(0)).astimezone(UTC)
    else:
        since = datetime(1970, 1, 1, tzinfo=UTC)
    records = await runtime.journal.packs_created_since(since)
    if args.json:
        return Outcome(ExitCode.DONE, json.dumps([_record_json(r) for r in records], indent=2))
    lines = [
        f"{r.created_at:%Y-%m-%d %H:%M} {r.order_reference:16} {r.state.value:16} "
        f"{r.consignment_reference or '-':16} prints={r.print_count}"
        + (f"  parked: {r.parked_reason}" if r.parked_reason else "")
        for r in records
    ]
    return Outcome(ExitCode.DONE, "\n".join(lines) or "The journal is empty.")


def _record_json(record: PackRecord) -> dict[str, Any]:
    allocation = record.allocation
    return {
        "pack_id": record.pack_id,
        "order_reference": record.order_reference,
        "client_reference": record.client_reference,
        "state": record.state.value,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
        "consignment_reference": record.consignment_reference,
        "carrier": allocation.carrier_name if allocation else None,
        "service": allocation.service_name if allocation else None,
        "tracking_numbers": list(allocation.tracking_numbers) if allocation else [],
        "label_format": record.label_format,
        "print_count": record.print_count,
        "parked_reason": record.parked_reason,
        "manifest_state": record.manifest_state,
    }


# ---- wiring -------------------------------------------------------------------------------

Command = Callable[[Runtime, argparse.Namespace], Coroutine[Any, Any, Outcome]]


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api-url", help="SortedPRO base URL (default: the embedded sandbox)")
    parser.add_argument(
        "--api-key", help="API key (prefer PACKSTATION_API_KEY or the keyring: this shows in ps)"
    )
    parser.add_argument("--data-dir", help="where the journal and labels live")


def register(subparsers: Any) -> None:
    pack = subparsers.add_parser("pack", help="pack one order headlessly: book, label, print")
    pack.add_argument("order_ref")
    pack.add_argument(
        "--rule", choices=["cheapest", "fastest", "preferred", "deliver_by"], default=None
    )
    pack.add_argument("--prefer", action="append", default=[], help="carrier or service (repeat)")
    pack.add_argument("--printer", help="file:DIR, tcp://HOST:PORT or an OS queue name")
    pack.add_argument("--format", choices=["pdf", "zpl"], default=None)
    pack.add_argument("--dpi", type=int, choices=[203, 300], default=None)
    pack.add_argument(
        "--print-later", action="store_true", help="book even if the printer is not ready"
    )
    pack.add_argument("--quiet", action="store_true")
    pack.set_defaults(command=cmd_pack)

    manifest = subparsers.add_parser(
        "manifest", help="close the day: manifest waiting consignments"
    )
    manifest.add_argument("--carrier", help="only this carrier reference")
    manifest.add_argument("--dry-run", action="store_true", help="list, do not manifest")
    manifest.set_defaults(command=cmd_manifest)

    journal = subparsers.add_parser("journal", help="show this station's packs")
    journal.add_argument("--today", action="store_true")
    journal.add_argument("--json", action="store_true")
    journal.set_defaults(command=cmd_journal)

    reprint = subparsers.add_parser("reprint", help="print an archived label again")
    reprint.add_argument("reference", help="EC reference, tracking number or order reference")
    reprint.add_argument("--reason", default="asked from the command line")
    reprint.add_argument("--printer")
    reprint.set_defaults(command=cmd_reprint)

    cancel = subparsers.add_parser("cancel", help="cancel a pack and its consignment")
    cancel.add_argument("reference", help="EC reference, tracking number or order reference")
    cancel.set_defaults(command=cmd_cancel)

    for sub in (pack, manifest, journal, reprint, cancel):
        add_connection_arguments(sub)


def settings_for(args: argparse.Namespace) -> StationSettings:
    settings = load_settings()
    updates: dict[str, Any] = {}
    if getattr(args, "data_dir", None):
        from pathlib import Path

        updates["data_dir"] = Path(args.data_dir).expanduser()
    if getattr(args, "printer", None):
        updates["label_printer"] = args.printer
    if getattr(args, "format", None):
        updates["label_format"] = args.format
    if getattr(args, "dpi", None):
        updates["label_dpi"] = args.dpi
    if getattr(args, "rule", None) or getattr(args, "prefer", None):
        rule = settings.rule.model_copy(
            update={
                "kind": args.rule or ("preferred" if args.prefer else settings.rule.kind),
                "preferences": tuple(args.prefer) or settings.rule.preferences,
            }
        )
        updates["rule"] = rule
    return settings.model_copy(update=updates) if updates else settings


async def _run(args: argparse.Namespace, register_secret: Callable[[str], None]) -> Outcome:
    settings = settings_for(args)
    async with open_runtime(
        settings, api_url=args.api_url, api_key=args.api_key, register_secret=register_secret
    ) as runtime:
        await runtime.packing.reconcile_unfinished()
        await _report_unknown_consignments(runtime)
        command: Command = args.command
        return await command(runtime, args)


async def _report_unknown_consignments(runtime: Runtime) -> None:
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    try:
        unknown = await runtime.packing.unknown_consignments(yesterday)
    except ShippingError:
        return  # the command itself will say whether SortedPRO is reachable
    for consignment in unknown:
        print(
            f"WARNING: {consignment.reference} ({consignment.client_reference}) was made by this "
            "station but is not in its journal. Check it in SortedPRO: cancel it or keep it.",
            file=sys.stderr,
        )


def run_command(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    redactor = configure_logging(
        log_dir=settings.data_dir / "logs", level=logging.WARNING, to_stderr=False
    )
    try:
        outcome = asyncio.run(_run(args, redactor.add_secret))
    except KeyboardInterrupt:
        print("Interrupted: run the same command again to finish safely.")
        return ExitCode.PARKED
    except (
        ShippingError,
        BadInputError,
        MissingApiKeyError,
        KeyringUnavailableError,
        JournalUnavailableError,
    ) as error:
        message = getattr(error, "user_message", None) or str(error)
        print(message)
        return exit_code_for(error)
    except Exception:
        log.exception("unexpected error in %s", args.command.__name__)
        print(
            "packstation hit an unexpected error. Nothing was lost: run the same command again. "
            f"Details are in {settings.data_dir / 'logs'}."
        )
        return ExitCode.INTERNAL_ERROR
    print(outcome.text)
    return outcome.code
