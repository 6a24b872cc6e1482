"""What a campaign did: runs, steps, actions, faults armed and fired, outcomes, worst waits."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CampaignStats:
    runs: int = 0
    steps: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    faults_armed: Counter[str] = field(default_factory=Counter)
    faults_fired: Counter[str] = field(default_factory=Counter)
    exchanges: int = 0
    retries: int = 0
    violations: list[str] = field(default_factory=list)
    worst_lag: float = 0.0
    worst_action: float = 0.0
    worst_action_name: str = ""
    duration: float = 0.0
    log_records_searched: int = 0

    @property
    def faults_total(self) -> int:
        return sum(self.faults_fired.values())

    def merge(self, other: CampaignStats) -> None:
        self.runs += other.runs
        self.steps += other.steps
        self.actions.update(other.actions)
        self.outcomes.update(other.outcomes)
        self.faults_armed.update(other.faults_armed)
        self.faults_fired.update(other.faults_fired)
        self.exchanges += other.exchanges
        self.retries += other.retries
        self.violations.extend(other.violations)
        self.worst_lag = max(self.worst_lag, other.worst_lag)
        if other.worst_action > self.worst_action:
            self.worst_action = other.worst_action
            self.worst_action_name = other.worst_action_name
        self.duration += other.duration
        self.log_records_searched += other.log_records_searched

    def to_json(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "steps": self.steps,
            "actions": dict(self.actions),
            "outcomes": dict(self.outcomes),
            "faults_armed": dict(self.faults_armed),
            "faults_fired": dict(self.faults_fired),
            "faults_total": self.faults_total,
            "exchanges": self.exchanges,
            "retries": self.retries,
            "violations": self.violations,
            "worst_lag": self.worst_lag,
            "worst_action": self.worst_action,
            "worst_action_name": self.worst_action_name,
            "duration": self.duration,
            "log_records_searched": self.log_records_searched,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CampaignStats:
        return cls(
            runs=data["runs"],
            steps=data["steps"],
            actions=Counter(data["actions"]),
            outcomes=Counter(data["outcomes"]),
            faults_armed=Counter(data["faults_armed"]),
            faults_fired=Counter(data["faults_fired"]),
            exchanges=data["exchanges"],
            retries=data["retries"],
            violations=list(data["violations"]),
            worst_lag=data["worst_lag"],
            worst_action=data["worst_action"],
            worst_action_name=data["worst_action_name"],
            duration=data["duration"],
            log_records_searched=data.get("log_records_searched", 0),
        )
