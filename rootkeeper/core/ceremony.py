"""The ceremony engine: runs a runbook step by step, skips (journaled) the optional steps
that do not apply, journals every outcome, persists progress (never a secret), and undoes
completed steps when a ceremony is aborted (core/ceremony_rewind.py).

The shape is clive's multi-step form: steps over one shared context of facts. Behaviour
is bound at run time (``handlers`` by step id, ``undo_handlers`` by undo id), so the
engine stays pure and is tested with fakes; ceremonies/ binds the real ones.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, Callable, Mapping

from rootkeeper.core.ceremony_journal import Journaling
from rootkeeper.core.ceremony_rewind import AbortReport, CeremonyClosedError, CeremonyStatus, Rewinding
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.identity import Identity
from rootkeeper.core.incidents import incident_facts
from rootkeeper.core.progress import ProgressStatus, ProgressStore, SavedCeremony
from rootkeeper.core.runbook import History, Runbook, Step, StepKind
from rootkeeper.core.secretbox import SecretBox
from rootkeeper.core.step_binding import (call_handler, check_bindings, check_input_names, default_handler, refusal,
                                          with_play)
from rootkeeper.core.step_contract import (CeremonyEvent, ConsolePlay, Declared, LookHandler, Outcome, Recorder,
                                           StepContext, StepHandler, StepOutcome, StepResult, evidence_kind_of)
from rootkeeper.core.undo import history_of

__all__ = ["AbortReport", "Ceremony", "CeremonyClosedError", "CeremonyStatus", "PreconditionError", "utc_now"]

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class PreconditionError(RootkeeperError):
    """The identity in use cannot run this runbook; the message says what to use instead."""


class Ceremony(Journaling, Rewinding):
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
              note: str | None = None, incident_id: str | None = None) -> Ceremony:
        """Begin a ceremony as ``identity`` (raises PreconditionError, journaling nothing, if it
        does not fit the runbook). The account id becomes the fact ``account_id``; an incident
        runbook's ceremony joins ``incident_id`` or opens one (core/incidents.py)."""
        problem = runbook.precondition_problem(identity, management_account_id)
        if problem is not None:
            raise PreconditionError(problem)
        ceremony = cls(runbook, ceremony_id=str(uuid.uuid4()), facts={
            **incident_facts(runbook, incident_id, clock()), **(facts or {}), "account_id": identity.account_id},
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
        runbook = saved.runbook_in(runbooks)
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
            ceremony._skip_what_does_not_apply()
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
        status = (ProgressStatus.CLEANUP_PENDING if self._status is CeremonyStatus.CLEANUP_PENDING
                  else ProgressStatus.IN_PROGRESS)
        return SavedCeremony(ceremony_id=self.id, runbook_id=self.runbook.id, current_index=self._index,
                             started_at=self._started_at, updated_at=self._clock(), facts=dict(self._facts),
                             results=tuple(self._results), status=status, declared=tuple(self._declared))

    # -- running ------------------------------------------------------------------------

    def run_step(self, *, inputs: Mapping[str, str] | None = None,
                 secret_inputs: Mapping[str, str] | None = None, confirmed: bool = False,
                 typed_account_id: str | None = None, typed_name: str | None = None, witness: str | None = None,
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
        refused = refusal(step, step.typed_value(self._facts), inputs, secret_inputs, confirmed=confirmed,
                          typed_account_id=typed_account_id, witness=witness, typed_name=typed_name, facts=self._facts)
        if refused is not None:
            return self._conclude(step, StepOutcome.failure(refused, evidence={"refused": True}), witness, note)
        leftover = self._remove_leftovers(step)
        if leftover is not None:
            return self._conclude(step, leftover, witness, note)
        for name, value in secret_inputs.items():
            self.secrets.put(name, value)
        try:
            handler = self._handlers.get(step.id) or default_handler(step)
            outcome = call_handler(handler, self._context(step, inputs, witness, played=played))
            if played is not None:
                outcome = with_play(step, outcome, played)
            if outcome.ok:
                outcome = StepOutcome(True, outcome.message, outcome.evidence, {**inputs, **outcome.facts},
                                      outcome.evidence_kind)
            self._guard(outcome, note)
        finally:
            self.secrets.discard(step.secret_inputs)  # codes live for one attempt only
        result = self._conclude(step, outcome, witness, note, attested_by=attested_by)
        if result.outcome is Outcome.OK:
            self._skip_what_does_not_apply()
        return result

    def skip_step(self, *, reason: str, note: str | None = None) -> StepResult:
        """The operator skips the current (optional) step, with ``reason`` journaled; then the
        steps that no longer apply are skipped too."""
        step = self._require_current()
        if not step.optional:
            raise RootkeeperError(f"The step '{step.title}' cannot be skipped.")
        result = self._conclude(step, None, None, note, skipped_because=reason)
        self._skip_what_does_not_apply()
        return result

    def look(self, handler: LookHandler) -> Any:
        """What the current step shows the operator before they act, read (never changed) by
        ``handler``: the reading is journaled ("looked"), and its data returned for the panel."""
        step = self._require_current()
        lookup = handler(self._context(step, {}, None, previewing=True))
        self._record_event(CeremonyEvent.LOOKED, f"{step.id}: {lookup.summary}")
        return lookup.data

    def history(self) -> History:
        """The steps whose latest outcome is a success, and those whose latest is a skip."""
        return history_of(self._results)

    def _skip_what_does_not_apply(self) -> list[str]:
        """Skip, each with its reason journaled, the steps from here on whose ``skip_when`` says
        they do not apply, so that the operator only sees steps that do; the ids skipped."""
        skipped: list[str] = []
        while (step := self.current_step) is not None and step.skip_when is not None:
            reason = step.skip_when(self.facts, self.history())
            if reason is None:
                break
            self._conclude(step, None, None, None, skipped_because=reason)
            skipped.append(step.id)
        return skipped

    # -- inside -------------------------------------------------------------------------

    def _require_current(self) -> Step:
        step = self.current_step
        if step is None:
            raise CeremonyClosedError(f"This ceremony is {self._status.value}: no step can run.")
        return step

    def _context(self, step: Step, inputs: Mapping[str, str], witness: str | None,
                 undoing: bool = False, previewing: bool = False, played: ConsolePlay | None = None) -> StepContext:
        acting = not (undoing or previewing)
        return StepContext(ceremony_id=self.id, runbook=self.runbook, step=step,
                           facts=MappingProxyType(dict(self._facts)), inputs=MappingProxyType(dict(inputs)),
                           secrets=self.secrets, now=self._clock(), witness=witness, undoing=undoing,
                           declared=self._outstanding(step.id), previewing=previewing, played=played,
                           declare=(lambda kind, name: self._declare(step, kind, name)) if acting else None)

    def _conclude(self, step: Step, outcome: StepOutcome | None, witness: str | None, note: str | None,
                  skipped_because: str | None = None, attested_by: str | None = None) -> StepResult:
        if outcome is None:
            result = StepResult(step.id, step.kind, Outcome.SKIPPED, self._clock(), skipped_because or "",
                                {"reason": skipped_because}, evidence_kind=Evidence.NONE)
        else:
            result = StepResult(step.id, step.kind, Outcome.OK if outcome.ok else Outcome.FAILED, self._clock(),
                                outcome.message, MappingProxyType(dict(outcome.evidence)), witness,
                                attested_by if step.kind is StepKind.ATTEST else None,
                                evidence_kind=outcome.evidence_kind or (step.evidence if outcome.ok else None))
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

    def _save(self) -> None:
        if self._store is not None:
            self._store.save(self.snapshot(), secrets=self.secrets)

    def _discard(self) -> None:
        if self._store is not None:
            self._store.discard(self.id)
