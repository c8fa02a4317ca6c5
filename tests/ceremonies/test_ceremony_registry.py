"""handlers_for: the one place the UI asks for a runbook's handlers."""

from __future__ import annotations

import pytest

from rootkeeper.ceremonies.registry import BUILDERS, handlers_for
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.core.step_binding import check_bindings


@pytest.mark.parametrize("runbook_id", sorted(RUNBOOKS))
def test_every_registered_runbook_gets_complete_bindings(runbook_id, environment, session, clock):
    handlers, undo = handlers_for(runbook_id, environment, session, clock)
    check_bindings(RUNBOOKS[runbook_id], handlers, undo)  # raises LookupError if a step is unbound


def test_every_runbook_has_a_builder():
    assert set(BUILDERS) == set(RUNBOOKS)


def test_an_unknown_runbook_is_explained(environment, session, clock):
    with pytest.raises(RootkeeperError, match="cannot run the runbook 'rotate-everything'"):
        handlers_for("rotate-everything", environment, session, clock)


def test_the_console_simulator_is_bound_only_in_rehearsal(environment, session, clock, identity):
    from dataclasses import replace

    from rootkeeper.core.runbooks import mfa
    from rootkeeper.core.step_contract import StepContext
    from rootkeeper.core.secretbox import SecretBox

    def console_used(env):
        handlers, _ = handlers_for(mfa.ROOT_MFA.id, env, session, clock)
        context = StepContext(ceremony_id="c", runbook=mfa.ROOT_MFA, step=mfa.ROOT_MFA.step(mfa.ASSIGN_IN_CONSOLE),
                              facts={}, inputs={}, secrets=SecretBox(), now=clock())
        return handlers[mfa.ASSIGN_IN_CONSOLE](context).evidence["console"]

    assert console_used(environment) == "rehearsal-console"
    assert console_used(replace(environment, rehearsal=False)) == "aws-console"
