"""Every ✔ is a proof: each outcome names its evidence, a console step the rehearsal console
did without changing anything is not done, a failed check offers the step it verifies again,
and every runbook verifies by API what the API can see of a console step."""

from __future__ import annotations

import pytest

from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind, unverified_manual_steps
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.core.step_contract import ConsolePlay, Evidence, Outcome, StepOutcome
from tests.support.ceremony_fakes import ADMIN, ListRecorder
from tests.support.clock import StepClock

CONSOLE = "do-it-in-console"
CHECK = "check-it"
ATTEST = "attest-it"
RUNBOOK = Runbook(
    id="evidence-test", title="t", summary="s", requirement=Requirement.ANY,
    steps=(
        Step(id="read", kind=StepKind.CHECK, title="Read", verifies="read"),
        Step(id="act", kind=StepKind.ACTION, title="Act", verifies="acted", confirmation=Confirmation.YES_NO),
        Step(id=CONSOLE, kind=StepKind.MANUAL, title="Do it in the console", verifies="done", api_visible=True),
        Step(id=CHECK, kind=StepKind.CHECK, title="Check it", verifies="checked", checks=(CONSOLE,)),
        Step(id=ATTEST, kind=StepKind.ATTEST, title="Attest", verifies="confirmed", optional=True),
    ),
)


@pytest.fixture
def aws_state():
    return {"done": False, "checks": 0}


def start(world, recorder):
    def check(ctx):
        world["checks"] += 1
        if world["done"]:
            return StepOutcome.success("AWS shows it done.")
        return StepOutcome.failure("AWS does not show it done.", evidence_kind=Evidence.VERIFIED)

    handlers = {"read": lambda ctx: StepOutcome.success("read"), "act": lambda ctx: StepOutcome.success("acted"),
                CHECK: check}
    return Ceremony.start(RUNBOOK, identity=ADMIN, handlers=handlers, recorder=recorder, clock=StepClock())


def test_every_outcome_is_journaled_with_its_evidence_kind(aws_state):
    recorder = ListRecorder()
    ceremony = start(aws_state, recorder)
    ceremony.run_step()
    assert ceremony.run_step().outcome is Outcome.FAILED  # not confirmed: nothing was done
    ceremony.run_step(confirmed=True)
    ceremony.run_step()  # the operator says they did it
    aws_state["done"] = True
    ceremony.run_step()
    ceremony.skip_step(reason="no one to attest")
    assert [(e["step"], e["outcome"], e["evidence_kind"]) for e in recorder.steps] == [
        ("read", "ok", "verified"), ("act", "failed", "none"), ("act", "ok", "performed"),
        (CONSOLE, "ok", "reported"), (CHECK, "ok", "verified"), (ATTEST, "skipped", "none")]
    assert [r.evidence_kind for r in ceremony.results][-3:] == [Evidence.REPORTED, Evidence.VERIFIED, Evidence.NONE]


def test_an_attestation_is_attested_and_survives_a_save(aws_state):
    recorder = ListRecorder()
    ceremony = start(aws_state, recorder)
    for _ in range(2):
        ceremony.run_step(confirmed=True)
    ceremony.run_step()
    aws_state["done"] = True
    ceremony.run_step()
    result = ceremony.run_step(witness="Wendy")
    assert recorder.steps[-1]["evidence_kind"] == "attested"
    assert type(result).from_json(result.to_json()).evidence_kind is Evidence.ATTESTED


def test_a_console_play_that_changed_nothing_is_not_a_done_step(aws_state):
    recorder = ListRecorder()
    ceremony = start(aws_state, recorder)
    ceremony.run_step()
    ceremony.run_step(confirmed=True)
    same = [{"key_id": "AKIA1", "status": "Inactive"}]
    nothing = ceremony.run_step(played=ConsolePlay("the console deleted nothing", same, list(same)))
    assert nothing.outcome is Outcome.FAILED and nothing.evidence_kind is Evidence.NONE
    assert "changed nothing" in nothing.message and ceremony.current_step.id == CONSOLE
    assert recorder.steps[-1]["evidence_kind"] == "none"
    assert recorder.steps[-1]["evidence"]["rehearsal_console"] == {"before": same, "after": same, "changed": False}

    done = ceremony.run_step(played=ConsolePlay("the console deleted AKIA1", same, []))
    assert done.outcome is Outcome.OK and done.evidence_kind is Evidence.REHEARSED
    # What the step says is what the console did, not that the operator reported it.
    assert done.message == "The console deleted AKIA1."
    assert recorder.steps[-1]["evidence_kind"] == "rehearsed"


