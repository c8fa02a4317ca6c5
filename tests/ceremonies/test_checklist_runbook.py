"""A checklist runbook needs no code of its own: declared as data (a console step, a library
check that verifies it, an attestation with a witness), it runs on the generic handlers the
registry gives it, against the rehearsal world, and every outcome is journaled with what
backs it."""

from __future__ import annotations

from rootkeeper.ceremonies.registry import BEHAVIOURS, BehaviourRegistry
from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.checks import NoRootAccessKeys
from rootkeeper.core.runbook import Requirement, Runbook, Step, StepKind
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.core.step_contract import Outcome

DELETE_IN_CONSOLE = Step(
    id="delete-in-console", kind=StepKind.MANUAL, title="Delete the root access keys in the console",
    instructions=("Sign in as root to account {account_id}.", "Delete every access key."),
    verifies="The operator reports the keys deleted.", api_visible=True)
NO_KEYS = Step(id="no-keys", kind=StepKind.CHECK, title="Verify no root access key remains",
               check=NoRootAccessKeys(), checks=("delete-in-console",))
SIGN_OFF = Step(id="sign-off", kind=StepKind.ATTEST, title="Sign off",
                verifies="The operator and a witness confirm the keys are gone.", needs_witness=True)
CHECKLIST = Runbook(id="root-keys-checklist", title="Root keys, by checklist", summary="A checklist.",
                    requirement=Requirement.ANY, steps=(DELETE_IN_CONSOLE, NO_KEYS, SIGN_OFF))


def test_a_checklist_runs_on_the_generic_handlers_alone(world, environment, session, identity, recorder, clock):
    registry = BehaviourRegistry([*RUNBOOKS.values(), CHECKLIST], BEHAVIOURS)
    handlers, undo = registry.handlers_for(CHECKLIST, environment, session, clock)
    assert registry.behaviour_of(CHECKLIST) is None and set(handlers) == {"no-keys"} and undo == {}
    ceremony = Ceremony.start(CHECKLIST, identity=identity, handlers=handlers, undo_handlers=undo,
                              recorder=recorder, clock=clock)

    assert ceremony.run_step().outcome is Outcome.OK  # the operator says so: nothing is deleted yet
    refuted = ceremony.run_step()
    assert refuted.outcome is Outcome.FAILED and "a root access key remains" in refuted.message
    assert ceremony.back_target() is DELETE_IN_CONSOLE

    account = identity.account_id
    for key in environment.console.root_access_keys(account):  # now the console really deletes them
        environment.console.delete_root_access_key(account, key["key_id"])
    ceremony.go_back()
    ceremony.run_step()
    verified = ceremony.run_step()
    assert verified.outcome is Outcome.OK and verified.evidence["account_access_keys_present"] == 0
    assert ceremony.run_step(witness="Walter Witness", attested_by="Olga Operator").outcome is Outcome.OK

    assert ceremony.status is CeremonyStatus.FINISHED
    journaled = [(entry["step"], entry["outcome"], entry["evidence_kind"]) for entry in recorder.steps]
    assert journaled == [("delete-in-console", "ok", "reported"), ("no-keys", "failed", "none"),
                         ("delete-in-console", "ok", "reported"), ("no-keys", "ok", "verified"),
                         ("sign-off", "ok", "attested")]
    assert recorder.steps[-1]["witness"] == "Walter Witness"
