"""A runbook's behaviour, registered by object: one class per runbook that has steps of its
own (actions, checks that no library check covers, undos), whose methods say which step or
undo each one handles. Everything else is generic: a check step that names a library check
(core/checks.py) runs it, manual and attest steps need nothing from AWS.

The shape is Django's ``admin.site.register(Model, ModelAdmin)``: the runbook is the model,
its behaviour class is registered against the object (ceremonies/registry.py), and the
registry is checked when it is built, so that a step nobody handles is an error at
start-up and in a test, not when an operator reaches it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, ClassVar

from rootkeeper.core.environment import Environment
from rootkeeper.core.runbook import Runbook, Step, StepKind
from rootkeeper.aws.account_reader import AwsAccountReader
from rootkeeper.core.account_reading import AccountReader
from rootkeeper.core.checks import check_handler
from rootkeeper.core.step_contract import LookHandler, StepContext, StepHandler

Clock = Callable[[], datetime]
Handlers = tuple[dict[str, StepHandler], dict[str, StepHandler]]  # (by step id, by undo id)


def handles(*step_ids: str) -> Callable[[Callable], Callable]:
    """Mark a method as the handler of these steps of the class's runbook."""
    def mark(method: Callable) -> Callable:
        method.handles_steps = step_ids  # type: ignore[attr-defined]
        return method
    return mark


def undoes(*undo_ids: str) -> Callable[[Callable], Callable]:
    """Mark a method as the undo handler named by these ids (``Step.undo``)."""
    def mark(method: Callable) -> Callable:
        method.handles_undos = undo_ids  # type: ignore[attr-defined]
        return method
    return mark


def looks(*step_ids: str) -> Callable[[Callable], Callable]:
    """Mark a method as what these steps show the operator before they act (Ceremony.look):
    it reads AWS, changes nothing, and returns a core Lookup."""
    def mark(method: Callable) -> Callable:
        method.shows_steps = step_ids  # type: ignore[attr-defined]
        return method
    return mark


class RunbookBehaviour:
    """Base of a runbook's behaviour. A subclass sets ``runbook``, marks its handler methods
    with ``@handles`` / ``@undoes``, and says how it is built for a ceremony (``build``)."""

    runbook: ClassVar[Runbook]

    @classmethod
    def build(cls, environment: Environment, session: Any, clock: Clock, journal: Any = None) -> RunbookBehaviour:
        """This behaviour for one ceremony: ``session`` to act with, ``journal`` (the signed journal)
        for the behaviours that keep something in it (the custodian roster)."""
        raise NotImplementedError(f"{cls.__name__} does not say how it is built")

    @classmethod
    def declared(cls) -> tuple[dict[str, str], dict[str, str]]:
        """(step id -> method name, undo id -> method name), read off the class alone."""
        steps: dict[str, str] = {}
        undos: dict[str, str] = {}
        for name in dir(cls):
            member = getattr(cls, name, None)
            for step_id in getattr(member, "handles_steps", ()):
                steps[step_id] = name
            for undo_id in getattr(member, "handles_undos", ()):
                undos[undo_id] = name
        return steps, undos

    @classmethod
    def declared_lookups(cls) -> dict[str, str]:
        """step id -> the method that reads what the step shows (``@looks``)."""
        return {step_id: name for name in dir(cls)
                for step_id in getattr(getattr(cls, name, None), "shows_steps", ())}

    def reader(self, ctx: StepContext) -> AccountReader:
        """Who reads the account for the runbook's library checks (``Step.check``): this
        ceremony's session, unless the behaviour knows better."""
        return AwsAccountReader(getattr(self, "session"))

    def bound(self) -> Handlers:
        steps, undos = self.declared()
        handlers = {step_id: getattr(self, name) for step_id, name in steps.items()}
        handlers.update(library_check_handlers(self.runbook, self.reader))
        return handlers, {undo_id: getattr(self, name) for undo_id, name in undos.items()}

    def bound_lookups(self) -> dict[str, LookHandler]:
        return {step_id: getattr(self, name) for step_id, name in self.declared_lookups().items()}


def library_check_handlers(runbook: Runbook,
                           read_with: Callable[[StepContext], AccountReader]) -> dict[str, StepHandler]:
    """The handlers of ``runbook``'s check steps that name a library check."""
    return {step.id: check_handler(step.check, read_with) for step in runbook.steps if step.check is not None}


def needs_handler(step: Step) -> bool:
    """Whether ``step`` needs a handler of its runbook's own: an action always does, a check
    unless it names a library check; manual and attest steps have generic ones."""
    return step.kind is StepKind.ACTION or (step.kind is StepKind.CHECK and step.check is None)


def behaviour_problems(runbook: Runbook, behaviour: type[RunbookBehaviour] | None) -> list[str]:
    """What keeps ``runbook`` from running with ``behaviour`` (None: generic steps only)."""
    steps, undos = behaviour.declared() if behaviour is not None else ({}, {})
    ids = {step.id for step in runbook.steps}
    problems = [f"{runbook.id}/{step.id}: a {step.kind.value} step with no handler"
                for step in runbook.steps if needs_handler(step) and step.id not in steps]
    problems += [f"{runbook.id}/{step.id}: no handler for its undo {step.undo!r}"
                 for step in runbook.steps if step.undo and step.undo not in undos]
    problems += [f"{runbook.id}: {behaviour.__name__}.{name} handles {step_id!r}, which is not a step of it"
                 for step_id, name in steps.items() if step_id not in ids]
    declared_undos = {step.undo for step in runbook.steps if step.undo}
    problems += [f"{runbook.id}: {behaviour.__name__}.{name} undoes {undo_id!r}, which no step declares"
                 for undo_id, name in undos.items() if undo_id not in declared_undos]
    problems += [f"{runbook.id}: {behaviour.__name__}.{name} shows {step_id!r}, which is not a step of it"
                 for step_id, name in (behaviour.declared_lookups() if behaviour else {}).items() if step_id not in ids]
    problems += [f"{runbook.id}/{step_id}: a library check and a handler of its own"
                 for step_id in steps if step_id in ids and runbook.step(step_id).check is not None]
    return problems


class SessionBehaviour(RunbookBehaviour):
    """A behaviour that acts with the AWS session alone (no console, no journal, no clock)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    @classmethod
    def build(cls, environment: Environment, session: Any, clock: Clock, journal: Any = None) -> RunbookBehaviour:
        del environment, clock, journal  # nothing here depends on them
        return cls(session)
