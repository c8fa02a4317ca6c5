"""Winding a ceremony back: abort and clean-up (undo completed steps, newest first), the
leftovers of a step's earlier attempts, secrets lost in an interruption, and going back to
the step a failed check verifies. A part of ``Ceremony`` (core/ceremony.py), kept apart."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import MappingProxyType

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Step
from rootkeeper.core.step_contract import (CeremonyEvent, Declared, Outcome, StepOutcome, StepResult, can_preview)
from rootkeeper.core.step_binding import call_handler
from rootkeeper.core.undo import UndoPlanItem, steps_to_undo, undo_completed


class CeremonyStatus(enum.StrEnum):
    IN_PROGRESS = "in-progress"
    FINISHED = "finished"
    ABORTED = "aborted"
    CLEANUP_PENDING = "cleanup-pending"  # aborted, but an undo failed: clean_up() again later


class CeremonyClosedError(RootkeeperError):
    """A step was asked of a ceremony that is finished, aborted or awaiting clean-up."""


@dataclass(frozen=True)
class AbortReport:
    undone: tuple[str, ...]  # step ids whose effect was reverted
    failed: tuple[tuple[str, str], ...]  # (step id, why its undo failed)

    @property
    def clean(self) -> bool:
        return not self.failed


class Rewinding:
    """The winding-back half of Ceremony (it uses the ceremony's state and journaling)."""

    def abort(self, *, reason: str) -> AbortReport:
        """Stop the ceremony: undo completed steps that declare an undo, newest first."""
        return self._wind_down(CeremonyEvent.ABORTED, reason)

    def clean_up(self) -> AbortReport:
        """For an interrupted ceremony the operator does not resume: undo, record, discard."""
        return self._wind_down(CeremonyEvent.CLEANED_UP, "clean-up of an interrupted ceremony")

    def undo_plan(self) -> tuple[UndoPlanItem, ...]:
        """What ``abort`` or ``clean_up`` would undo now, newest first, changing nothing: an undo
        handler marked ``previews`` reads AWS and says what it found; others are described."""
        plan = []
        for step in steps_to_undo(self._undo_scope(), self._results, self._pending_step_ids()):
            handler = self._undo_handlers[step.undo]  # bindings were checked in __init__
            if not can_preview(handler):
                plan.append(UndoPlanItem(step.id, step.title, f"will undo '{step.title}'", looked=False))
                continue
            outcome = call_handler(handler, self._context(step, {}, None, undoing=True, previewing=True))
            if outcome.ok:
                plan.append(UndoPlanItem(step.id, step.title, outcome.message, looked=True))
            else:
                plan.append(UndoPlanItem(step.id, step.title,
                                         f"could not read AWS to see what '{step.title}' left ({outcome.message}); "
                                         "the abort will still try to undo it", looked=False))
        return tuple(plan)
    def back_target(self) -> Step | None:
        """When the current step is a check whose last run failed, the step it verifies that
        the operator can do again (the latest of its ``checks`` that completed); else None.
        A step whose secrets are gone is not offered: it could not run again."""
        step = self.current_step
        if step is None or not step.checks:
            return None
        related = [result for result in self._results if result.step_id in (step.id, *step.checks)]
        # Only right after the check failed: not once the step was done again, before the check ran.
        if not related or related[-1].step_id != step.id or related[-1].outcome is not Outcome.FAILED \
                or related[-1].evidence.get("refused"):
            return None
        done = [result.step_id for result in related if result.step_id in step.checks and result.outcome is Outcome.OK]
        if not done:
            return None
        target = self.runbook.step(done[-1])
        if not set(target.uses_secrets) <= self.secrets.names():
            return None
        return target

    def go_back(self, *, note: str | None = None) -> Step:
        """Make ``back_target()`` the current step again (journaled): its own outcome, and
        the steps after it, will be recorded anew."""
        target = self.back_target()
        step = self._require_current()
        if target is None:
            raise RootkeeperError(f"'{step.title}' offers no step to go back to.")
        why = next(result.message for result in reversed(self._results) if result.step_id == step.id)
        self._index = self.runbook.index_of(target.id)
        self._record_event(CeremonyEvent.WENT_BACK, " | ".join(
            part for part in (f"back to '{target.title}': '{step.title}' failed: {why}", note) if part))
        self._save()
        return target

    # -- what steps may have created ----------------------------------------------------

    def _declare(self, step: Step, kind: str, name: str) -> None:
        """Persist, before the AWS call, that ``step`` is about to create ``name``. If it cannot
        be saved, the error propagates and the call is never made."""
        self._declared.append(Declared(step.id, kind, name, self._clock()))
        self._save()

    def _outstanding(self, step_id: str) -> tuple[Declared, ...]:
        return tuple(item for item in self._declared if item.step_id == step_id)

    def _pending_step_ids(self) -> set[str]:
        return {item.step_id for item in self._declared}

    def _forget_declared(self, step_id: str) -> None:
        self._declared = [item for item in self._declared if item.step_id != step_id]

    def _undo_scope(self) -> tuple[Step, ...]:
        """The steps an abort may undo: those done, and the current one (it may have created
        something before it failed or was interrupted)."""
        return self.runbook.steps[:self._index + 1]

    def _remove_leftovers(self, step: Step) -> StepOutcome | None:
        """Before a step runs again, undo what its earlier attempts may have created. None
        when there was nothing to remove or it was removed (journaled as undone); otherwise
        the failure that keeps the step from running again."""
        if not step.undo or not self._outstanding(step.id):
            return None
        reason = "before running the step again"
        outcome = call_handler(self._undo_handlers[step.undo], self._context(step, {}, None, undoing=True))
        if outcome.ok:
            result = StepResult(step.id, step.kind, Outcome.UNDONE, self._clock(), outcome.message,
                                MappingProxyType(dict(outcome.evidence)))
            self._record(step, result, f"undo ({reason})")
            self._results.append(result)
            self._forget_declared(step.id)
            self._save()
            return None
        return StepOutcome.failure(f"'{step.title}' was not run again: what an earlier attempt may have created "
                                   f"could not be removed first ({outcome.message}). Try again, or abort.",
                                   evidence={"leftover_undo_failed": True, **dict(outcome.evidence)})

    def _wind_down(self, event: CeremonyEvent, reason: str) -> AbortReport:
        if self._status not in (CeremonyStatus.IN_PROGRESS, CeremonyStatus.CLEANUP_PENDING):
            raise CeremonyClosedError(f"This ceremony is {self._status.value}: there is nothing to undo.")
        step = self.current_step
        if step is not None:
            result = StepResult(step.id, step.kind, Outcome.ABORTED, self._clock(), reason)
            self._record(step, result, None)
            self._results.append(result)
        report = self._undo(self._undo_scope(), reason)
        self.secrets.clear()
        self._status = CeremonyStatus.ABORTED if report.clean else CeremonyStatus.CLEANUP_PENDING
        failures = "; ".join(f"{step_id}: {why}" for step_id, why in report.failed)
        self._record_event(event, reason if report.clean else f"{reason}; undo failed: {failures}")
        if report.clean:
            self._discard()
        else:
            self._save()
        return report

    def _undo(self, steps: tuple[Step, ...], reason: str) -> AbortReport:
        def run_undo(step: Step) -> StepOutcome:
            handler = self._undo_handlers[step.undo]  # bindings were checked in __init__
            return call_handler(handler, self._context(step, {}, None, undoing=True))

        def conclude(step: Step, outcome: StepOutcome) -> None:
            result = StepResult(step.id, step.kind, Outcome.UNDONE if outcome.ok else Outcome.FAILED,
                                self._clock(), outcome.message, MappingProxyType(dict(outcome.evidence)))
            self._record(step, result, f"undo ({reason})")
            self._results.append(result)
            if outcome.ok:
                self._forget_declared(step.id)

        undone, failed = undo_completed(steps, self._results, run_undo, conclude, self._pending_step_ids())
        return AbortReport(undone, failed)

    def _rewind_for_lost_secrets(self) -> None:
        steps = self.runbook.steps
        needed = {name for step in steps[self._index:] for name in step.uses_secrets}
        producers = [index for index in range(self._index) if needed & set(steps[index].produces_secrets)]
        if not producers:
            return
        back_to = producers[0]
        report = self._undo(steps[back_to:self._index + 1], "secrets lost in the interruption")
        if not report.clean:
            self._status = CeremonyStatus.CLEANUP_PENDING
            self.notice = ("The ceremony's secrets did not survive the interruption, and undoing the "
                           f"steps that made them failed ({report.failed[0][1]}): clean it up instead.")
        else:
            self._index = back_to
            self.notice = ("The ceremony's secrets did not survive the interruption"
                           + (f" ({', '.join(report.undone)} undone)" if report.undone else "")
                           + f": it continues at '{steps[back_to].title}'.")
        self._save()

