"""The ceremony engine: runs a runbook step by step, journals every outcome, persists
progress (never a secret), and undoes completed steps when a ceremony is aborted.

The shape is clive's multi-step form: steps over one shared context of facts. Behaviour
is bound at run time (``handlers`` by step id, ``undo_handlers`` by undo id), so the
engine stays pure and is tested with fakes; aws/ and ui/ bind the real ones.
"""

from __future__ import annotations

import enum
import json
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, Callable, Mapping

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.progress import ProgressStatus, ProgressStore, SavedCeremony
from rootkeeper.core.identity import Identity
from rootkeeper.core.runbook import Confirmation, Runbook, Step, StepKind
from rootkeeper.core.secretbox import SecretBox
from rootkeeper.core.step_contract import (CeremonyEvent, ConsolePlay, Declared, Evidence, Outcome, Recorder,
                                           StepContext, StepHandler, StepOutcome, StepResult, can_preview,
                                           evidence_kind_of)
from rootkeeper.core.step_binding import call_handler, check_bindings, check_input_names, default_handler
from rootkeeper.core.undo import UndoPlanItem, steps_to_undo, undo_completed
from rootkeeper.core.validators import typed_account_id_matches

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class CeremonyStatus(enum.StrEnum):
    IN_PROGRESS = "in-progress"
    FINISHED = "finished"
    ABORTED = "aborted"
    CLEANUP_PENDING = "cleanup-pending"  # aborted, but an undo failed: clean_up() again later


class PreconditionError(RootkeeperError):
    """The identity in use cannot run this runbook; the message says what to use instead."""


class CeremonyClosedError(RootkeeperError):
    """A step was asked of a ceremony that is finished, aborted or awaiting clean-up."""


@dataclass(frozen=True)
class AbortReport:
    undone: tuple[str, ...]  # step ids whose effect was reverted
    failed: tuple[tuple[str, str], ...]  # (step id, why its undo failed)

    @property
    def clean(self) -> bool:
        return not self.failed


