"""The model-based fault campaign, CI subset: fixed seeds, about 200 runs.

The full campaign (1,000+ runs, 10,000+ faults) is `python -m tests.reliability.campaign --full`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .model import ModelEnvironment, run_model
from .sandbox_process import SandboxProcess

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CI_RUNS = int(os.environ.get("PACKSTATION_MODEL_RUNS", "200"))
CI_STEPS = 8
CI_SEED = 20261123


@pytest.mark.timeout(300)
def test_model_campaign_ci_subset(
    reliability_sandboxes: dict[str, SandboxProcess], tmp_path: Path
) -> None:
    environment = ModelEnvironment(sandboxes=reliability_sandboxes, root=tmp_path)
    stats = run_model(environment, examples=CI_RUNS, steps=CI_STEPS, seed_value=CI_SEED)
    assert not stats.violations, "\n\n".join(stats.violations)
    assert stats.runs == CI_RUNS
    assert stats.faults_total > CI_RUNS  # faults really fired, the test is not vacuous
