"""core/drill.py: a drill's result read off the ceremony's step results."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rootkeeper.core.drill import drill_result, elapsed_text
from rootkeeper.core.runbook import StepKind
from rootkeeper.core.step_contract import Outcome, StepResult

T0 = datetime(2026, 12, 2, 16, 0, tzinfo=timezone.utc)


def result(step: str, outcome: Outcome, message: str = "", minute: int = 0) -> StepResult:
    return StepResult(step, StepKind.CHECK, outcome, T0 + timedelta(minutes=minute), message)


def test_mistakes_are_the_failed_outcomes_and_retried_steps_those_tried_again():
    results = [result("a", Outcome.OK), result("b", Outcome.FAILED, "wrong code"),
               result("b", Outcome.FAILED, "wrong code again"), result("b", Outcome.OK),
               result("c", Outcome.FAILED, "AccessDenied"), result("d", Outcome.SKIPPED)]
    drill = drill_result(runbook="lost-mfa", ceremony_id="c-1", results=results, started=T0,
                         ended_at=T0 + timedelta(minutes=7, seconds=31), ended="aborted", incident_id="INC-20261202-1a2b")
    assert drill.duration_seconds == 451 and drill.ended == "aborted"
    assert drill.mistakes == (("b", "wrong code"), ("b", "wrong code again"), ("c", "AccessDenied"))
    assert drill.steps_retried == ("b",)  # c failed but was never tried again
    body = drill.body()
    assert body["mistakes"] == 3 and body["steps_retried"] == ["b"] and body["incident_id"] == "INC-20261202-1a2b"
    assert body["mistakes_detail"][2] == {"step": "c", "message": "AccessDenied"}


def test_a_clean_drill_has_no_mistakes_and_the_timer_reads_minutes_and_seconds():
    drill = drill_result(runbook="r", ceremony_id="c", results=[result("a", Outcome.OK)], started=T0, ended_at=T0,
                         ended="finished")
    assert (drill.mistakes, drill.steps_retried, drill.duration_seconds) == ((), (), 0)
    assert "incident_id" not in drill.body()
    assert [elapsed_text(s) for s in (0, 65, 3599, 3725)] == ["00:00", "01:05", "59:59", "1:02:05"]
