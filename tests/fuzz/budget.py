"""How many payloads each fuzz test sends, and the Hypothesis settings that get them there.

CI runs derandomized (the same examples on every run, so a failure reproduces exactly) with the
quotas below: together at least `CI_MINIMUM_PAYLOADS` bad inputs through the client and the
label pipeline. `PACKSTATION_FUZZ_FULL=1` runs ten times as many, with fresh random seeds
(Hypothesis prints the seed of any failure so it can be replayed).

A payload is one input the code under test had to cope with: one HTTP response served to the
client, one label file, one ZPL document, one scan.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, settings

FULL_MODE_VARIABLE = "PACKSTATION_FUZZ_FULL"
FULL = os.environ.get(FULL_MODE_VARIABLE, "") not in ("", "0")
# PACKSTATION_FUZZ_SCALE overrides the multiplier (e.g. 0.05 while working on a strategy).
SCALE = float(os.environ.get("PACKSTATION_FUZZ_SCALE", 10 if FULL else 1))
CI_MINIMUM_PAYLOADS = 10_000
MAX_SECONDS_PER_CALL = 1.0
# A whole scan-to-print (a dozen calls, journal writes, a print) cannot be repeated to rule out
# a stalled machine, so it gets a looser bound; each of its calls is fuzzed under the 1 s one.
MAX_SECONDS_PER_PACK = 5.0

# Examples per fuzz test in CI; each example sends at least one payload.
QUOTAS: dict[str, int] = {
    "client: every method, fuzzed responses": 3_500,
    "client: label routes, fuzzed label files": 2_000,
    "labels: decode_label_file": 1_500,
    "printing: ZPL guard": 1_000,
    "gateway: translation of fuzzed responses": 900,
    "gateway: every number and date at its extremes": 0,  # a sweep: its size is the data's
    "packing: fuzzed labels to a recording printer": 600,
}
SCAN_QUOTAS: dict[str, int] = {
    "scans: random text": 700,
    "scans: references in noise": 500,
    "scans: keyboard-layout garbage": 400,
}

# Every payload sent in this process, by quota name: the terminal summary reports them.
SENT: Counter[str] = Counter()


def fuzz_settings(name: str) -> Callable[[Any], Any]:
    """Hypothesis settings for the test that fills quota `name`."""
    quota = {**QUOTAS, **SCAN_QUOTAS}[name]
    return settings(
        max_examples=max(1, int(quota * SCALE)),
        derandomize=not FULL,
        database=None,
        deadline=None,  # each call's time is measured and asserted by the test itself
        print_blob=True,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=(
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ),
    )


def seconds_of(run: Callable[[], object]) -> float:
    """How long `run()` takes, whatever it returns or raises."""
    started = time.perf_counter()
    with contextlib.suppress(Exception):  # only the time is wanted; the test checks the outcome
        run()
    return time.perf_counter() - started


@dataclass
class PayloadCount:
    """Counts one test's payloads; `check()` fails the test if it sent fewer than its quota."""

    name: str
    sent: int = 0
    examples: int = 0
    slowest: float = field(default=0.0)

    def add(self, payloads: int = 1) -> None:
        self.sent += payloads
        SENT[self.name] += payloads

    def example(self) -> None:
        self.examples += 1

    def timed(
        self,
        seconds: float,
        again: Callable[[], float] | None = None,
        limit: float = MAX_SECONDS_PER_CALL,
    ) -> None:
        """Check one call's time. `again` repeats the same call and returns its time: a call
        over the limit is timed once more, so a moment the machine stalled (CI runners are
        shared) is not taken for a slow input, while an input that is slow stays slow."""
        if seconds >= limit and again is not None:
            seconds = min(seconds, again())
        self.slowest = max(self.slowest, seconds)
        assert seconds < limit, f"{self.name}: one call took {seconds:.2f} s (limit {limit} s)"

    def check(self) -> None:
        quota = max(1, int({**QUOTAS, **SCAN_QUOTAS}[self.name] * SCALE))
        assert self.sent >= quota, f"{self.name}: only {self.sent} payloads, quota {quota}"
