"""Issue #8, section 2: whatever the device creation may have created is recorded before the
call, so that a failed or retried "Create the virtual MFA device" leaves no unassigned
device behind, and abort, clean-up and the abort dialog say what they found in AWS."""

from __future__ import annotations

import pytest

from rootkeeper.aws import virtual_mfa
from rootkeeper.ceremonies.mfa import IamUserVirtualMfa
from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.progress import ProgressStore
from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA, RUNBOOKS, mfa
from rootkeeper.core.step_contract import Outcome
from tests.support.mfa_ceremony import USER


class AnswerLost(Exception):
    """What a read timeout looks like to the handler: not a RootkeeperError, so it propagates."""


def start(session, identity, recorder, clock, store=None):
    handlers, undo = IamUserVirtualMfa(session, clock=clock).bound()
    return Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=identity, handlers=handlers, undo_handlers=undo,
                          recorder=recorder, clock=clock, store=store)


def unassigned_serials(iam):
    return [d["SerialNumber"] for d in iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]]


@pytest.fixture
def create_answers_500(monkeypatch):
    """AWS creates the device, then the answer fails (the world answering 500 after creating)."""
    real = virtual_mfa.create_virtual_mfa_device

    def create_then_fail(session, name):
        real(session, name)
        raise RootkeeperError("AWS answered 500 (InternalFailure) to iam:CreateVirtualMFADevice.",
                              hint="Try again.", code="InternalFailure")

    monkeypatch.setattr(virtual_mfa, "create_virtual_mfa_device", create_then_fail)
    create_then_fail.real = real
    return create_then_fail


def test_a_device_created_by_a_call_that_failed_is_found_and_deleted_on_abort(
        session, identity, recorder, clock, iam, create_answers_500):
    ceremony = start(session, identity, recorder, clock)
    assert ceremony.run_step(inputs=USER).outcome is Outcome.OK
    result = ceremony.run_step()
    assert result.outcome is Outcome.FAILED and "500" in result.message
    [orphan] = unassigned_serials(iam)
    assert "serial" not in ceremony.facts  # the handler never learned it

    [item] = ceremony.undo_plan()  # what the abort dialog shows, read from AWS, changing nothing
    assert item.looked and f"will delete the unassigned virtual MFA device {orphan} (found in AWS)" in item.text
    assert unassigned_serials(iam) == [orphan]

    report = ceremony.abort(reason="the operator gave up")
    assert report.clean and report.undone == (mfa.CREATE_DEVICE,)
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
    undo = recorder.steps[-1]
    assert (undo["step"], undo["outcome"]) == (mfa.CREATE_DEVICE, "undone")
    assert undo["evidence"]["deleted"] == [orphan] and undo["evidence"]["read_back_gone"] is True
    assert f"{orphan} was deleted, and read back as gone" in undo["note"]


def test_a_device_created_by_a_call_whose_answer_never_came_is_found_too(
        session, identity, recorder, clock, iam, monkeypatch):
    real = virtual_mfa.create_virtual_mfa_device

    def create_then_time_out(session, name):
        real(session, name)
        raise AnswerLost("Read timeout on endpoint URL")

    monkeypatch.setattr(virtual_mfa, "create_virtual_mfa_device", create_then_time_out)
    ceremony = start(session, identity, recorder, clock)
    ceremony.run_step(inputs=USER)
    with pytest.raises(AnswerLost):
        ceremony.run_step()
    assert len(unassigned_serials(iam)) == 1
    assert ceremony.abort(reason="timeout").clean
    assert unassigned_serials(iam) == []


def test_retrying_the_creation_never_piles_up_devices(session, identity, recorder, clock, iam, monkeypatch,
                                                      create_answers_500):
    ceremony = start(session, identity, recorder, clock)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    clock.advance(seconds=1)
    ceremony.run_step()  # Retry: the first attempt's device is deleted before the second is created
    ceremony.run_step()  # and again, in the same second
    assert len(unassigned_serials(iam)) == 1
    assert [entry["outcome"] for entry in recorder.steps if entry["step"] == mfa.CREATE_DEVICE] == \
        ["failed", "undone", "failed", "undone", "failed"]

    monkeypatch.setattr(virtual_mfa, "create_virtual_mfa_device", create_answers_500.real)  # AWS answers again
    assert ceremony.run_step().outcome is Outcome.OK
    assert unassigned_serials(iam) == [ceremony.facts["serial"]]  # one device: the one whose seed is held

    assert ceremony.abort(reason="done rehearsing").clean
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []


def test_clean_up_at_start_up_finds_a_device_whose_creation_failed(session, identity, recorder, clock, iam,
                                                                   create_answers_500):
    store = ProgressStore.in_data_dir(rehearsal=True)
    ceremony = start(session, identity, recorder, clock, store=store)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()  # failed, and then the terminal is closed
    [orphan] = unassigned_serials(iam)
    del ceremony

    [saved] = store.unfinished()
    assert [(item.step_id, item.name) for item in saved.declared] == [(mfa.CREATE_DEVICE, orphan.rsplit("/", 1)[-1])]
    handlers, undo = IamUserVirtualMfa(session, clock=clock).bound()
    reopened = Ceremony.reopen(saved, runbooks=RUNBOOKS, handlers=handlers, undo_handlers=undo,
                               recorder=recorder, store=store, clock=clock)
    report = reopened.clean_up()
    assert report.clean and report.undone == (mfa.CREATE_DEVICE,)
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
    assert store.unfinished() == [] and reopened.status is CeremonyStatus.ABORTED


def test_when_the_call_created_nothing_the_abort_says_nothing_was_found(session, identity, recorder, clock, iam,
                                                                       monkeypatch):
    def refuse(session, name):
        raise RootkeeperError("AWS refused: the request never reached IAM.")

    monkeypatch.setattr(virtual_mfa, "create_virtual_mfa_device", refuse)
    ceremony = start(session, identity, recorder, clock)
    ceremony.run_step(inputs=USER)
    assert ceremony.run_step().outcome is Outcome.FAILED
    [item] = ceremony.undo_plan()
    assert "nothing found in AWS for the virtual MFA device 'breakglass-" in item.text
    assert ceremony.abort(reason="gave up").clean
    assert "Nothing found in AWS" in recorder.steps[-1]["note"]


def test_before_any_device_the_plan_is_empty(session, identity, recorder, clock):
    ceremony = start(session, identity, recorder, clock)
    ceremony.run_step(inputs=USER)
    assert ceremony.undo_plan() == ()
