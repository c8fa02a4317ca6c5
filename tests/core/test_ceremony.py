"""The ceremony engine: order, journaling, retries, confirmations, witnesses, secrets, undo."""

from __future__ import annotations

import pytest

from rootkeeper.core.ceremony import Ceremony, CeremonyClosedError, CeremonyStatus, PreconditionError
from rootkeeper.core.errors import AccessDeniedError, RootkeeperError
from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind
from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA, mfa
from rootkeeper.core.secretbox import SecretLeakError
from rootkeeper.core.step_contract import Outcome, StepOutcome
from tests.support.ceremony_fakes import ACCOUNT_ID, ADMIN, ROOT, SEED, FakeIam, ListRecorder, codes_at

USER = {"user_name": "breakglass", "custodian": "Alice"}


@pytest.fixture
def fake_iam():
    return FakeIam()


@pytest.fixture
def recorder():
    return ListRecorder()


def start_mfa(iam, recorder, clock, **kwargs):
    return Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=ADMIN, handlers=iam.handlers(),
                          undo_handlers=iam.undo_handlers(), recorder=recorder, clock=clock, **kwargs)


def run_to_enable(ceremony):
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    ceremony.run_step()  # the operator scanned the QR code


def test_a_ceremony_runs_its_steps_in_order_and_journals_each_outcome(fake_iam, recorder, clock):
    ceremony = start_mfa(fake_iam, recorder, clock)
    run_to_enable(ceremony)
    code_1, code_2 = codes_at(clock.now)
    ceremony.run_step(secret_inputs={"code_1": code_1, "code_2": code_2})
    ceremony.run_step()
    ceremony.run_step(witness=" Bob ")

    assert ceremony.status is CeremonyStatus.FINISHED and ceremony.current_step is None
    assert fake_iam.calls == ["choose-user", "create-device", "enable-device", "verify-assigned"]
    assert [r.step_id for r in ceremony.results] == [s.id for s in IAM_USER_VIRTUAL_MFA.steps]
    assert all(r.outcome is Outcome.OK for r in ceremony.results)
    assert recorder.ceremony_events() == ["started", "finished"]
    assert recorder.outcomes() == [(s.id, "ok") for s in IAM_USER_VIRTUAL_MFA.steps]
    assert [e["step_kind"] for e in recorder.steps] == ["check", "action", "manual", "action", "check", "attest"]
    assert {e["ceremony_id"] for e in recorder.events} == {ceremony.id}
    attestation = recorder.steps[-1]
    assert attestation["witness"] == "Bob"
    assert attestation["evidence"]["statement"] == "Alice confirms they hold the authenticator holding the MFA device of breakglass."
    serial = ceremony.facts["serial"]
    assert fake_iam.devices == {serial: "breakglass"}
    assert ceremony.facts["custodian"] == "Alice" and ceremony.facts["account_id"] == ACCOUNT_ID
    assert len(ceremony.secrets) == 0
    with pytest.raises(CeremonyClosedError):
        ceremony.run_step()


def test_secrets_live_only_while_a_step_needs_them(fake_iam, recorder, clock):
    ceremony = start_mfa(fake_iam, recorder, clock)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    assert ceremony.secrets.names() == {"seed"}  # scan-qr and enable-device need it
    ceremony.run_step()
    ceremony.run_step(secret_inputs={"code_1": "000000", "code_2": "111111"})  # wrong codes
    assert ceremony.secrets.names() == {"seed"}  # the codes are gone, the seed stays for a retry
    code_1, code_2 = codes_at(clock.now)
    ceremony.run_step(secret_inputs={"code_1": code_1, "code_2": code_2})
    assert ceremony.secrets.names() == set()  # no later step needs the seed
    assert SEED not in repr(ceremony.secrets) and SEED not in str(recorder.events)
    assert code_1 not in str(recorder.events)


def test_a_failed_step_is_journaled_and_can_be_retried_without_losing_anything(fake_iam, recorder, clock):
    ceremony = start_mfa(fake_iam, recorder, clock)
    ceremony.run_step(inputs=USER)
    fake_iam.fail_next["create-device"] = AccessDeniedError(
        "This identity may not create virtual MFA devices.", hint="Use an IAM admin.", code="AccessDenied")
    failed = ceremony.run_step()
    assert failed.outcome is Outcome.FAILED and ceremony.current_step.id == "create-device"
    assert failed.message == "This identity may not create virtual MFA devices. Use an IAM admin."
    assert recorder.steps[-1]["evidence"] == {"error": "AccessDeniedError", "aws_error_code": "AccessDenied"}
    assert "serial" not in ceremony.facts and ceremony.facts["user_name"] == "breakglass"
    assert ceremony.run_step().outcome is Outcome.OK
    assert ceremony.current_step.id == "scan-qr"
    assert recorder.outcomes()[1:] == [("create-device", "failed"), ("create-device", "ok")]


