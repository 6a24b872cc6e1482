"""The reliability campaign in one command.

    python -m tests.reliability.campaign --full            # >= 1,000 model runs, >= 600 crash
                                                           # cycles; writes docs/reliability.md
    python -m tests.reliability.campaign --model-runs 50   # just a few model runs
    python -m tests.reliability.campaign --crash-cycles 40 --model-runs 0

The model runs are split into shards (one process each, `--jobs` at a time), each with its own
seed and its own pair of sandboxes; the crash cycles run on their own sandbox. The results are
printed as a table and, with `--write-docs`, written into the campaign section of
docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .stats import CampaignStats

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "reliability.md"
FULL_MODEL_RUNS = 1000
FULL_CRASH_CYCLES = 600
MODEL_STEPS = 30
SHARD_RUNS = 50
BASE_SEED = 7_000_000


@dataclass
class ShardResult:
    seed: int
    runs: int
    stats: CampaignStats | None
    failure: str | None


def run_shard(seed: int, runs: int, steps: int, deadline: float) -> ShardResult:
    """One process: two sandboxes, `runs` model runs from `seed`; stats as JSON on stdout."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        result_path = Path(out.name)
    command = [
        sys.executable,
        "-m",
        "tests.reliability.campaign",
        "--shard",
        str(seed),
        "--shard-runs",
        str(runs),
        "--steps",
        str(steps),
        "--deadline",
        str(deadline),
        "--shard-output",
        str(result_path),
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    try:
        data = json.loads(result_path.read_text()) if result_path.stat().st_size else None
    finally:
        result_path.unlink(missing_ok=True)
    stats = CampaignStats.from_json(data["stats"]) if data else None
    failure = data.get("failure") if data else None
    if done.returncode != 0 and failure is None:
        failure = (
            f"shard {seed} exited {done.returncode}:\n{done.stdout[-4000:]}{done.stderr[-4000:]}"
        )
    return ShardResult(seed, runs, stats, failure)


def shard_main(seed: int, runs: int, steps: int, deadline: float, output: Path) -> int:
    from .conftest import CAMPAIGN_START
    from .leaks import SENTINEL_KEY
    from .model import ModelEnvironment, run_model
    from .sandbox_process import SandboxProcess

    sandboxes = {
        mode: SandboxProcess(
            reselect_mode=mode,
            start_time=CAMPAIGN_START,
            seed=1 + seed % 7,
            api_key=SENTINEL_KEY,
        )
        for mode in ("error", "duplicate")
    }
    failure: str | None = None
    with tempfile.TemporaryDirectory(prefix="reliability-") as root:
        try:
            for sandbox in sandboxes.values():
                sandbox.start()
            environment = ModelEnvironment(sandboxes=sandboxes, root=Path(root), deadline=deadline)
            try:
                run_model(environment, examples=runs, steps=steps, seed_value=seed)
            except Exception as error:  # reported in the result, with the failing steps
                failure = f"{type(error).__name__}: {error}"
            stats = environment.stats
        finally:
            for sandbox in sandboxes.values():
                sandbox.stop()
    output.write_text(json.dumps({"stats": stats.to_json(), "failure": failure}))
    return 1 if failure else 0


def run_model_campaign(
    runs: int, steps: int, jobs: int, deadline: float
) -> tuple[CampaignStats, list[str]]:
    shards = []
    left, index = runs, 0
    while left > 0:
        size = min(SHARD_RUNS, left)
        shards.append((BASE_SEED + index, size))
        left -= size
        index += 1
    total = CampaignStats()
    failures: list[str] = []
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_shard, s, n, steps, deadline) for s, n in shards]
        for future in futures:
            result = future.result()
            if result.stats is not None:
                total.merge(result.stats)
            if result.failure:
                failures.append(f"seed {result.seed}: {result.failure}")
            if result.stats is not None:
                failures += [f"seed {result.seed}: {v}" for v in result.stats.violations]
            print(
                f"  model shard seed {result.seed}: {result.runs} runs, "
                f"{'FAILED' if result.failure or (result.stats and result.stats.violations) else 'ok'} "
                f"({total.runs} runs, {total.faults_total} faults so far)",
                flush=True,
            )
    total.duration = time.monotonic() - started
    return total, failures


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.campaign")
    parser.add_argument("--full", action="store_true", help="the whole campaign, docs updated")
    parser.add_argument("--model-runs", type=int, default=None)
    parser.add_argument("--crash-cycles", type=int, default=None)
    parser.add_argument("--steps", type=int, default=MODEL_STEPS)
    parser.add_argument("--deadline", type=float, default=1.0)
    parser.add_argument(
        "--jobs",
        type=int,
        default=max(1, (os.cpu_count() or 1) // 2),
        help="shards at once; each uses about two CPUs (the station and a sandbox), and an "
        "oversubscribed machine shows up as event-loop stalls",
    )
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--shard", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--shard-runs", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--shard-output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.shard is not None:
        return shard_main(args.shard, args.shard_runs, args.steps, args.deadline, args.shard_output)

    model_runs = (
        args.model_runs if args.model_runs is not None else (FULL_MODEL_RUNS if args.full else 50)
    )
    crash_cycles = (
        args.crash_cycles
        if args.crash_cycles is not None
        else (FULL_CRASH_CYCLES if args.full else 0)
    )
    write_docs = args.write_docs or args.full
    started_at = datetime.now(UTC)
    figures: dict[str, Any] = {
        "started": started_at.isoformat(timespec="seconds"),
        "machine": machine(),
    }
    failures: list[str] = []

    if model_runs:
        print(
            f"==> model campaign: {model_runs} runs of {args.steps} steps, {args.jobs} jobs",
            flush=True,
        )
        stats, model_failures = run_model_campaign(model_runs, args.steps, args.jobs, args.deadline)
        failures += model_failures
        figures["model"] = stats.to_json()
        figures["model"]["failures"] = model_failures
        figures["model"]["deadline"] = args.deadline
        figures["model"]["steps_per_run"] = args.steps
    if crash_cycles:
        from .crash_campaign import run_crash_campaign

        print(f"==> crash campaign: {crash_cycles} cycles, {args.jobs} jobs", flush=True)
        crash = run_crash_campaign(crash_cycles, jobs=args.jobs)
        failures += crash.failures
        figures["crash"] = crash.to_json()

    figures["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    from .report import render_results, write_results

    table = render_results(figures)
    print(table)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    if write_docs:
        write_results(DOCS, figures)
        print(f"results written to {DOCS}")
    for failure in failures:
        print(f"FAILURE {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
