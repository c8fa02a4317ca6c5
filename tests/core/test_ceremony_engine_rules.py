"""The engine alone decides whether a step applies (Step.skip_when, journaled), stamps what a
step declares it proves, and journals what a step read before the operator acted."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind
from rootkeeper.core.step_contract import Lookup, Outcome, StepOutcome
from tests.support.mfa_ceremony import ListRecorder

ACCOUNT = "111122223333"
ADMIN = Identity(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/alice", PrincipalKind.IAM_USER)
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)


def runbook(*steps: Step) -> Runbook:
    return Runbook(id="rules", title="T", summary="S", requirement=Requirement.ANY, steps=steps)


def unless_nothing_found(facts, history):
    return None if facts.get("found") else "Nothing was found: there is nothing to remove."


FIND = Step(id="find", kind=StepKind.CHECK, title="Find", verifies="Reads what is there.")
REMOVE = Step(id="remove", kind=StepKind.ACTION, title="Remove", verifies="Removed.", optional=True,
              confirmation=Confirmation.YES_NO, skip_when=unless_nothing_found)
SIGN = Step(id="sign", kind=StepKind.ATTEST, title="Sign", verifies="Signed.")


def start(rb: Runbook, handlers, recorder: ListRecorder) -> Ceremony:
    return Ceremony.start(rb, identity=ADMIN, handlers=handlers, recorder=recorder, clock=lambda: NOW)


@pytest.mark.parametrize("found, removal", [(False, "skipped"), (True, "ok")])
def test_the_engine_skips_a_step_that_does_not_apply_and_journals_why(found, removal):
    recorder = ListRecorder()
    handlers = {"find": lambda ctx: StepOutcome.success("looked", facts={"found": found}),
                "remove": lambda ctx: StepOutcome.success("removed")}
    ceremony = start(runbook(FIND, REMOVE, SIGN), handlers, recorder)
    ceremony.run_step()
    assert ceremony.current_step is (REMOVE if found else SIGN)
    if found:
        ceremony.run_step(confirmed=True)
    ceremony.run_step(attested_by="Alice")
    assert [(entry["step"], entry["outcome"]) for entry in recorder.steps] == [
        ("find", "ok"), ("remove", removal), ("sign", "ok")]
    if not found:
        skipped = recorder.steps[1]
        assert skipped["outcome"] == "skipped" and "nothing to remove" in skipped["note"]
        assert skipped["evidence_kind"] == "none"


def test_only_an_optional_step_may_have_a_skip_rule():
    with pytest.raises(ValueError, match="only an optional step"):
        runbook(Step(id="x", kind=StepKind.ACTION, title="X", verifies="X.", skip_when=unless_nothing_found))


def test_a_step_declares_what_its_success_proves():
    made_here = Step(id="make", kind=StepKind.ACTION, title="Make", verifies="Made locally.", evidence=Evidence.NONE)
    recorder = ListRecorder()
    ceremony = start(runbook(made_here, SIGN), {"make": lambda ctx: StepOutcome.success("made")}, recorder)
    assert ceremony.run_step().evidence_kind is Evidence.NONE
    assert recorder.steps[0]["evidence_kind"] == "none" and made_here.proves is Evidence.NONE
    assert SIGN.proves is Evidence.ATTESTED


def test_what_a_step_reads_before_the_operator_acts_is_journaled_and_returned():
    recorder = ListRecorder()
    ceremony = start(runbook(FIND, SIGN), {"find": lambda ctx: StepOutcome.success("found")}, recorder)
    users = ["alice", "bob"]
    data = ceremony.look(lambda ctx: Lookup(f"listed {len(users)} users of {ctx.facts['account_id']}", users))
    assert data is users
    assert recorder.events[-1]["event"] == "looked"
    assert recorder.events[-1]["note"] == f"find: listed 2 users of {ACCOUNT}"


def test_a_reading_that_fails_says_so_and_the_step_stays():
    ceremony = start(runbook(FIND, SIGN), {"find": lambda ctx: StepOutcome.success("found")}, ListRecorder())

    def refused(ctx):
        raise RootkeeperError("AccessDenied: this identity cannot list IAM users.")

    with pytest.raises(RootkeeperError, match="cannot list IAM users"):
        ceremony.look(refused)
    assert ceremony.current_step is FIND and ceremony.results == ()
    assert ceremony.run_step().outcome is Outcome.OK
