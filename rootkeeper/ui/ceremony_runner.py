"""Builds the ceremonies the UI runs: the runbook's handlers bound to this account, the
signed journal as the recorder, progress kept under the data directory.

Every function here talks to AWS, the keyring or the disk: call them from thread
workers only. boto3 (through ceremonies/ and aws/) is imported inside them, so that
importing this module costs nothing before the first frame.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Mapping

from rootkeeper.core.ceremony import AbortReport, Ceremony
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.identity import Identity
from rootkeeper.core.incidents import OPENED_AT_FACT
from rootkeeper.core.progress import ProgressStore, SavedCeremony
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.core.runbook import Step
from rootkeeper.core.step_contract import LookHandler, Outcome, StepResult

if TYPE_CHECKING:
    from rootkeeper.ceremonies.recording import JournalWriter

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)

@dataclass
class CeremonyRunner:
    """Everything a ceremony needs from the app, captured once on the UI thread."""

    environment: Environment
    identity: Identity
    journal: JournalWriter  # rootkeeper.journal.Journal
    clock: Clock
    # The person's name when known. Never defaulted to the OS login (often `root`, easily taken
    # for the AWS root user): the journal keeps that as actor.os_user, and each attestation
    # names who attested (attested_by).
    operator: str | None = None
    store: ProgressStore | None = None
    # The ceremony this runner opened: the rehearsal console's actions read its secrets.
    ceremony: Ceremony | None = field(default=None, repr=False)
    lookups: Mapping[str, LookHandler] = field(default_factory=dict, repr=False)
    _session: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.store is None:
            self.store = ProgressStore.in_data_dir(rehearsal=self.environment.rehearsal)

    @property
    def session(self) -> Any:
        if self._session is None:
            from rootkeeper.aws.session import AwsSession

            self._session = AwsSession(self.environment.target)
        return self._session

    def _bindings(self, runbook_id: str) -> tuple[Mapping, Mapping, Any]:
        from rootkeeper.ceremonies.recording import JournalRecorder
        from rootkeeper.ceremonies.registry import bind
        from rootkeeper.journal import Actor

        runbook = RUNBOOKS.get(runbook_id)
        if runbook is None:
            raise RootkeeperError(f"There is no runbook {runbook_id!r} in this version of rootkeeper.",
                                  hint="Discard it, and check AWS by hand.")
        bound = bind(runbook, self.environment, self.session, self.clock, journal=self.journal)
        handlers, undo, self.lookups = bound.handlers, bound.undo, bound.lookups
        recorder = JournalRecorder(self.journal, Actor.current(operator=self.operator, identity=self.identity))
        return handlers, undo, recorder

    def lookup_for(self, step: Step) -> LookHandler | None:
        """What ``step`` reads before the operator acts (run it with Ceremony.look), if anything."""
        return self.lookups.get(step.id)

    def start(self, runbook_id: str, incident_id: str | None = None) -> Ceremony:
        """Start a ceremony of ``runbook_id``. A runbook that closes an incident (the re-seal)
        joins ``incident_id``, or the latest open incident, or opens one when none is open."""
        from rootkeeper.journal.incidents import incident_to_join

        runbook = RUNBOOKS.get(runbook_id)
        if runbook is None:
            raise RootkeeperError(f"There is no runbook {runbook_id!r} in this version of rootkeeper.")
        facts: dict[str, Any] = {}
        if runbook.closes_incident:
            joined = incident_to_join(self.journal.entries(), incident_id)
            incident_id = joined.incident_id if joined else None
            facts = {OPENED_AT_FACT: joined.opened.ts} if joined else {}
        handlers, undo, recorder = self._bindings(runbook_id)
        ceremony = Ceremony.start(runbook, identity=self.identity, handlers=handlers, undo_handlers=undo,
                                  recorder=recorder, management_account_id=self.environment.management_account_id,
                                  store=self.store, clock=self.clock, facts=facts, incident_id=incident_id)
        recorder.watch(ceremony.secrets)
        self.ceremony = ceremony
        return ceremony

    def resume(self, saved: SavedCeremony) -> Ceremony:
        handlers, undo, recorder = self._bindings(saved.runbook_id)
        ceremony = Ceremony.resume(saved, runbooks=RUNBOOKS, handlers=handlers, undo_handlers=undo,
                                   recorder=recorder, store=self.store, clock=self.clock)
        recorder.watch(ceremony.secrets)
        self.ceremony = ceremony
        return ceremony

    def clean_up(self, saved: SavedCeremony) -> str:
        """Undo what the interrupted ceremony ``saved`` did, journal it, discard its progress;
        returns what was undone, for the operator."""
        handlers, undo, recorder = self._bindings(saved.runbook_id)
        ceremony = Ceremony.reopen(saved, runbooks=RUNBOOKS, handlers=handlers, undo_handlers=undo,
                                   recorder=recorder, store=self.store, clock=self.clock)
        recorder.watch(ceremony.secrets)
        return undo_summary(ceremony.clean_up(), ceremony.results)


def closing_note(ceremony: Ceremony) -> str | None:
    """What the operator must know once the ceremony is over, beyond that it is over."""
    if ceremony.facts.get("session_ended"):  # delete-root-keys deleted the key this session signed with
        return ("The root access key rootkeeper signed with is deleted, so its session has ended. Against AWS, "
                "restart rootkeeper with another identity to read the posture again; in a rehearsal it acts as "
                "the IAM user 'operator' when you go back.")
    return None


def runner_for(app: Any) -> CeremonyRunner:
    """The runner of ``app`` (a RootkeeperApp), connecting first if needed. Worker threads only."""
    environment = app.connection.open()
    identity = app.connection.identify()
    journal = app.journal.open(rehearsal=environment.rehearsal)
    return CeremonyRunner(environment, identity, journal, app.clock)


def undo_summary(report: AbortReport, results: tuple[StepResult, ...] = ()) -> str:
    """One sentence on what an abort or a clean-up reverted, for the operator."""
    messages = {result.step_id: result.message for result in results if result.outcome is Outcome.UNDONE}
    parts = [messages.get(step_id) or f"{step_id} undone" for step_id in report.undone]
    text = " ".join(parts) if parts else "Nothing needed undoing."
    if report.failed:
        text += " Could not undo: " + "; ".join(f"{step_id} ({why})" for step_id, why in report.failed)
        text += " — it is offered for clean-up again the next time rootkeeper starts."
    return text
