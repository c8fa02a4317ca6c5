"""The engine's part of "nothing left behind": what a step declares it is about to create
is on disk before the call, and the step's undo gets it on retry, abort and clean-up,
whether or not the step completed. And who attested is a field of the outcome."""

from __future__ import annotations

from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.progress import ProgressStore
from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA, RUNBOOKS, mfa
from rootkeeper.core.step_contract import Outcome, StepOutcome, previews
from tests.support.ceremony_fakes import ADMIN, FakeIam, ListRecorder, codes_at
from tests.support.clock import StepClock

USER = {"user_name": "breakglass", "custodian": "Alice"}


class DeclaringIam(FakeIam):
    """Creates a device named after the attempt, declaring it first; may lose the answer."""

    def __init__(self, store: ProgressStore) -> None:
        super().__init__()
        self.store = store
        self.lose_answer = True
        self.on_disk_before_call: list[list[str]] = []
        self.undo_saw: list[list[str]] = []

    def create_device(self, ctx):
        name = f"breakglass-{len(self.devices) + 1}"
        ctx.about_to_create("virtual MFA device", name)
        self.on_disk_before_call.append([item.name for item in self.store.load(ctx.ceremony_id).declared])
        self.devices[name] = None
        if self.lose_answer:
            raise RootkeeperError("AWS answered 500.")
        return StepOutcome.success("created", facts={"serial": name})

    def undo_handlers(self):
        @previews
        def delete(ctx):
            names = [item.name for item in ctx.declared]
            if ctx.previewing:
                return StepOutcome.success("will delete " + ", ".join(names))
            self.undo_saw.append(names)
            for name in names:
                self.devices.pop(name, None)
            return StepOutcome.success("deleted " + ", ".join(names))

        return {mfa.DELETE_UNASSIGNED_VIRTUAL_MFA: delete}


def start(iam, store, recorder):
    return Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=ADMIN, handlers=iam.handlers(),
                          undo_handlers=iam.undo_handlers(), recorder=recorder, store=store, clock=StepClock())


def test_a_declaration_is_on_disk_before_the_call_and_the_abort_undoes_a_failed_step(tmp_path):
    store = ProgressStore(tmp_path)
    iam, recorder = DeclaringIam(store), ListRecorder()
    ceremony = start(iam, store, recorder)
    ceremony.run_step(inputs=USER)
    assert ceremony.run_step().outcome is Outcome.FAILED
    assert iam.on_disk_before_call == [["breakglass-1"]]
    assert [item.text for item in ceremony.undo_plan()] == ["will delete breakglass-1"]

    report = ceremony.abort(reason="gave up")
    assert report.undone == (mfa.CREATE_DEVICE,) and iam.devices == {}
    assert iam.undo_saw == [["breakglass-1"]]


def test_a_retry_first_undoes_what_the_failed_attempt_declared(tmp_path):
    store = ProgressStore(tmp_path)
    iam, recorder = DeclaringIam(store), ListRecorder()
    ceremony = start(iam, store, recorder)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    iam.lose_answer = False
    assert ceremony.run_step().outcome is Outcome.OK
    assert iam.undo_saw == [["breakglass-1"]] and list(iam.devices) == ["breakglass-1"]  # the name, reused
    assert recorder.outcomes()[-3:] == [(mfa.CREATE_DEVICE, "failed"), (mfa.CREATE_DEVICE, "undone"),
                                        (mfa.CREATE_DEVICE, "ok")]
    assert "before running the step again" in recorder.steps[-2]["note"]


def test_a_retry_whose_clean_up_fails_does_not_create_another(tmp_path):
    store = ProgressStore(tmp_path)
    iam, recorder = DeclaringIam(store), ListRecorder()
    handlers = iam.handlers()
    ceremony = Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=ADMIN, handlers=handlers, recorder=recorder,
                              undo_handlers={mfa.DELETE_UNASSIGNED_VIRTUAL_MFA:
                                             lambda ctx: StepOutcome.failure("AccessDenied")},
                              store=store, clock=StepClock())
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    result = ceremony.run_step()
    assert result.outcome is Outcome.FAILED and "could not be removed first (AccessDenied)" in result.message
    assert len(iam.devices) == 1


def test_clean_up_of_a_saved_ceremony_undoes_what_its_failed_step_declared(tmp_path):
    store = ProgressStore(tmp_path)
    iam, recorder = DeclaringIam(store), ListRecorder()
    ceremony = start(iam, store, recorder)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    [saved] = store.unfinished()
    reopened = Ceremony.reopen(saved, runbooks=RUNBOOKS, handlers=iam.handlers(),
                               undo_handlers=iam.undo_handlers(), recorder=recorder, store=store, clock=StepClock())
    assert reopened.clean_up().undone == (mfa.CREATE_DEVICE,)
    assert iam.devices == {} and store.unfinished() == []


def test_who_attested_is_a_field_of_the_outcome_and_of_the_record():
    iam, recorder, clock = FakeIam(), ListRecorder(), StepClock()
    ceremony = Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=ADMIN, handlers=iam.handlers(),
                              undo_handlers=iam.undo_handlers(), recorder=recorder, clock=clock)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    ceremony.run_step()
    code_1, code_2 = codes_at(clock.now)
    ceremony.run_step(secret_inputs={"code_1": code_1, "code_2": code_2})
    ceremony.run_step()
    result = ceremony.run_step(witness="Bob Witness", attested_by="  Alice Custodian ")
    assert (result.attested_by, result.witness) == ("Alice Custodian", "Bob Witness")
    assert (recorder.steps[-1]["attested_by"], recorder.steps[-1]["witness"]) == ("Alice Custodian", "Bob Witness")
    assert "attested_by" not in recorder.steps[0]  # only an attestation names who attested
    assert result.to_json()["attested_by"] == "Alice Custodian"
