"""Which steps of a ceremony to undo, and in what order (newest first): the completed
ones that declare an undo, and any step that declared it was about to create something
(``Declared``) which no undo has removed yet, even if that step failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from rootkeeper.core.runbook import History, Step
from rootkeeper.core.step_contract import Outcome, StepOutcome, StepResult


def history_of(results: Iterable[StepResult]) -> History:
    """By each step's latest decisive outcome (a step may be done, undone, done again): the
    steps done, and those skipped."""
    latest: dict[str, Outcome] = {}
    for result in results:
        if result.outcome in (Outcome.OK, Outcome.UNDONE, Outcome.SKIPPED):
            latest[result.step_id] = result.outcome
    return History(done=frozenset(step_id for step_id, outcome in latest.items() if outcome is Outcome.OK),
                   skipped=frozenset(step_id for step_id, outcome in latest.items() if outcome is Outcome.SKIPPED))


def completed_step_ids(results: Iterable[StepResult]) -> set[str]:
    """Steps whose latest decisive outcome is OK."""
    return set(history_of(results).done)


Undone = tuple[str, ...]  # step ids whose effect was reverted
Failed = tuple[tuple[str, str], ...]  # (step id, why its undo failed)


@dataclass(frozen=True)
class UndoPlanItem:
    """What an abort would do for one step, said before it is done (the abort dialog)."""

    step_id: str
    title: str
    text: str  # what the undo will do, and what it found in AWS when it could look
    looked: bool  # True when the undo read AWS to say it; False for a plain description


def steps_to_undo(steps: tuple[Step, ...], results: Iterable[StepResult],
                  pending: Iterable[str] = ()) -> list[Step]:
    """Newest first: each of ``steps`` that declares an undo and either completed (unless a
    later step superseded it) or has declarations pending (it may have created something
    before it failed or was interrupted)."""
    completed = completed_step_ids(results)
    pending = set(pending)
    chosen: list[Step] = []
    for step in reversed(steps):
        if not step.undo:
            continue
        if step.id in completed:
            if step.undo_superseded_by and step.undo_superseded_by in completed:
                continue
        elif step.id not in pending:
            continue
        chosen.append(step)
    return chosen


def undo_completed(steps: tuple[Step, ...], results: list[StepResult],
                   run_undo: Callable[[Step], StepOutcome],
                   conclude: Callable[[Step, StepOutcome], None],
                   pending: Iterable[str] = ()) -> tuple[Undone, Failed]:
    """Undo, newest first, each of ``steps_to_undo``. Keeps going after a failure so that
    as much as possible is reverted; returns (undone step ids, (step id, why) per failure)."""
    undone: list[str] = []
    failed: list[tuple[str, str]] = []
    for step in steps_to_undo(steps, results, pending):
        outcome = run_undo(step)
        conclude(step, outcome)
        if outcome.ok:
            undone.append(step.id)
        else:
            failed.append((step.id, outcome.message))
    return tuple(undone), tuple(failed)
