"""Which completed steps of a ceremony to undo, and in what order (newest first)."""

from __future__ import annotations

from typing import Callable, Iterable

from rootkeeper.core.runbook import Step
from rootkeeper.core.step_contract import Outcome, StepOutcome, StepResult


def completed_step_ids(results: Iterable[StepResult]) -> set[str]:
    """Steps whose latest decisive outcome is OK (a step may be done, undone, done again)."""
    latest: dict[str, Outcome] = {}
    for result in results:
        if result.outcome in (Outcome.OK, Outcome.UNDONE, Outcome.SKIPPED):
            latest[result.step_id] = result.outcome
    return {step_id for step_id, outcome in latest.items() if outcome is Outcome.OK}


Undone = tuple[str, ...]  # step ids whose effect was reverted
Failed = tuple[tuple[str, str], ...]  # (step id, why its undo failed)


def undo_completed(steps: tuple[Step, ...], results: list[StepResult],
                   run_undo: Callable[[Step], StepOutcome],
                   conclude: Callable[[Step, StepOutcome], None]) -> tuple[Undone, Failed]:
    """Undo, newest first, each of ``steps`` that completed and declares an undo, unless a
    later step superseded it. Keeps going after a failure so that as much as possible is
    reverted; returns (undone step ids, (step id, why) for each failed undo)."""
    completed = completed_step_ids(results)
    undone: list[str] = []
    failed: list[tuple[str, str]] = []
    for step in reversed(steps):
        if not step.undo or step.id not in completed:
            continue
        if step.undo_superseded_by and step.undo_superseded_by in completed:
            continue
        outcome = run_undo(step)
        conclude(step, outcome)
        if outcome.ok:
            undone.append(step.id)
        else:
            failed.append((step.id, outcome.message))
    return tuple(undone), tuple(failed)