def test_a_failed_check_offers_to_go_back_to_the_step_it_verifies(aws_state):
    recorder = ListRecorder()
    ceremony = start(aws_state, recorder)
    ceremony.run_step()
    ceremony.run_step(confirmed=True)
    assert ceremony.back_target() is None  # nothing failed
    ceremony.run_step()  # "done", but it was not
    failed = ceremony.run_step()
    assert failed.outcome is Outcome.FAILED and failed.evidence_kind is Evidence.VERIFIED
    assert ceremony.back_target().id == CONSOLE

    assert ceremony.go_back().id == CONSOLE
    assert ceremony.current_step.id == CONSOLE and ceremony.back_target() is None
    went_back = [e for e in recorder.events if e.get("event") == "went-back"]
    assert len(went_back) == 1 and "AWS does not show it done" in went_back[0]["note"]
    with pytest.raises(RootkeeperError, match="offers no step to go back to"):
        ceremony.go_back()

    ceremony.run_step()
    assert ceremony.current_step.id == CHECK and ceremony.back_target() is None  # not until it fails again
    aws_state["done"] = True
    assert ceremony.run_step().outcome is Outcome.OK
    ceremony.run_step(witness="Wendy")
    assert ceremony.status is CeremonyStatus.FINISHED


def test_every_runbook_verifies_what_the_api_can_see_of_a_console_step():
    assert {runbook_id: unverified_manual_steps(runbook) for runbook_id, runbook in RUNBOOKS.items()} == \
        {runbook_id: [] for runbook_id in RUNBOOKS}
    manual = [step for runbook in RUNBOOKS.values() for step in runbook.steps if step.kind is StepKind.MANUAL]
    assert manual and all(step.api_visible is not None for step in manual)


def test_the_rule_catches_a_console_step_nobody_verifies():
    unchecked = Runbook(id="bad", title="t", summary="s", requirement=Requirement.ANY, steps=(
        Step(id="console", kind=StepKind.MANUAL, title="c", verifies="v", api_visible=True),
        Step(id="attest", kind=StepKind.ATTEST, title="a", verifies="v"),
        Step(id="check", kind=StepKind.CHECK, title="k", verifies="v", checks=("console",)),
    ))
    assert unverified_manual_steps(unchecked) == [
        "bad/console: an attestation comes before the check that verifies it"]
    undeclared = Runbook(id="bad", title="t", summary="s", requirement=Requirement.ANY, steps=(
        Step(id="console", kind=StepKind.MANUAL, title="c", verifies="v"),))
    assert unverified_manual_steps(undeclared) == ["bad/console: a manual step must declare api_visible"]
    with pytest.raises(ValueError, match="checks must name earlier steps"):
        Runbook(id="bad", title="t", summary="s", requirement=Requirement.ANY, steps=(
            Step(id="check", kind=StepKind.CHECK, title="k", verifies="v", checks=("later",)),
            Step(id="later", kind=StepKind.MANUAL, title="c", verifies="v", api_visible=False)))


def test_attestations_say_who_confirms_and_console_steps_say_who_reports():
    """An attest or a manual step never states as fact what nobody verified."""
    for runbook in RUNBOOKS.values():
        for step in runbook.steps:
            if step.kind is StepKind.ATTEST:
                assert "confirm" in step.verifies, f"{runbook.id}/{step.id}: {step.verifies}"
            if step.kind is StepKind.MANUAL:
                assert "reports" in step.verifies, f"{runbook.id}/{step.id}: {step.verifies}"