def test_a_handler_failure_outcome_keeps_the_step_current(fake_iam, recorder, clock):
    ceremony = start_mfa(fake_iam, recorder, clock)
    result = ceremony.run_step(inputs={"user_name": "nobody", "custodian": "Alice"})
    assert result.outcome is Outcome.FAILED and "no IAM user named nobody" in result.message
    assert ceremony.current_index == 0 and "user_name" not in ceremony.facts


def test_a_step_missing_its_inputs_is_refused_before_anything_runs(fake_iam, recorder, clock):
    ceremony = start_mfa(fake_iam, recorder, clock)
    result = ceremony.run_step(inputs={"user_name": "breakglass", "custodian": "  "})
    assert result.outcome is Outcome.FAILED and "needs custodian" in result.message
    assert fake_iam.calls == [] and recorder.steps[-1]["evidence"] == {"refused": True}
    with pytest.raises(ValueError, match="no input named"):
        ceremony.run_step(inputs={**USER, "password": "x"})


# A small destructive runbook, like the root access key deletion to come.
DELETE_KEYS = Runbook(
    id="test-delete", title="Delete", summary="", requirement=Requirement.ROOT_SESSION,
    steps=(
        Step("deactivate", StepKind.ACTION, "Deactivate the keys", "keys inactive", destructive=True,
             confirmation=Confirmation.YES_NO),
        Step("delete", StepKind.ACTION, "Delete the keys", "no keys remain", destructive=True,
             confirmation=Confirmation.TYPE_ACCOUNT_ID),
        Step("seal", StepKind.ATTEST, "Witnessed", "the keys are gone", needs_witness=True),
    ))


def destructive_ceremony(recorder, clock, calls):
    return destructive_ceremony_as(ROOT, recorder, clock, calls)


def destructive_ceremony_as(identity, recorder, clock, calls=None):
    calls = [] if calls is None else calls
    handlers = {step: (lambda ctx, step=step: calls.append(step) or StepOutcome.success(step))
                for step in ("deactivate", "delete")}
    return Ceremony.start(DELETE_KEYS, identity=identity, handlers=handlers, recorder=recorder, clock=clock)


def test_a_wrong_identity_cannot_start_a_ceremony(recorder, clock):
    with pytest.raises(PreconditionError, match="not as root") as caught:
        destructive_ceremony_as(ADMIN, recorder, clock)
    assert "AssumeRoot" in str(caught.value) and recorder.events == []


def test_destructive_steps_run_only_after_the_explicit_confirmation(recorder, clock):
    calls: list[str] = []
    ceremony = destructive_ceremony(recorder, clock, calls)
    refused = ceremony.run_step()
    assert refused.outcome is Outcome.FAILED and "Not confirmed" in refused.message and calls == []
    ceremony.run_step(confirmed=True)
    for typed in (None, "", "123456789013", "12345678901", "arn:aws:iam::123456789012:root"):
        result = ceremony.run_step(typed_account_id=typed, confirmed=True)
        assert result.outcome is Outcome.FAILED and "does not match this account (123456789012)" in result.message
    assert calls == ["deactivate"] and ceremony.current_step.id == "delete"
    assert ceremony.run_step(typed_account_id=f"  {ACCOUNT_ID}\n").outcome is Outcome.OK
    assert calls == ["deactivate", "delete"]
    assert [o for s, o in recorder.outcomes() if s == "delete"] == ["failed"] * 5 + ["ok"]


def test_the_typed_account_id_may_be_grouped_as_the_console_shows_it(recorder, clock):
    calls: list[str] = []
    ceremony = destructive_ceremony(recorder, clock, calls)
    ceremony.run_step(confirmed=True)
    assert ceremony.run_step(typed_account_id="1234-5678-9013").outcome is Outcome.FAILED
    assert ceremony.run_step(typed_account_id="1234-5678-9012").outcome is Outcome.OK
    assert calls == ["deactivate", "delete"]


def test_a_step_that_needs_a_witness_names_one(recorder, clock):
    ceremony = destructive_ceremony(recorder, clock, [])
    ceremony.run_step(confirmed=True)
    ceremony.run_step(typed_account_id=ACCOUNT_ID)
    assert "needs a witness" in ceremony.run_step(witness="   ").message
    assert ceremony.run_step(witness="Dana", note="watched on screen").outcome is Outcome.OK
    assert recorder.steps[-1]["witness"] == "Dana" and "watched on screen" in recorder.steps[-1]["note"]
    assert ceremony.status is CeremonyStatus.FINISHED


def test_a_handler_that_would_journal_a_secret_is_stopped(fake_iam, recorder, clock):
    def leaky_enable(ctx):
        return StepOutcome.success("enabled", evidence={"typed": ctx.secrets.get("code_1")})

    ceremony = Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=ADMIN,
                              handlers={**fake_iam.handlers(), "enable-device": leaky_enable},
                              undo_handlers=fake_iam.undo_handlers(), recorder=recorder, clock=clock)
    run_to_enable(ceremony)
    journaled = len(recorder.events)
    with pytest.raises(SecretLeakError, match="code_1"):
        ceremony.run_step(secret_inputs={"code_1": "246810", "code_2": "135791"})
    assert len(recorder.events) == journaled and ceremony.current_step.id == "enable-device"
    assert "code_1" not in ceremony.secrets


