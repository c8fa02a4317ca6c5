"""The abort dialog's words: what the abort will undo and what it found, and that console
changes are not undone by it. Never "nothing needs undoing" when the console changed AWS."""

from __future__ import annotations

from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.core.runbooks import ROOT_MFA, mfa
from rootkeeper.core.step_contract import StepOutcome
from rootkeeper.core.undo import UndoPlanItem
from rootkeeper.ui.widgets.step_list import abort_message
from tests.support.clock import StepClock

ADMIN = Identity("123456789012", "arn:aws:iam::123456789012:user/alice", PrincipalKind.IAM_USER)


class Recorder:
    def record_step(self, **entry) -> None: ...

    def record_ceremony(self, **entry) -> None: ...


def test_console_steps_done_are_named_as_not_undone():
    ok = lambda ctx: StepOutcome.success("fine")  # noqa: E731
    ceremony = Ceremony.start(ROOT_MFA, identity=ADMIN, recorder=Recorder(), clock=StepClock(),
                              handlers={mfa.REVIEW_ROOT_DEVICES: ok, mfa.VERIFY_ROOT_MFA: ok})
    assert abort_message((), ceremony).startswith("Nothing in AWS needs undoing")
    assert "console" not in abort_message((), ceremony)
    ceremony.run_step(inputs={"custodian": "Carol", "device_name": "root-carol"})
    ceremony.run_step()  # the operator assigned the device in the console
    message = abort_message((), ceremony)
    assert "Not undone: what was done in the console (Assign the device in the AWS console) stays" in message


def test_each_undo_says_what_it_found():
    plan = (UndoPlanItem("create-device", "Create the virtual MFA device",
                         "will delete the unassigned virtual MFA device arn:aws:iam::1:mfa/x (found in AWS).", True),)
    assert abort_message(plan) == ("On abort:\n• Create the virtual MFA device: will delete the unassigned virtual "
                                   "MFA device arn:aws:iam::1:mfa/x (found in AWS).")


def test_a_console_step_gone_back_to_is_still_named_as_not_undone():
    """What the operator did in the console stays done when a failed check sends them back to
    the step: core's "latest decisive outcome" rule (core/undo.py completed_step_ids) says so,
    where "the steps before the current one" would forget it."""
    verdicts = iter([StepOutcome.failure("no MFA device on the root user"), StepOutcome.success("MFA on")])
    ok = lambda ctx: StepOutcome.success("fine")  # noqa: E731
    ceremony = Ceremony.start(ROOT_MFA, identity=ADMIN, recorder=Recorder(), clock=StepClock(),
                              handlers={mfa.REVIEW_ROOT_DEVICES: ok, mfa.VERIFY_ROOT_MFA: lambda ctx: next(verdicts)})
    ceremony.run_step(inputs={"custodian": "Carol", "device_name": "root-carol"})
    ceremony.run_step()  # the operator assigned the device in the console
    ceremony.run_step()  # the check does not see it yet
    assert ceremony.go_back().id == mfa.ASSIGN_IN_CONSOLE
    assert ceremony.current_step.id == mfa.ASSIGN_IN_CONSOLE
    assert "Not undone: what was done in the console (Assign the device in the AWS console)" in abort_message(
        (), ceremony)
