"""packstation's benchmarks: one command, one table. See docs/performance.md.

    .venv/bin/python -m bench            # the full run (about 10 minutes on the build machine)
    .venv/bin/python -m bench --quick    # every row, few trials (under a minute): for CI
    .venv/bin/python -m bench --json     # the same figures as JSON on stdout

Every figure comes from this one run: the SortedPRO sandbox and the TCP 9100 label printer run
in processes of their own, the app (the real main window, offscreen) in another, the bare-httpx
floor in another. The exit status is 0 even when a budget is missed: the table says MISS.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import cold_start
from bench.floor import cheapest, options_body
from bench.processes import API_KEY, LabelPrinter, Sandbox
from bench.stats import median, percentile

REPO = Path(__file__).resolve().parents[1]
FROZEN_CANDIDATES = (
    REPO / "installer" / "dist" / "packstation" / "packstation",
    REPO / "dist" / "packstation" / "packstation",
)


@dataclass(frozen=True)
class Sizes:
    cold_trials: int
    overhead_trials: int
    latencies_ms: tuple[int, ...]
    session_orders: int
    packs: int
    warmup_packs: int
    label_trials: int
    day_close_consignments: int


FULL = Sizes(
    cold_trials=10,
    overhead_trials=20,
    latencies_ms=(0, 20, 100),
    session_orders=200,
    packs=1000,
    warmup_packs=20,
    label_trials=50,
    day_close_consignments=2000,
)
QUICK = Sizes(
    cold_trials=2,
    overhead_trials=3,
    latencies_ms=(0, 20, 100),
    session_orders=12,
    packs=10,
    warmup_packs=2,
    label_trials=5,
    day_close_consignments=40,
)


@dataclass(frozen=True)
class Row:
    figure: str
    median: float | None
    p95: float | None
    unit: str
    budget: str = ""
    ok: bool | None = None  # None: no budget on this row
    note: str = ""


def log(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


# ---- the pieces --------------------------------------------------------------------------------


def run_driver(plan: dict[str, Any], work: Path, name: str) -> dict[str, Any]:
    plan_path, out_path = work / f"{name}-plan.json", work / f"{name}-out.json"
    plan_path.write_text(json.dumps(plan))
    subprocess.run(
        [sys.executable, "-m", "bench.gui_driver", str(plan_path), str(out_path)],
        cwd=REPO,
        check=True,
        timeout=3600,
    )
    result: dict[str, Any] = json.loads(out_path.read_text())
    return result


def label_files(sandbox: Sandbox, work: Path) -> dict[str, str]:
    """One real 4x6 label in each format, as the API sends it (base64 `File`)."""
    [order] = sandbox.orders("single", "domestic", "choice:none")[:1]
    consignment = book(sandbox.base_url, [order])[0]
    headers = {"ocp-apim-subscription-key": API_KEY}
    files = {}
    for kind in ("pdf", "zpl"):
        response = httpx.get(
            f"{sandbox.base_url}/labels/{consignment}/{kind}/203", headers=headers, timeout=30
        )
        response.raise_for_status()
        files[kind] = response.json()["File"]
    return files


def book(base_url: str, orders: list[str], concurrency: int = 6) -> list[str]:
    """Setup, not measured: allocate one consignment per order with bare httpx."""

    async def run() -> list[str]:
        headers = {"ocp-apim-subscription-key": API_KEY}
        limit = asyncio.Semaphore(concurrency)
        async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=60) as http:
            location = (await http.get("/shippinglocations")).json()[0]["Reference"]

            async def one(order_reference: str) -> str:
                async with limit:
                    order = (await http.get(f"/orders/{order_reference}")).json()
                    body = options_body(order, location, f"{order_reference}/setup")
                    options = await http.post("/deliveryoptions", json=body)
                    options.raise_for_status()
                    selected = await http.post(
                        f"/deliveryoptions/select/{cheapest(options.json())}"
                    )
                    selected.raise_for_status()
                    links = {link["Rel"].lower(): link["Href"] for link in selected.json()}
                    return str(links["detail"].rstrip("/").rsplit("/", 1)[1])

            return list(await asyncio.gather(*(one(o) for o in orders)))

    return asyncio.run(run())


def frozen_executable() -> Path | None:
    override = os.environ.get("PACKSTATION_FROZEN")
    candidates = (Path(override),) if override else FROZEN_CANDIDATES
    return next((path for path in candidates if path.is_file()), None)


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    with contextlib.suppress(OSError):
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    import PySide6

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qpa": "offscreen",
        "load_average": os.getloadavg(),
    }


# ---- the run -----------------------------------------------------------------------------------


def collect(sizes: Sizes, work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine(), "sizes": sizes.__dict__}
    per_latency = 2 * (sizes.overhead_trials + 1) * len(sizes.latencies_ms)  # + a warm-up each
    needed = per_latency + sizes.session_orders + sizes.packs + sizes.warmup_packs + 10
    sandbox = Sandbox.start(extra_orders=needed * 3)
    try:
        printer = LabelPrinter.start(work)
    except BaseException:
        sandbox.stop()
        raise
    try:
        log(f"sandbox at {sandbox.base_url}, label printer at {printer.target}")
        single = sandbox.orders("single", "domestic", "choice:none")
        domestic = [o for o in sandbox.orders("domestic", "choice:none") if o not in single]
        overhead_orders, single = single[:per_latency], single[per_latency:]
        pool = single + domestic
        if len(pool) < sizes.session_orders + sizes.packs + sizes.warmup_packs + 1:
            raise RuntimeError("the sandbox has too few orders for this run")
        session_orders = pool[: sizes.session_orders]
        pack_orders = pool[sizes.session_orders :][: sizes.packs + sizes.warmup_packs]
        spare = pool[sizes.session_orders + len(pack_orders) :]

        log("cold start from source")
        results["cold_source_s"], results["cold_source_cpu_s"] = cold_start.measure(
            [str(Path(sys.executable).with_name("packstation"))],
            url=sandbox.base_url,
            key=API_KEY,
            trials=sizes.cold_trials,
        )
        frozen = frozen_executable()
        if frozen is not None:
            log(f"cold start of the frozen bundle {frozen}")
            results["cold_frozen_s"], results["cold_frozen_cpu_s"] = cold_start.measure(
                [str(frozen)], url=sandbox.base_url, key=API_KEY, trials=sizes.cold_trials
            )

        log("labels")
        files = label_files(sandbox, work)
        (work / "labels-in.json").write_text(json.dumps({**files, "trials": sizes.label_trials}))
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.labels",
                str(work / "labels-in.json"),
                str(work / "labels-out.json"),
            ],
            cwd=REPO,
            check=True,
        )
        results["labels"] = json.loads((work / "labels-out.json").read_text())

        log("the window: idle, scan-to-print vs floor, the session, throughput and memory")
        plan = {
            "url": sandbox.base_url,
            "key": API_KEY,
            "printer": printer.target,
            "labels_log": str(printer.log),
            "workdir": str(work / "station"),
            "latencies_ms": list(sizes.latencies_ms),
            "overhead_trials": sizes.overhead_trials,
            "overhead_orders": overhead_orders,
            "session_orders": session_orders,
            "pack_orders": pack_orders,
            "warmup_packs": sizes.warmup_packs,
            "trace_orders": spare[:1],
            "scenarios": ["idle_memory", "scan_overhead", "session", "packs"],
        }
        results["window"] = run_driver(plan, work, "window")
    finally:
        sandbox.stop()
        printer.stop()

    log(f"day close of {sizes.day_close_consignments} consignments (a fresh sandbox)")
    sandbox = Sandbox.start(extra_orders=sizes.day_close_consignments * 2)
    try:
        printer = LabelPrinter.start(work / "day")
    except BaseException:
        sandbox.stop()
        raise
    try:
        orders = sandbox.orders("domestic", "choice:none")[: sizes.day_close_consignments]
        book(sandbox.base_url, orders)
        plan = {
            "url": sandbox.base_url,
            "key": API_KEY,
            "printer": printer.target,
            "labels_log": str(printer.log),
            "workdir": str(work / "day-station"),
            "scenarios": ["day_close_only"],
        }
        results["day"] = run_driver(plan, work, "day")
    finally:
        sandbox.stop()
        printer.stop()
    return results


# ---- the table ---------------------------------------------------------------------------------


def within(value: float, limit: float) -> bool:
    return not math.isnan(value) and value <= limit


def lag_rows(name: str, lags: list[float], *, p99_budget: bool) -> list[Row]:
    longest = max(lags) if lags else math.nan
    return [
        Row(f"{name}: longest stall", longest, None, "ms", "<= 16", within(longest, 16.0)),
        Row(
            f"{name}: 5 ms timer lag p99",
            percentile(lags, 0.99),
            None,
            "ms",
            "<= 5" if p99_budget else "",
            within(percentile(lags, 0.99), 5.0) if p99_budget else None,
            f"{len(lags)} ticks",
        ),
    ]


def rows_of(results: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    cold = results["cold_source_s"]
    rows.append(
        Row(
            "Cold start, from source (bytecode compiled)",
            median(cold),
            percentile(cold, 0.95),
            "s",
            "median <= 0.6",
            within(median(cold), 0.6),
            f"{len(cold)} starts; CPU {median(results['cold_source_cpu_s']):.2f} s",
        )
    )
    frozen = results.get("cold_frozen_s")
    if frozen:
        rows.append(
            Row(
                "Cold start, frozen bundle",
                median(frozen),
                percentile(frozen, 0.95),
                "s",
                "median <= 1.0",
                within(median(frozen), 1.0),
                f"{len(frozen)} starts; CPU {median(results['cold_frozen_cpu_s']):.2f} s",
            )
        )
    else:
        rows.append(
            Row(
                "Cold start, frozen bundle",
                None,
                None,
                "s",
                "median <= 1.0",
                None,
                "not measured: no bundle (build it: see README, Build the installer)",
            )
        )

    window = results["window"]
    for latency, trial in window["scan_to_print"].items():
        floor, app = trial["floor_ms"], trial["app_ms"]
        overhead = [a - median(floor) for a in app]
        ratio = median(app) / median(floor)
        ratio_budget = latency == "20"
        rows.append(
            Row(
                f"Scan-to-print at {latency} ms/call: app (Enter -> label at 9100)",
                median(app),
                percentile(app, 0.95),
                "ms",
                note=f"{len(app)} packs",
            )
        )
        rows.append(
            Row(
                f"Scan-to-print at {latency} ms/call: floor (bare httpx, same calls)",
                median(floor),
                percentile(floor, 0.95),
                "ms",
                note=f"{len(floor)} packs",
            )
        )
        rows.append(
            Row(
                f"Scan-to-print at {latency} ms/call: ratio app/floor (medians)",
                ratio,
                percentile(app, 0.95) / percentile(floor, 0.95),
                "x",
                "<= 1.10" if ratio_budget else "",
                within(ratio, 1.10) if ratio_budget else None,
                "p95 column: p95/p95",
            )
        )
        absolute_budget = latency == "0"
        rows.append(
            Row(
                f"Scan-to-print at {latency} ms/call: overhead (app - floor median)",
                median(overhead),
                percentile(overhead, 0.95),
                "ms",
                "p95 <= 50" if absolute_budget else "",
                within(percentile(overhead, 0.95), 50.0) if absolute_budget else None,
            )
        )

    session = window["session"]
    rows.extend(
        lag_rows(
            f"Event loop, {session['packs']}-order session", session["lag_ms"], p99_budget=True
        )
    )
    packs = window["packs"]
    per_minute = 60 * packs["count"] / packs["seconds"]
    per_pack = [1000 * s for s in packs["per_pack_s"]]
    rows.append(
        Row(
            "Throughput at 0 ms, scripted packer",
            per_minute,
            None,
            "packs/min",
            ">= 300",
            per_minute >= 300,
            f"{packs['count']} packs; per pack median {median(per_pack):.0f} ms, "
            f"p95 {percentile(per_pack, 0.95):.0f} ms",
        )
    )
    idle = window["idle_rss_mb"]
    rows.append(Row("Memory: idle RSS", idle, None, "MB", "<= 150", within(idle, 150.0)))
    growth = packs["rss_after_mb"] - packs["rss_before_mb"]
    per_thousand = growth * 1000 / packs["count"]
    rows.append(
        Row(
            f"Memory: growth over {packs['count']} packs (per 1,000)",
            per_thousand,
            None,
            "MB",
            "<= 5",
            within(per_thousand, 5.0),
            f"{packs['rss_before_mb']:.1f} -> {packs['rss_after_mb']:.1f} MB",
        )
    )
    labels = results["labels"]
    rows.append(
        Row(
            "Label: PDF 4x6 decode+validate+render at 203 dpi",
            median(labels["pdf_ms"]),
            percentile(labels["pdf_ms"], 0.95),
            "ms",
            "median <= 10",
            within(median(labels["pdf_ms"]), 10.0),
            f"{labels['pdf_bytes']} bytes",
        )
    )
    rows.append(
        Row(
            "Label: ZPL decode+validate+guard",
            median(labels["zpl_ms"]),
            percentile(labels["zpl_ms"], 0.95),
            "ms",
            note=f"{labels['zpl_bytes']} bytes",
        )
    )
    day = results["day"]["day_close"]
    count = int(day["consignments"])
    rows.append(
        Row(
            f"Day close: list {count} consignments",
            day["list_s"],
            None,
            "s",
            "<= 3",
            within(day["list_s"], 3.0),
        )
    )
    rows.append(Row(f"Day close: manifest {count} consignments", day["manifest_s"], None, "s"))
    rows.extend(lag_rows("Day close", day["lag_ms"], p99_budget=False))
    return rows


def fmt(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "-"
    if unit in ("x",):
        return f"{value:.2f}"
    if unit == "s":
        return f"{value:.3f}"
    return f"{value:.1f}"


def table(rows: list[Row]) -> str:
    headers = ("Figure", "Median", "p95", "Unit", "Budget", "Status", "Notes")
    body = [
        (
            r.figure,
            fmt(r.median, r.unit),
            fmt(r.p95, r.unit),
            r.unit,
            r.budget,
            "" if r.ok is None else ("ok" if r.ok else "MISS"),
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in (headers, *body)) for i in range(len(headers))]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join(
        [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, body)]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few trials: checks every row runs")
    parser.add_argument("--json", action="store_true", help="JSON on stdout instead of a table")
    parser.add_argument("--keep", type=Path, help="keep the raw results in this JSON file")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="packstation-bench-") as folder:
        results = collect(sizes, Path(folder))
    results["seconds"] = time.monotonic() - started
    if args.keep:
        args.keep.write_text(json.dumps(results))
    rows = rows_of(results)
    if args.json:
        print(
            json.dumps(
                {
                    "machine": results["machine"],
                    "quick": args.quick,
                    "seconds": results["seconds"],
                    "rows": [r.__dict__ for r in rows],
                },
                indent=2,
            )
        )
    else:
        facts = results["machine"]
        print(
            f"packstation bench ({'quick' if args.quick else 'full'}, "
            f"{results['seconds']:.0f} s): {facts['cpu']}, {facts['cores']} cores, "
            f"{facts['memory']}, Python {facts['python']}, PySide6 {facts['pyside6']}, "
            f"load average at start {facts['load_average'][0]:.2f}, "
            "offscreen; sandbox, printer and app in separate processes on the same cores"
        )
        print(table(rows))
        missed = [r.figure for r in rows if r.ok is False]
        print(f"budgets: {'all met' if not missed else f'{len(missed)} MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
