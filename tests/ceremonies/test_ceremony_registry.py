"""The behaviour registry: each runbook's behaviour is registered by object and checked when
the registry is built, so that a step nobody handles fails at start-up, not in a ceremony."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rootkeeper.ceremonies.behaviour import RunbookBehaviour, handles, undoes
from rootkeeper.ceremonies.registry import BEHAVIOURS, REGISTRY, BehaviourRegistry, RegistryError, handlers_for
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind
from rootkeeper.core.runbooks import RUNBOOKS, mfa
from rootkeeper.core.secretbox import SecretBox
from rootkeeper.core.step_binding import check_bindings
from rootkeeper.core.step_contract import StepContext, StepOutcome

ACT = Step(id="act", kind=StepKind.ACTION, title="Act", verifies="AWS accepted it.", undo="un-act",
           confirmation=Confirmation.YES_NO)
ATTEST = Step(id="attest", kind=StepKind.ATTEST, title="Attest", verifies="The operator confirms it.")
MANUAL = Step(id="console", kind=StepKind.MANUAL, title="In the console", verifies="Done in the console.",
              api_visible=False)
WITH_ACTION = Runbook(id="with-action", title="T", summary="S", requirement=Requirement.ANY, steps=(ACT, ATTEST))
CHECKLIST = Runbook(id="checklist", title="T", summary="S", requirement=Requirement.ANY, steps=(MANUAL, ATTEST))


class Complete(RunbookBehaviour):
    runbook = WITH_ACTION

    @handles("act")
    def act(self, ctx):
        return StepOutcome.success("done")

    @undoes("un-act")
    def un_act(self, ctx):
        return StepOutcome.success("undone")


@pytest.mark.parametrize("runbook_id", sorted(RUNBOOKS))
def test_every_runbook_of_the_catalogue_gets_complete_bindings(runbook_id, environment, session, clock):
    handlers, undo = handlers_for(RUNBOOKS[runbook_id], environment, session, clock)
    check_bindings(RUNBOOKS[runbook_id], handlers, undo)  # raises LookupError if a step is unbound


def test_the_registry_of_the_product_is_built_from_objects():
    assert {behaviour.runbook.id for behaviour in BEHAVIOURS} <= set(RUNBOOKS)
    assert all(REGISTRY.behaviour_of(behaviour.runbook) is behaviour for behaviour in BEHAVIOURS)


def test_handlers_are_read_off_the_class_without_building_it():
    assert Complete.declared() == ({"act": "act"}, {"un-act": "un_act"})


def test_an_action_step_with_no_handler_is_an_error_when_the_registry_is_built():
    with pytest.raises(RegistryError, match="with-action/act: a action step with no handler"):
        BehaviourRegistry([WITH_ACTION], [])


def test_a_missing_undo_handler_is_an_error_when_the_registry_is_built():
    class NoUndo(RunbookBehaviour):
        runbook = WITH_ACTION

        @handles("act")
        def act(self, ctx):
            return StepOutcome.success("done")

    with pytest.raises(RegistryError, match="no handler for its undo 'un-act'"):
        BehaviourRegistry([WITH_ACTION], [NoUndo])


def test_a_handler_for_a_step_the_runbook_lacks_is_an_error():
    class Stray(Complete):
        @handles("act-twice")
        def twice(self, ctx):
            return StepOutcome.success("done")

    with pytest.raises(RegistryError, match="handles 'act-twice', which is not a step of it"):
        BehaviourRegistry([WITH_ACTION], [Stray])


def test_a_behaviour_for_a_runbook_outside_the_catalogue_is_an_error():
    with pytest.raises(RegistryError, match="which is not in the catalogue"):
        BehaviourRegistry([CHECKLIST], [Complete])


def test_a_checklist_runbook_needs_no_behaviour(environment, session, clock):
    registry = BehaviourRegistry([CHECKLIST, WITH_ACTION], [Complete])
    assert registry.behaviour_of(CHECKLIST) is None
    assert registry.handlers_for(CHECKLIST, environment, session, clock) == ({}, {})


def test_an_unknown_runbook_is_explained(environment, session, clock):
    with pytest.raises(RootkeeperError, match="no runbook 'checklist'"):
        handlers_for(CHECKLIST, environment, session, clock)


def test_the_console_simulator_is_bound_only_in_rehearsal(environment, session, clock):
    def console_used(env):
        handlers, _ = handlers_for(mfa.ROOT_MFA, env, session, clock)
        context = StepContext(ceremony_id="c", runbook=mfa.ROOT_MFA, step=mfa.ROOT_MFA.step(mfa.ASSIGN_IN_CONSOLE),
                              facts={}, inputs={}, secrets=SecretBox(), now=clock())
        return handlers[mfa.ASSIGN_IN_CONSOLE](context).evidence["console"]

    assert console_used(environment) == "rehearsal-console"
    assert console_used(replace(environment, rehearsal=False)) == "aws-console"