def test_an_operator_note_holding_a_live_secret_never_reaches_the_journal(fake_iam, recorder, clock):
    ceremony = start_mfa(fake_iam, recorder, clock)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    journaled = len(recorder.events)
    with pytest.raises(SecretLeakError, match="seed"):
        ceremony.run_step(note=f"typed the key {SEED} by hand")
    assert len(recorder.events) == journaled and ceremony.current_step.id == "scan-qr"
    assert [r.step_id for r in ceremony.results] == ["choose-user", "create-device"]


def test_abort_undoes_the_unassigned_device_and_journals_it(fake_iam, recorder, clock):
    ceremony = start_mfa(fake_iam, recorder, clock)
    run_to_enable(ceremony)
    serial = ceremony.facts["serial"]
    report = ceremony.abort(reason="the custodian left")
    assert report.clean and report.undone == ("create-device",)
    assert fake_iam.devices == {} and fake_iam.calls[-1] == "undo:create-device"
    assert recorder.outcomes()[-2:] == [("enable-device", "aborted"), ("create-device", "undone")]
    assert recorder.steps[-1]["evidence"] == {"serial": serial}
    assert recorder.ceremony_events() == ["started", "aborted"]
    assert recorder.events[-1]["note"] == "the custodian left"
    assert ceremony.status is CeremonyStatus.ABORTED and len(ceremony.secrets) == 0


def test_abort_after_the_device_was_enabled_keeps_it(fake_iam, recorder, clock):
    ceremony = start_mfa(fake_iam, recorder, clock)
    run_to_enable(ceremony)
    ceremony.run_step(secret_inputs=dict(zip(("code_1", "code_2"), codes_at(clock.now))))
    report = ceremony.abort(reason="stopped before verification")
    assert report.undone == () and len(fake_iam.devices) == 1
    assert "undo:create-device" not in fake_iam.calls


def test_undo_runs_newest_first_and_goes_on_after_a_failure(recorder, clock):
    made: list[str] = []
    undone: list[str] = []
    steps = tuple(Step(name, StepKind.ACTION, name, name, undo=f"un{name}") for name in ("a", "b", "c"))
    runbook = Runbook("test-undo", "Undo", "", Requirement.ANY, (*steps, Step("end", StepKind.MANUAL, "End", "end")))

    def undo(ctx):
        undone.append(ctx.step.id)
        if ctx.step.id == "b":
            raise RootkeeperError("b cannot be removed now.")
        assert ctx.undoing
        return StepOutcome.success(f"removed {ctx.step.id}")

    ceremony = Ceremony.start(runbook, identity=ADMIN, recorder=recorder, clock=clock,
                              handlers={s.id: (lambda ctx: made.append(ctx.step.id) or StepOutcome.success())
                                        for s in steps},
                              undo_handlers={f"un{s.id}": undo for s in steps})
    for _ in steps:
        ceremony.run_step()
    report = ceremony.abort(reason="test")
    assert made == ["a", "b", "c"] and undone == ["c", "b", "a"]
    assert report.undone == ("c", "a") and report.failed == (("b", "b cannot be removed now."),)
    assert recorder.outcomes()[-4:] == [("end", "aborted"), ("c", "undone"), ("b", "failed"), ("a", "undone")]
    assert ceremony.status is CeremonyStatus.CLEANUP_PENDING
    assert "undo failed: b: b cannot be removed now." in recorder.events[-1]["note"]


def test_optional_steps_alone_can_be_skipped(recorder, clock):
    runbook = Runbook("test-skip", "Skip", "", Requirement.ANY, (
        Step("look", StepKind.MANUAL, "Look", "seen", optional=True),
        Step("sign", StepKind.ATTEST, "Sign", "signed")))
    ceremony = Ceremony.start(runbook, identity=ADMIN, handlers={}, recorder=recorder, clock=clock)
    assert ceremony.skip_step(reason="no console access").outcome is Outcome.SKIPPED
    with pytest.raises(RootkeeperError, match="cannot be skipped"):
        ceremony.skip_step(reason="bored")
    assert recorder.outcomes() == [("look", "skipped")]


def test_every_action_and_check_needs_a_bound_handler(fake_iam, recorder, clock):
    handlers = fake_iam.handlers()
    del handlers["verify-assigned"]
    with pytest.raises(LookupError, match="verify-assigned"):
        Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=ADMIN, handlers=handlers,
                       undo_handlers=fake_iam.undo_handlers(), recorder=recorder, clock=clock)
    with pytest.raises(LookupError, match=mfa.DELETE_UNASSIGNED_VIRTUAL_MFA):
        Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=ADMIN, handlers=fake_iam.handlers(),
                       recorder=recorder, clock=clock)
    assert recorder.events == []
