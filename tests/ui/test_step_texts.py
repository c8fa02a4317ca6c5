"""No step text reaches the operator with an unfilled ‹placeholder›: every runbook, started
and walked step by step, renders each step's "proves" line and instructions from the facts
the ceremony holds by the time that step is shown."""

from __future__ import annotations

import re

import pytest

from rootkeeper.core.ceremony import Ceremony, PreconditionError
from rootkeeper.core.runbooks import RUNBOOKS, mfa
from rootkeeper.core.step_contract import StepOutcome
from rootkeeper.ui.step_panels.base import readable
from tests.support.ui_fakes import OPERATOR, ROOT, fixed_clock

# The facts the real handlers produce beyond the step's inputs (the engine adds the inputs).
HANDLER_FACTS = {
    mfa.CREATE_DEVICE: {"serial": "arn:aws:iam::314159265358:mfa/break-glass-20250611"},
    "choose-contact": {"contact_type": "SECURITY", "target_account_id": "314159265358"},
    "create-alert-rule-and-topic": {"alert_rule": "rootkeeper-root-activity"},
}


class Recorder:
    def record_step(self, **entry) -> None:
        pass

    def record_ceremony(self, **entry) -> None:
        pass


def started(runbook) -> Ceremony:
    handlers = {step.id: (lambda facts: lambda ctx: StepOutcome.success("done", facts=facts))(
        HANDLER_FACTS.get(step.id, {})) for step in runbook.steps}
    undo = {step.undo: lambda ctx: StepOutcome.success("undone") for step in runbook.steps if step.undo}
    for identity in (OPERATOR, ROOT):
        try:
            return Ceremony.start(runbook, identity=identity, handlers=handlers, undo_handlers=undo,
                                  recorder=Recorder(), clock=fixed_clock,
                                  management_account_id=identity.account_id)
        except PreconditionError:
            continue
    raise AssertionError(f"{runbook.id} starts for no identity")


@pytest.mark.parametrize("runbook_id", sorted(RUNBOOKS))
def test_no_placeholder_survives_rendering_in_a_started_ceremony(runbook_id):
    ceremony = started(RUNBOOKS[runbook_id])
    shown = []
    while (step := ceremony.current_step) is not None:
        texts = [step.render_verifies(ceremony.facts), *step.render_instructions(ceremony.facts)]
        shown += [(step.id, readable(text)) for text in texts]
        ceremony.run_step(inputs={name: f"sample {name}" for name in step.inputs},
                          secret_inputs={name: "123456" for name in step.secret_inputs},
                          confirmed=True, typed_account_id=ceremony.facts["account_id"],
                          witness="Walter Witness")
        assert ceremony.current_step is not step, f"{step.id} did not run"
    unfilled = [(step_id, text) for step_id, text in shown if re.search(r"‹[^›]*›|\{\w+\}", text)]
    assert unfilled == []
