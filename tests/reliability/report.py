"""The campaign's figures as Markdown, and their place in docs/reliability.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODEL_MARKS = (
    "<!-- campaign-results:start (written by python -m tests.reliability.campaign) -->",
    "<!-- campaign-results:end -->",
)
CRASH_MARKS = (
    "<!-- crash-results:start (written by python -m tests.reliability.campaign) -->",
    "<!-- crash-results:end -->",
)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 90 else f"{seconds:.0f} s"


def _when(figures: dict[str, Any]) -> list[str]:
    return [f"Run {figures['started']} to {figures['finished']} on {figures['machine']}.", ""]


def render_results(figures: dict[str, Any]) -> str:
    """Both parts, for the terminal."""
    return "\n".join(
        part for part in (render_model(figures), render_crash(figures)) if part.strip()
    )


def render_model(figures: dict[str, Any]) -> str:
    lines: list[str] = []
    model = figures.get("model")
    if model:
        lines += _when(figures)
        failures = model.get("failures") or []
        lines += [
            "**Model-based fault campaign**",
            "",
            "| Figure | Value |",
            "|---|---|",
            f"| Runs (independent stations, sandbox reset) | {model['runs']} |",
            f"| Moves per run (packer actions, faults, printer and clock changes) | {model['steps_per_run']} |",
            f"| Packer actions | {sum(model['actions'].values())} |",
            f"| Faults injected (fired) | {model['faults_total']} |",
            f"| HTTP exchanges / of which retries | {model['exchanges']} / {model['retries']} |",
            f"| Action deadline in the test settings | {model['deadline']:g} s |",
            f"| Longest action | {model['worst_action']:.2f} s ({model['worst_action_name']}) |",
            "| Longest event-loop stall with the loop's thread busy (a 5 ms ticker; the thread is"
            " sampled once a tick is 100 ms late; the limit is 200 ms) | "
            + (f"{model['worst_lag'] * 1000:.0f} ms |" if model["worst_lag"] else "none |"),
            "| Sentinel search after every run: log records searched for the (sentinel) API"
            " key and the customers' names, e-mails, phones and address lines; also every file"
            " the station wrote (key) and its journal outside the archived labels (personal"
            f" data) | {model.get('log_records_searched', 0)} records, hits count as violations |",
            f"| Invariant violations | {len(model['violations'])} |",
            f"| Wall time | {_minutes(model['duration'])} |",
            "",
            "| Fault kind | Armed | Fired |",
            "|---|---|---|",
        ]
        for kind in sorted(set(model["faults_armed"]) | set(model["faults_fired"])):
            lines.append(
                f"| {kind} | {model['faults_armed'].get(kind, 0)} | "
                f"{model['faults_fired'].get(kind, 0)} |"
            )
        lines += ["", "| Packer action | Count |", "|---|---|"]
        for action, count in _grouped_actions(model["actions"]).most_common():
            lines.append(f"| {action} | {count} |")
        lines += ["", "| How actions ended | Count |", "|---|---|"]
        for outcome, count in sorted(model["outcomes"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {outcome} | {count} |")
        if failures:
            lines += ["", "Failures:", ""] + [f"- {f.splitlines()[0][:300]}" for f in failures]
        lines.append("")
    return "\n".join(lines)


def render_crash(figures: dict[str, Any]) -> str:
    lines: list[str] = []
    crash = figures.get("crash")
    if crash:
        lines += _when(figures)
        lines += [
            "**Crash cycles (SIGKILL, restart, reconcile)**",
            "",
            "| Figure | Value |",
            "|---|---|",
            f"| Crash cycles (a process killed, then restarted) | {crash['cycles']} |",
            f"| Packs (orders) | {crash['packs']} |",
            f"| Distinct kill points reached | {len(crash['kill_points'])} |",
            f"| Kill points never reached (expected for some order kinds) | {crash['unreached']} |",
            f"| Lost consignments | {crash['lost']} |",
            f"| Duplicated consignments | {crash['duplicated']} |",
            f"| Labels missing / printed twice | {crash['labels_missing']} / "
            f"{crash['labels_twice']} |",
            f"| Other failures | {len(crash['failures'])} |",
            f"| Wall time | {_minutes(crash['duration'])} |",
            "",
            "| Order kind | Cycles |",
            "|---|---|",
        ]
        for kind, count in sorted(crash["kinds"].items()):
            lines.append(f"| {kind} | {count} |")
        lines += ["", "| Kill point | Cycles |", "|---|---|"]
        for point, count in sorted(crash["kill_points"].items()):
            lines.append(f"| `{point}` | {count} |")
        if crash["failures"]:
            lines += ["", "Failures:", ""] + [
                f"- {f.splitlines()[0][:300]}" for f in crash["failures"]
            ]
        lines.append("")
    return "\n".join(lines)


def _grouped_actions(actions: dict[str, int]) -> Any:
    from collections import Counter

    grouped: Counter[str] = Counter()
    for name, count in actions.items():
        words = name.split(" ")
        key = words[0]
        if key in ("Esc", "power"):
            key = "Esc" if key == "Esc" else "power cut"
        elif key in ("double", "day", "retry"):
            key = " ".join(words[:2])
        grouped[key] += count
    return grouped


def write_results(path: Path, figures: dict[str, Any]) -> None:
    """Replace what is between each part's marks (the rest of the file is left alone)."""
    text = path.read_text()
    for (start_mark, end_mark), render in (
        (MODEL_MARKS, render_model),
        (CRASH_MARKS, render_crash),
    ):
        table = render(figures)
        if not table.strip():
            continue
        start, end = text.index(start_mark), text.index(end_mark)
        text = text[: start + len(start_mark)] + "\n" + table + "\n" + text[end:]
    path.write_text(text)
