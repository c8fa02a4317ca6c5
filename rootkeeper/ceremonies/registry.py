"""The runbooks' behaviour, registered once, by object, and checked when the registry is
built: every action step, every check step without a library check and every undo has a
handler, and no handler names a step its runbook lacks. A runbook of checks, console
steps and attestations only (a checklist) registers nothing here: it runs as declared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from rootkeeper.ceremonies.alerting import RootAlerting
from rootkeeper.ceremonies.alerting_cis import RootAlertingCis
from rootkeeper.ceremonies.behaviour import Handlers, RunbookBehaviour, behaviour_problems, library_check_handlers
from rootkeeper.ceremonies.centralized_root import EnableCentralizedRootAccess
from rootkeeper.ceremonies.contacts import AlternateContacts
from rootkeeper.ceremonies.custodians import OffboardCustodian, OnboardCustodian, account_reader
from rootkeeper.ceremonies.member_root import RecoverMemberRoot
from rootkeeper.ceremonies.mfa import IamUserVirtualMfa, RootMfa
from rootkeeper.ceremonies.resource_unlock import UnlockResourcePolicy
from rootkeeper.ceremonies.recovery import RecoverForgottenRootPassword, RecoverLostRootMfa
from rootkeeper.ceremonies.reseal import ResealAfterBreakGlass
from rootkeeper.ceremonies.root_keys import DeleteRootKeys
from rootkeeper.ceremonies.root_password import RotateRootPassword
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Runbook
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.core.step_contract import LookHandler, StepHandler

Clock = Callable[[], datetime]

BEHAVIOURS: tuple[type[RunbookBehaviour], ...] = (
    IamUserVirtualMfa, RootMfa, DeleteRootKeys, RotateRootPassword, AlternateContacts, OnboardCustodian,
    OffboardCustodian, RootAlerting, RootAlertingCis, RecoverLostRootMfa, RecoverForgottenRootPassword,
    ResealAfterBreakGlass, RecoverMemberRoot, UnlockResourcePolicy, EnableCentralizedRootAccess,
)


@dataclass(frozen=True)
class Bound:
    """A runbook's behaviour bound for one ceremony: handlers by step id, undos by undo id,
    and what steps show before the operator acts, by step id."""

    handlers: dict[str, StepHandler]
    undo: dict[str, StepHandler]
    lookups: dict[str, LookHandler]


class RegistryError(RootkeeperError):
    """The runbooks and their behaviour do not fit together: a rootkeeper bug, found at start-up."""


class BehaviourRegistry:
    """Each runbook of the catalogue with its behaviour class (or none: generic steps only)."""

    def __init__(self, runbooks: Iterable[Runbook], behaviours: Iterable[type[RunbookBehaviour]]) -> None:
        self.runbooks = tuple(runbooks)
        by_runbook: dict[str, type[RunbookBehaviour]] = {}
        problems: list[str] = []
        for behaviour in behaviours:
            runbook = behaviour.runbook
            if runbook not in self.runbooks:
                problems.append(f"{behaviour.__name__} is registered for {runbook.id!r}, which is not in the catalogue")
            elif runbook.id in by_runbook:
                problems.append(f"{runbook.id}: two behaviours ({by_runbook[runbook.id].__name__}, "
                                f"{behaviour.__name__})")
            by_runbook[runbook.id] = behaviour
        for runbook in self.runbooks:
            problems += behaviour_problems(runbook, by_runbook.get(runbook.id))
        if problems:
            raise RegistryError("The runbooks and their handlers do not fit together: " + "; ".join(problems),
                                hint="This is a rootkeeper bug: report it; no ceremony can be trusted to run.")
        self._by_runbook: Mapping[str, type[RunbookBehaviour]] = MappingProxyType(by_runbook)

    def behaviour_of(self, runbook: Runbook) -> type[RunbookBehaviour] | None:
        return self._by_runbook.get(runbook.id)

    def bind(self, runbook: Runbook, environment: Environment, session: Any, clock: Clock,
             journal: Any = None) -> Bound:
        """The behaviour of ``runbook`` for one ceremony, bound to ``session``."""
        if runbook not in self.runbooks:
            raise RootkeeperError(f"There is no runbook {runbook.id!r} in this version of rootkeeper.")
        behaviour = self.behaviour_of(runbook)
        if behaviour is None:  # a checklist: its library checks read AWS with this session, the roster in the journal
            return Bound(library_check_handlers(runbook, lambda ctx: account_reader(session, journal)), {}, {})
        built = behaviour.build(environment, session, clock, journal=journal)
        handlers, undo = built.bound()
        return Bound(handlers, undo, built.bound_lookups())

    def handlers_for(self, runbook: Runbook, environment: Environment, session: Any, clock: Clock) -> Handlers:
        """(handlers, undo_handlers) for a ceremony of ``runbook``, bound to ``session``."""
        bound = self.bind(runbook, environment, session, clock)
        return bound.handlers, bound.undo


REGISTRY = BehaviourRegistry(RUNBOOKS.values(), BEHAVIOURS)


def bind(runbook: Runbook, environment: Environment, session: Any, clock: Clock, journal: Any = None) -> Bound:
    return REGISTRY.bind(runbook, environment, session, clock, journal=journal)


def handlers_for(runbook: Runbook, environment: Environment, session: Any, clock: Clock) -> Handlers:
    return REGISTRY.handlers_for(runbook, environment, session, clock)
