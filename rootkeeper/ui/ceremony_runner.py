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
from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable, Mapping

from rootkeeper.core.ceremony import AbortReport, Ceremony
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.identity import Identity
from rootkeeper.core.progress import ProgressStore, SavedCeremony
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.core.step_contract import Outcome, StepResult

if TYPE_CHECKING:
    from rootkeeper.ceremonies.recording import JournalWriter

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)

# Per runbook, what runs after each step (in the worker): skip, journaling the reason, the
# optional steps that no longer apply, so the operator only sees steps that do. Named as
# "module:function" so that ceremonies/ (boto3) is imported only when a ceremony runs.
AFTER_STEP: Mapping[str, str] = {
    "delete-root-keys": "rootkeeper.ceremonies.root_keys:advance",
    "alternate-contacts": "rootkeeper.ceremonies.contacts:advance",
}


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
        from rootkeeper.ceremonies.registry import handlers_for
        from rootkeeper.journal import Actor

        handlers, undo = handlers_for(runbook_id, self.environment, self.session, self.clock)
        recorder = JournalRecorder(self.journal, Actor.current(operator=self.operator, identity=self.identity))
        return handlers, undo, recorder

    def start(self, runbook_id: str) -> Ceremony:
        runbook = RUNBOOKS.get(runbook_id)
        if runbook is None:
            raise RootkeeperError(f"There is no runbook {runbook_id!r} in this version of rootkeeper.")
        handlers, undo, recorder = self._bindings(runbook_id)
        ceremony = Ceremony.start(runbook, identity=self.identity, handlers=handlers, undo_handlers=undo,
                                  recorder=recorder, management_account_id=self.environment.management_account_id,
                                  store=self.store, clock=self.clock)
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


def after_step(ceremony: Ceremony) -> list[str]:
    """Skip the steps of ``ceremony`` that no longer apply (see AFTER_STEP); the ids skipped.
    Worker threads only: a skip is journaled."""
    target = AFTER_STEP.get(ceremony.runbook.id)
    if target is None or ceremony.current_step is None:
        return []
    module_name, function_name = target.split(":")
    try:
        return getattr(import_module(module_name), function_name)(ceremony)
    except RootkeeperError as error:
        # The step itself succeeded: a retry must not run it again. The step that should
        # have been skipped is shown instead, and says for itself whether it applies.
        log.warning("could not skip the steps that no longer apply: %s", error)
        return []


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
