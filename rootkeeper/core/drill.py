"""A drill: an incident runbook run against the rehearsal world against the clock. Its result
(how long it took, the mistakes, the steps retried) is read off what the engine already
keeps, the ceremony's step results: every refused input, wrong code or AWS error shown to
the operator is a failed outcome of a step, and a step attempted again after one was
retried. Pure: the UI measures the time with the app's clock and journals the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from rootkeeper.core.step_contract import Outcome, StepResult


@dataclass(frozen=True)
class DrillResult:
    runbook: str
    ceremony_id: str
    duration_seconds: int
    ended: str  # finished, aborted, or in-progress (the operator left it for later)
    mistakes: tuple[tuple[str, str], ...]  # (step id, what the operator was told)
    steps_retried: tuple[str, ...]
    incident_id: str | None = None

    def body(self) -> dict[str, Any]:
        """The body of the rehearsal journal's ``drill`` entry (the actor is added by the caller)."""
        body: dict[str, Any] = {
            "runbook": self.runbook, "ceremony_id": self.ceremony_id, "duration_seconds": self.duration_seconds,
            "ended": self.ended, "mistakes": len(self.mistakes),
            "mistakes_detail": [{"step": step, "message": message} for step, message in self.mistakes],
            "steps_retried": list(self.steps_retried)}
        if self.incident_id:
            body["incident_id"] = self.incident_id
        return body


def drill_result(*, runbook: str, ceremony_id: str, results: Iterable[StepResult], started: datetime,
                 ended_at: datetime, ended: str, incident_id: str | None = None) -> DrillResult:
    results = list(results)
    mistakes = tuple((r.step_id, r.message) for r in results if r.outcome is Outcome.FAILED)
    retried: list[str] = []
    failed_before: set[str] = set()
    for result in results:
        if result.step_id in failed_before and result.step_id not in retried:
            retried.append(result.step_id)
        if result.outcome is Outcome.FAILED:
            failed_before.add(result.step_id)
    duration = max(0, round((ended_at - started).total_seconds()))
    return DrillResult(runbook, ceremony_id, duration, ended, mistakes, tuple(retried), incident_id)


def elapsed_text(seconds: float) -> str:
    """The drill timer as shown: mm:ss (h:mm:ss past an hour)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