class Ceremony:
    """One run of a runbook. Create with ``start``, ``resume`` or ``reopen``, never directly.
    Not thread-safe: the UI runs one step at a time (in a worker) and waits for its result."""

    def __init__(self, runbook: Runbook, *, ceremony_id: str, facts: Mapping[str, Any],
                 results: tuple[StepResult, ...], current_index: int, started_at: datetime,
                 handlers: Mapping[str, StepHandler], undo_handlers: Mapping[str, StepHandler],
                 recorder: Recorder, store: ProgressStore | None, clock: Clock,
                 status: CeremonyStatus = CeremonyStatus.IN_PROGRESS,
                 declared: tuple[Declared, ...] = ()) -> None:
        check_bindings(runbook, handlers, undo_handlers)
        self.id = ceremony_id
        self.runbook = runbook
        self.secrets = SecretBox()
        self.notice: str | None = None  # what the operator should be told after a resume
        self._facts: dict[str, Any] = dict(facts)
        self._results: list[StepResult] = list(results)
        self._index = current_index
        self._started_at = started_at
        self._handlers = dict(handlers)
        self._undo_handlers = dict(undo_handlers)
        self._recorder = recorder
        self._store = store
        self._clock = clock
        self._status = status
        self._declared: list[Declared] = list(declared)

    # -- creating -----------------------------------------------------------------------

    @classmethod
    def start(cls, runbook: Runbook, *, identity: Identity, handlers: Mapping[str, StepHandler],
              recorder: Recorder, undo_handlers: Mapping[str, StepHandler] | None = None,
              management_account_id: str | None = None, store: ProgressStore | None = None,
              clock: Clock = utc_now, facts: Mapping[str, Any] | None = None,
              note: str | None = None) -> Ceremony:
        """Begin a ceremony as ``identity`` (raises PreconditionError, journaling nothing, if it
        does not fit the runbook). The account id becomes the fact ``account_id``."""
        problem = runbook.precondition_problem(identity, management_account_id)
        if problem is not None:
            raise PreconditionError(problem)
        ceremony = cls(runbook, ceremony_id=str(uuid.uuid4()),
                       facts={**(facts or {}), "account_id": identity.account_id},
                       results=(), current_index=0, started_at=clock(), handlers=handlers,
                       undo_handlers=undo_handlers or {}, recorder=recorder, store=store, clock=clock)
        ceremony._record_event(CeremonyEvent.STARTED, note)
        ceremony._save()
        return ceremony

    @classmethod
    def reopen(cls, saved: SavedCeremony, *, runbooks: Mapping[str, Runbook],
               handlers: Mapping[str, StepHandler], recorder: Recorder,
               undo_handlers: Mapping[str, StepHandler] | None = None,
               store: ProgressStore | None = None, clock: Clock = utc_now) -> Ceremony:
        """Rebuild a saved ceremony as it was, journaling nothing: for ``clean_up()`` when the
        operator chooses not to resume it. ``resume`` is the way to continue one."""
        runbook = runbooks.get(saved.runbook_id)
        if runbook is None:
            raise RootkeeperError(f"This ceremony ran runbook {saved.runbook_id!r}, which this version of "
                                  "rootkeeper does not know.", hint="Discard it, and check AWS by hand.")
        unknown = {result.step_id for result in saved.results} - {step.id for step in runbook.steps}
        if unknown or not 0 <= saved.current_index <= len(runbook.steps):
            raise RootkeeperError(f"This ceremony's saved progress does not match runbook {runbook.id!r} "
                                  "as this version of rootkeeper defines it.",
                                  hint="Discard it, and check AWS by hand.")
        status = (CeremonyStatus.CLEANUP_PENDING if saved.status is ProgressStatus.CLEANUP_PENDING
                  else CeremonyStatus.IN_PROGRESS)
        return cls(runbook, ceremony_id=saved.ceremony_id, facts=saved.facts, results=saved.results,
                   current_index=saved.current_index, started_at=saved.started_at, handlers=handlers,
                   undo_handlers=undo_handlers or {}, recorder=recorder, store=store, clock=clock,
                   status=status, declared=saved.declared)

    @classmethod
    def resume(cls, saved: SavedCeremony, *, runbooks: Mapping[str, Runbook],
               handlers: Mapping[str, StepHandler], recorder: Recorder,
               undo_handlers: Mapping[str, StepHandler] | None = None,
               store: ProgressStore | None = None, clock: Clock = utc_now) -> Ceremony:
        """Continue an interrupted ceremony. Secrets did not survive the interruption: if a
        remaining step needs one, the steps since the one that produced it are undone and
        run again (e.g. the unassigned MFA device is deleted and a new one created). If that
        undo fails, the ceremony is left awaiting clean-up, and ``notice`` says so."""
        ceremony = cls.reopen(saved, runbooks=runbooks, handlers=handlers, recorder=recorder,
                              undo_handlers=undo_handlers, store=store, clock=clock)
        ceremony._record_event(CeremonyEvent.RESUMED, None)
        if ceremony.status is CeremonyStatus.IN_PROGRESS:
            ceremony._rewind_for_lost_secrets()
        return ceremony

    # -- reading ------------------------------------------------------------------------

    @property
    def facts(self) -> Mapping[str, Any]:
        return MappingProxyType(self._facts)

    @property
    def results(self) -> tuple[StepResult, ...]:
        return tuple(self._results)

    @property
    def declared(self) -> tuple[Declared, ...]:
        """What steps said they were about to create that no undo has removed yet."""
        return tuple(self._declared)

    @property
    def status(self) -> CeremonyStatus:
        return self._status

    @property
    def current_index(self) -> int:
        return self._index

    @property
    def current_step(self) -> Step | None:
        if self._status is not CeremonyStatus.IN_PROGRESS or self._index >= len(self.runbook.steps):
            return None
        return self.runbook.steps[self._index]

    def snapshot(self) -> SavedCeremony:
        return SavedCeremony(ceremony_id=self.id, runbook_id=self.runbook.id, current_index=self._index,
                             started_at=self._started_at, updated_at=self._clock(), facts=dict(self._facts),
                             results=tuple(self._results),
                             status=self._progress_status(), declared=tuple(self._declared))

    def _progress_status(self) -> ProgressStatus:
        if self._status is CeremonyStatus.CLEANUP_PENDING:
            return ProgressStatus.CLEANUP_PENDING
        return ProgressStatus.IN_PROGRESS

    # -- running ------------------------------------------------------------------------

    def run_step(self, *, inputs: Mapping[str, str] | None = None,
                 secret_inputs: Mapping[str, str] | None = None, confirmed: bool = False,
                 typed_account_id: str | None = None, witness: str | None = None,
                 note: str | None = None, attested_by: str | None = None,
                 played: ConsolePlay | None = None) -> StepResult:
        """Run the current step. A refused confirmation or a RootkeeperError from the handler
        is a failed outcome, journaled; the step stays current and can be tried again. Any
        other exception is a bug: it propagates, nothing is journaled, the step stays current.
        Either way, what the step declared it was about to create stays recorded, and is
        removed (by the step's undo) before the step runs again, so that retries never pile
        up resources.

        ``played``: the rehearsal console did this manual step (the UI ran it just before).
        Its evidence is "rehearsed" if the console's before and after differ; a play that
        changed nothing fails the step, saying so, whatever the handler would have said."""
        step = self._require_current()
        inputs = {name: value.strip() for name, value in (inputs or {}).items()}
        secret_inputs = dict(secret_inputs or {})
        check_input_names(step, inputs, secret_inputs)
        witness = (witness or "").strip() or None
        attested_by = (attested_by or "").strip() or None
        refusal = self._refusal(step, inputs, secret_inputs, confirmed, typed_account_id, witness)
        if refusal is not None:
            return self._conclude(step, StepOutcome.failure(refusal, evidence={"refused": True}), witness, note)
        leftover = self._remove_leftovers(step)
        if leftover is not None:
            return self._conclude(step, leftover, witness, note)
        for name, value in secret_inputs.items():
            self.secrets.put(name, value)
        try:
            handler = self._handlers.get(step.id) or default_handler(step)
            outcome = call_handler(handler, self._context(step, inputs, witness, played=played))
            if played is not None:
                outcome = _with_play(step, outcome, played)
            if outcome.ok:
                outcome = StepOutcome(True, outcome.message, outcome.evidence, {**inputs, **outcome.facts},
                                      outcome.evidence_kind)
            self._guard(outcome, note)
        finally:
            self.secrets.discard(step.secret_inputs)  # codes live for one attempt only
        return self._conclude(step, outcome, witness, note, attested_by=attested_by)

    def skip_step(self, *, reason: str, note: str | None = None) -> StepResult:
        step = self._require_current()
        if not step.optional:
            raise RootkeeperError(f"The step '{step.title}' cannot be skipped.")
        return self._conclude(step, None, None, note, skipped_because=reason)

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

    # -- inside -------------------------------------------------------------------------

    def _require_current(self) -> Step:
        step = self.current_step
        if step is None:
            raise CeremonyClosedError(f"This ceremony is {self._status.value}: no step can run.")
        return step

    def _refusal(self, step: Step, inputs: Mapping[str, str], secret_inputs: Mapping[str, str],
                 confirmed: bool, typed_account_id: str | None, witness: str | None) -> str | None:
        if step.confirmation is Confirmation.YES_NO and not confirmed:
            return f"Not confirmed: '{step.title}' was not run."
        if step.confirmation is Confirmation.TYPE_ACCOUNT_ID:
            expected = str(self._facts.get("account_id", ""))
            if not expected or not typed_account_id_matches(typed_account_id or "", expected):
                return (f"The account id typed does not match this account ({expected}): "
                        f"'{step.title}' was not run.")
        missing = [name for name in (*step.inputs, *step.secret_inputs)
                   if not (inputs.get(name) or secret_inputs.get(name))]
        if missing:
            return f"'{step.title}' needs {', '.join(missing)}."
        if step.needs_witness and witness is None:
            return f"'{step.title}' needs a witness: enter the witness's name."
        return None

    def _context(self, step: Step, inputs: Mapping[str, str], witness: str | None,
                 undoing: bool = False, previewing: bool = False, played: ConsolePlay | None = None) -> StepContext:
        acting = not (undoing or previewing)
        return StepContext(ceremony_id=self.id, runbook=self.runbook, step=step,
                           facts=MappingProxyType(dict(self._facts)), inputs=MappingProxyType(dict(inputs)),
                           secrets=self.secrets, now=self._clock(), witness=witness, undoing=undoing,
                           declared=self._outstanding(step.id), previewing=previewing, played=played,
                           declare=(lambda kind, name: self._declare(step, kind, name)) if acting else None)

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

    def _guard(self, outcome: StepOutcome, note: str | None) -> None:
        # Without default=: evidence or facts that are not JSON fail here, before the journal.
        text = json.dumps({"m": outcome.message, "e": outcome.evidence, "f": outcome.facts, "n": note},
                          ensure_ascii=False)
        self.secrets.guard(text, where="the journal")

    def _conclude(self, step: Step, outcome: StepOutcome | None, witness: str | None, note: str | None,
                  skipped_because: str | None = None, attested_by: str | None = None) -> StepResult:
        if outcome is None:
            result = StepResult(step.id, step.kind, Outcome.SKIPPED, self._clock(), skipped_because or "",
                                {"reason": skipped_because}, evidence_kind=Evidence.NONE)
        else:
            result = StepResult(step.id, step.kind, Outcome.OK if outcome.ok else Outcome.FAILED, self._clock(),
                                outcome.message, MappingProxyType(dict(outcome.evidence)), witness,
                                attested_by if step.kind is StepKind.ATTEST else None,
                                evidence_kind=outcome.evidence_kind)
            result = replace(result, evidence_kind=evidence_kind_of(result))
        # Journal first, then move the cursor: a crash in between re-offers the step rather
        # than leaving a step done that the journal never heard of.
        self._record(step, result, note)
        self._results.append(result)
        if result.outcome is Outcome.FAILED:
            self._save()
            return result
        if outcome is not None:
            self._facts.update(outcome.facts)
        self._index += 1
        remaining = self.runbook.steps[self._index:]
        self.secrets.keep_only(name for later in remaining for name in later.uses_secrets)
        if remaining:
            self._save()
        else:
            self._status = CeremonyStatus.FINISHED
            self.secrets.clear()
            self._record_event(CeremonyEvent.FINISHED, None)
            self._discard()
        return result

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

    def _record(self, step: Step, result: StepResult, note: str | None) -> None:
        repeated = bool(note and result.message and note.lower() in result.message.lower())  # said once is enough
        joined = " | ".join(part for part in (result.message, None if repeated else note) if part) or None
        self.secrets.guard(json.dumps([joined, dict(result.evidence), result.witness, result.attested_by],
                                      ensure_ascii=False), where="the journal")
        # attested_by only when there is one: recorders written before it existed keep working.
        who = {"attested_by": result.attested_by} if result.attested_by else {}
        self._recorder.record_step(runbook=self.runbook.id, step=step.id, step_kind=step.kind.value,
                                   outcome=result.outcome.value, evidence=dict(result.evidence), note=joined,
                                   witness=result.witness, ceremony_id=self.id,
                                   evidence_kind=evidence_kind_of(result).value, **who)

    def _record_event(self, event: CeremonyEvent, note: str | None) -> None:
        self.secrets.guard(json.dumps([note, self._facts], ensure_ascii=False), where="the journal")
        self._recorder.record_ceremony(runbook=self.runbook.id, ceremony_id=self.id, event=event.value,
                                       facts=dict(self._facts), note=note)

    def _save(self) -> None:
        if self._store is not None:
            self._store.save(self.snapshot(), secrets=self.secrets)

    def _discard(self) -> None:
        if self._store is not None:
            self._store.discard(self.id)


def _with_play(step: Step, outcome: StepOutcome, played: ConsolePlay) -> StepOutcome:
    """A manual step the rehearsal console did: "rehearsed" when the console's state changed,
    a failure that says so when it did not (the console did nothing, so nothing is claimed)."""
    evidence = {**outcome.evidence, "rehearsal_console": played.to_json()}
    if not outcome.ok:
        return StepOutcome(False, outcome.message, evidence, {}, outcome.evidence_kind)
    if not played.did_change:
        return StepOutcome.failure(
            f"The rehearsal console changed nothing for '{step.title}' ({played.note}): the step is not done. "
            "Do it again, or in the console by hand, then report it.", evidence=evidence, evidence_kind=Evidence.NONE)
    return StepOutcome(True, outcome.message, evidence, outcome.facts, outcome.evidence_kind or Evidence.REHEARSED)
