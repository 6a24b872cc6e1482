"""Crash cycles: SIGKILL `packstation pack` (and `cancel`) at every journal transition, around
and inside every HTTP call, after the printer got a label, and at random moments; start it
again; check nothing was lost or duplicated.

Each case packs one order (single, multi-package, international, the customer's own checkout
option) with its own fresh station (data directory, journal, label folder):

1. run the command with a kill point (`crash_points`); a run the point killed is one cycle;
2. sometimes run it again with a second kill point, in the recovery (the search that
   reconciles, the adoption, the settling of a print): a second cycle;
3. run it again, untouched, until it finishes (a pack parked because a stopped select may
   still land is run again once that time has passed, as a packer would press Retry);
4. check in the sandbox and the station's journal and folders: exactly one consignment was
   ever made for the order (cancelled ones count: the sandbox runs in "duplicate" mode, where
   selecting an option twice makes a second consignment), the journal has it printed, its
   label is in the label folder exactly once, and an international order's customs documents
   were printed. A cancel case packs first, then kills `cancel`: everything must end cancelled.

Commands run in processes forked from a pre-loaded forkserver (same code path as
`python -m packstation`, without paying Python's start-up on every run); the sandbox runs in
its own process, where every select takes 150 ms (a carrier's allocation), so a kill can land
while SortedPRO is still booking.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sandbox_process import ConsignmentRow, SandboxProcess

KINDS = ("single", "multi", "international", "customer choice")
SELECT_DELAY_MS = 150
SELECT_SETTLE_SECONDS = 1.0  # the station's wait for a stopped select (its setting)
COMMAND_TIMEOUT_SECONDS = 60.0
FINAL_ATTEMPTS = 4
EXTRA_ORDERS = 120

STARTUP_POINTS = (
    "http-before:GET /shippinglocations",
    "http-after:GET /carrierservices",
)
PACK_POINTS = (
    "http-before:GET /orders/*",
    "http-after:GET /orders/*",
    "state:looked_up",
    "http-before:POST /deliveryoptions",
    "http-after:POST /deliveryoptions",
    "state:options_ready",
    "state:selecting",
    "http-before:POST /deliveryoptions/select/*",
    "http-inflight:POST /deliveryoptions/select/*",
    "http-headers:POST /deliveryoptions/select/*",
    "http-after:POST /deliveryoptions/select/*",
    "state:allocated",
    "http-before:GET /labels/*",
    "http-after:GET /labels/*",
    "archive-after:label",
    "state:label_fetched",
    "state:printing",
    "print-after:label",
    "record-print-after",
    "state:print_submitted",
)
CUSTOMER_POINTS = (
    "http-before:GET /deliveryoptions/details/*",
    "http-after:GET /deliveryoptions/details/*",
)
INTERNATIONAL_POINTS = (
    "http-before:GET /consignments/docs/*",
    "http-after:GET /consignments/docs/*",
    "archive-after:customs",
    "print-after:customs",
)
# Second kills, in the run that recovers from the first.
RECOVERY_POINTS = (
    "http-before:GET /consignments/[0-9]*/[0-9]*",
    "http-after:GET /consignments/[0-9]*/[0-9]*",
    "http-after:GET /consignments/EC-*",
    "state:allocated",
    "state:options_ready",
    "state:parked",
    "state:print_failed",
    "state:print_submitted",
    "http-after:GET /labels/*",
    "time:150",
)
CANCEL_POINTS = (
    "http-before:PUT /consignments/*/cancel",
    "http-inflight:PUT /consignments/*/cancel",
    "http-headers:PUT /consignments/*/cancel",
    "http-after:PUT /consignments/*/cancel",
    "state:cancelled",
    "time:120",
)


@dataclass(frozen=True)
class Case:
    kind: str  # an order kind, or "cancel"
    points: tuple[str, ...]  # the kill point of each run before the final one


@dataclass
class CaseResult:
    case: Case
    order: str
    cycles: int = 0  # runs that were killed
    unreached: list[str] = field(default_factory=list)  # points the run finished before
    lost: int = 0
    duplicated: int = 0
    labels_missing: int = 0
    labels_twice: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class CrashCampaignResult:
    cycles: int = 0
    packs: int = 0
    lost: int = 0
    duplicated: int = 0
    labels_missing: int = 0
    labels_twice: int = 0
    kill_points: Counter[str] = field(default_factory=Counter)
    unreached: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    duration: float = 0.0

    def add(self, result: CaseResult) -> None:
        self.packs += 1
        self.cycles += result.cycles
        self.lost += result.lost
        self.duplicated += result.duplicated
        self.labels_missing += result.labels_missing
        self.labels_twice += result.labels_twice
        self.kinds[result.case.kind] += result.cycles
        for point in result.case.points:
            if point not in result.unreached:
                self.kill_points[point] += 1
        self.unreached.update(result.unreached)
        self.failures.extend(
            f"{result.order} ({result.case.kind}, {' then '.join(result.case.points)}): {f}"
            for f in result.failures
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "cycles": self.cycles,
            "packs": self.packs,
            "lost": self.lost,
            "duplicated": self.duplicated,
            "labels_missing": self.labels_missing,
            "labels_twice": self.labels_twice,
            "kill_points": dict(self.kill_points),
            "unreached": sum(self.unreached.values()),
            "unreached_points": dict(self.unreached),
            "kinds": dict(self.kinds),
            "failures": self.failures,
            "duration": self.duration,
        }


def pack_points(kind: str) -> tuple[str, ...]:
    points = STARTUP_POINTS + PACK_POINTS
    if kind == "customer choice":
        points = tuple(p for p in points if not p.endswith("POST /deliveryoptions"))
        points += CUSTOMER_POINTS
    if kind == "international":
        points += INTERNATIONAL_POINTS
    return points


def cases(seed: int) -> Iterator[Case]:
    """Every kill point against every kind of order; the seed picks the second kill (in the
    recovery, for every other case) and a random moment for one more kill per kind. Kinds
    take turns, so any prefix of the cases covers all of them."""
    by_kind: list[list[Case]] = []
    for kind in KINDS:
        these = []
        for index, point in enumerate(pack_points(kind)):
            if (index + seed) % 2:
                second = RECOVERY_POINTS[(index * 7 + seed * 3) % len(RECOVERY_POINTS)]
                these.append(Case(kind, (point, second)))
            else:
                these.append(Case(kind, (point,)))
        these.append(Case(kind, (f"time:{40 + (seed * 97 + len(kind) * 31) % 500}",)))
        by_kind.append(these)
    by_kind.append(
        [
            Case("cancel", (point if point != "time:120" else f"time:{60 + seed * 41 % 200}",))
            for point in CANCEL_POINTS
        ]
    )
    for turn in range(max(len(these) for these in by_kind)):
        for these in by_kind:
            if turn < len(these):
                yield these[turn]


# ---- the child process -------------------------------------------------------------------


def _child(argv: list[str], env: dict[str, str], point: str | None, log: str) -> None:
    for name in [n for n in os.environ if n.startswith("PACKSTATION_")]:
        del os.environ[name]
    os.environ.update(env)
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    from . import crash_points

    if point:
        crash_points.install(point)
    from packstation.__main__ import main

    code = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


class Commands:
    """Runs `packstation ...` in processes forked from a pre-loaded server."""

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(
            [
                "packstation.cli",
                "packstation.runtime",
                "packstation.printing.folder",
                "httpx",
                "tests.reliability.crash_points",
            ]
        )

    def run(
        self, argv: list[str], env: dict[str, str], point: str | None, log: Path
    ) -> tuple[int, str]:
        process = self._context.Process(target=_child, args=(argv, env, point, str(log)))
        process.start()
        process.join(COMMAND_TIMEOUT_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
            return -999, log.read_text(errors="replace") if log.exists() else ""
        output = log.read_text(errors="replace") if log.exists() else ""
        assert process.exitcode is not None
        return process.exitcode, output


# ---- one case ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StationDirs:
    root: Path

    @property
    def labels(self) -> Path:
        return self.root / "labels"

    @property
    def documents(self) -> Path:
        return self.root / "labels" / "documents"

    @property
    def journal(self) -> Path:
        return self.root / "data" / "journal.sqlite3"

    def env(self, sandbox: SandboxProcess) -> dict[str, str]:
        return {
            "PACKSTATION_DATA_DIR": str(self.root / "data"),
            "PACKSTATION_CONFIG_DIR": str(self.root / "config"),
            "PACKSTATION_API_URL": sandbox.base_url,
            "PACKSTATION_API_KEY": sandbox.api_key,
            "PACKSTATION_LABEL_PRINTER": f"file:{self.labels}",
            "PACKSTATION_DOCUMENT_PRINTER": f"file:{self.documents}",
            "PACKSTATION_STATION_NAME": "crash-bench",
            "PACKSTATION_SELECT_SETTLE_SECONDS": str(SELECT_SETTLE_SECONDS),
            "QT_QPA_PLATFORM": "offscreen",
        }


def journal_rows(path: Path, order: str) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return [
            dict(row)
            for row in db.execute("SELECT * FROM packs WHERE order_reference = ?", (order,))
        ]


def run_case(
    case: Case,
    order: str,
    shop_reference: str,
    sandbox: SandboxProcess,
    commands: Commands,
    workdir: Path,
) -> CaseResult:
    result = CaseResult(case, order)
    dirs = StationDirs(workdir)
    dirs.documents.mkdir(parents=True)
    env = dirs.env(sandbox)
    command = ["pack", order, "--quiet"]
    if case.kind == "cancel":
        code, output = commands.run(["pack", order, "--quiet"], env, None, workdir / "pack.log")
        if code != 0:
            result.failures.append(f"packing before the cancel exited {code}: {output[-500:]}")
            return result
        command = ["cancel", order]
    for index, point in enumerate(case.points):
        code, output = commands.run(command, env, point, workdir / f"run-{index}.log")
        if code == -9:
            result.cycles += 1
        else:
            result.unreached.append(point)
            if code not in (0, 5) or "Traceback" in output:
                result.failures.append(
                    f"run with kill point {point} exited {code}: {output[-500:]}"
                )
            if case.kind == "cancel" and code == 0:
                break
    for attempt in range(FINAL_ATTEMPTS):
        code, output = commands.run(command, env, None, workdir / f"final-{attempt}.log")
        if code == 0 and "Traceback" not in output:
            break
        if code == 5:  # parked: a stopped select may still land; Retry once it cannot
            time.sleep(SELECT_SETTLE_SECONDS + 0.2)
            continue
        if case.kind == "cancel" and code == 2 and "no pack" in output:
            break  # the cancel went through before the kill; nothing open is left
        result.failures.append(f"the final run exited {code}: {output[-600:]}")
        break
    else:
        result.failures.append(f"still not finished after {FINAL_ATTEMPTS} runs: {output[-600:]}")
    _check(result, dirs, sandbox, order, shop_reference)
    return result


def _check(
    result: CaseResult, dirs: StationDirs, sandbox: SandboxProcess, order: str, shop: str
) -> None:
    made = [
        c
        for c in sandbox.consignments()
        if c.client_reference.upper().startswith(order.upper()) or c.client_reference == shop
    ]
    rows = journal_rows(dirs.journal, order)
    if result.case.kind == "cancel":
        if [c.state for c in made] != ["Cancelled"]:
            result.failures.append(f"after the cancel SortedPRO has {_states(made)}")
        if [r["state"] for r in rows] != ["cancelled"]:
            result.failures.append(f"after the cancel the journal has {[r['state'] for r in rows]}")
        return
    live = [c for c in made if c.live]
    if len(made) > 1:
        result.duplicated += len(made) - 1
        result.failures.append(f"{len(made)} consignments were made: {_states(made)}")
    open_rows = [r for r in rows if r["state"] != "cancelled"]
    if (
        not live
        or len(open_rows) != 1
        or open_rows[0]["consignment_reference"] != live[0].reference
    ):
        result.lost += 1
        result.failures.append(
            f"lost: SortedPRO has {_states(made)}, the journal "
            f"{[(r['state'], r['consignment_reference']) for r in rows]}"
        )
        return
    row = open_rows[0]
    if row["state"] not in ("print_submitted", "printed"):
        result.failures.append(f"the pack ended {row['state']} ({row['parked_reason']})")
    consignment = live[0].reference
    labels = [p for p in dirs.labels.iterdir() if p.is_file() and consignment in p.name]
    if not labels:
        result.labels_missing += 1
        result.failures.append("no label reached the printer")
    elif len(labels) > 1:
        result.labels_twice += 1
        result.failures.append(f"{len(labels)} labels reached the printer")
    if result.case.kind == "international":
        documents = [p for p in dirs.documents.iterdir() if consignment in p.name]
        if not documents:
            result.failures.append("the customs documents were never printed")


def _states(consignments: list[ConsignmentRow]) -> str:
    return ", ".join(f"{c.reference} {c.state}" for c in consignments) or "nothing"


# ---- the campaign ------------------------------------------------------------------------


def order_pools(sandbox: SandboxProcess) -> tuple[dict[str, list[str]], dict[str, str]]:
    pools: dict[str, list[str]] = {kind: [] for kind in KINDS}
    shop: dict[str, str] = {}
    for order in sandbox.orders():
        reference = str(order["OrderReference"])
        shop[reference] = str(order["OrderReferenceProvidedByCustomer"])
        categories = set(order["Categories"])
        if "choice:valid" in categories:
            pools["customer choice"].append(reference)
        elif "choice:none" not in categories or categories & {"heavy", "oversized"}:
            continue
        elif "international" in categories:
            pools["international"].append(reference)
        elif "multi" in categories:
            pools["multi"].append(reference)
        else:
            pools["single"].append(reference)
    return pools, shop


def run_crash_campaign(
    target_cycles: int, *, jobs: int = 1, progress: bool = True
) -> CrashCampaignResult:
    started = time.monotonic()
    total = CrashCampaignResult()
    commands = Commands()
    select_delay = {
        "rules": [
            {
                "method": "POST",
                "path": "/deliveryoptions/select/*",
                "kind": "delay",
                "delay_ms": SELECT_DELAY_MS,
            }
        ]
    }
    lock = threading.Lock()
    with (
        SandboxProcess(
            reselect_mode="duplicate", extra_orders=EXTRA_ORDERS, faults=select_delay
        ) as sandbox,
        tempfile.TemporaryDirectory(prefix="crash-campaign-") as root,
    ):
        pools, shop = order_pools(sandbox)
        seed = 0
        pending: list[Case] = []
        number = 0
        while total.cycles < target_cycles:
            if not pending:
                pending = list(cases(seed))
                seed += 1
            # One batch: at most as many cases of a kind as the sandbox has orders of it;
            # then the sandbox is reset, which brings the orders back.
            batch: list[tuple[Case, str]] = []
            used: Counter[str] = Counter()
            rest: list[Case] = []
            wanted = max(jobs, target_cycles - total.cycles)  # most cases make a cycle or two
            for case in pending:
                kind = "single" if case.kind == "cancel" else case.kind
                if len(batch) < wanted and used[kind] < len(pools[kind]):
                    batch.append((case, pools[kind][used[kind]]))
                    used[kind] += 1
                else:
                    rest.append(case)
            pending = rest

            def one(item: tuple[Case, str], index: int) -> CaseResult:
                case, order = item
                workdir = Path(root) / f"case-{index}"
                try:
                    return run_case(case, order, shop[order], sandbox, commands, workdir)
                finally:
                    shutil.rmtree(workdir, ignore_errors=True)

            with ThreadPoolExecutor(max_workers=jobs) as pool:
                futures = [pool.submit(one, item, number + i) for i, item in enumerate(batch)]
                for future in futures:
                    result = future.result()
                    with lock:
                        total.add(result)
            number += len(batch)
            sandbox.reset()
            if progress:
                print(
                    f"  crash cycles: {total.cycles} ({total.packs} packs, "
                    f"{len(total.failures)} failures)",
                    flush=True,
                )
    total.duration = time.monotonic() - started
    return total


def main() -> int:
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    result = run_crash_campaign(target)
    print(json.dumps(result.to_json(), indent=2))
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
