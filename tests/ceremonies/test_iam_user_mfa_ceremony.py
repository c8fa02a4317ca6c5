"""The IAM break-glass user's virtual MFA ceremony, headless, against the rehearsal world."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from rootkeeper.aws import virtual_mfa
from rootkeeper.ceremonies.mfa import IamUserVirtualMfa
from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.progress import ProgressStore
from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA, RUNBOOKS, mfa
from rootkeeper.core.step_contract import Outcome
from tests.support.mfa_ceremony import USER, app_codes


def start(session, identity, recorder, clock, store=None):
    handlers, undo = IamUserVirtualMfa(session, clock=clock).bound()
    return Ceremony.start(IAM_USER_VIRTUAL_MFA, identity=identity, handlers=handlers, undo_handlers=undo,
                          recorder=recorder, clock=clock, store=store)


def run_to_enable(ceremony):
    assert ceremony.run_step(inputs=USER).outcome is Outcome.OK
    assert ceremony.run_step().outcome is Outcome.OK  # create the device
    assert ceremony.run_step().outcome is Outcome.OK  # the custodian scanned the QR code


def unassigned_serials(iam):
    return [d["SerialNumber"] for d in iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]]


def test_the_breakglass_user_gets_a_device(session, identity, recorder, clock, iam):
    ceremony = start(session, identity, recorder, clock)
    run_to_enable(ceremony)
    seed = ceremony.secrets.get(mfa.SEED)
    pyotp.TOTP(seed).now()  # a real Base32 seed, held only in the SecretBox
    assert seed not in repr(ceremony.facts) and seed not in repr(recorder.steps)

    result = ceremony.run_step(secret_inputs=app_codes(seed, clock.now))
    assert result.outcome is Outcome.OK, result.message
    assert ceremony.run_step().outcome is Outcome.OK  # verified by ListMFADevices
    assert ceremony.run_step(witness="Bob Witness").outcome is Outcome.OK

    serial = ceremony.facts["serial"]
    assert ceremony.status is CeremonyStatus.FINISHED and len(ceremony.secrets) == 0
    devices = iam.list_mfa_devices(UserName="breakglass")["MFADevices"]
    assert [d["SerialNumber"] for d in devices] == [serial]
    assert serial.endswith(":mfa/breakglass-20250314T092600Z")
    assert recorder.outcomes() == [(step.id, "ok") for step in IAM_USER_VIRTUAL_MFA.steps]
    assert recorder.steps[-1]["witness"] == "Bob Witness"
    assert "Alice Example confirms they hold" in recorder.steps[-1]["evidence"]["statement"]
    assert [e["event"] for e in recorder.events] == ["started", "finished"]


def test_wrong_codes_are_explained_and_a_retry_works(session, identity, recorder, clock, iam):
    ceremony = start(session, identity, recorder, clock)
    run_to_enable(ceremony)
    seed = ceremony.secrets.get(mfa.SEED)
    good = app_codes(seed, clock.now)
    wrong = {name: f"{(int(code) + 1) % 10**6:06d}" for name, code in good.items()}  # a typo in each

    result = ceremony.run_step(secret_inputs=wrong)
    assert result.outcome is Outcome.FAILED
    assert "do not match this device" in result.message
    assert result.evidence["checked"] == "locally"
    assert ceremony.current_step.id == mfa.ENABLE_DEVICE
    assert ceremony.facts["serial"] in unassigned_serials(iam)  # AWS was never asked

    assert ceremony.run_step(secret_inputs=app_codes(seed, clock.now)).outcome is Outcome.OK
    assert unassigned_serials(iam) == []


def test_the_same_code_twice_is_refused_locally(session, identity, recorder, clock):
    ceremony = start(session, identity, recorder, clock)
    run_to_enable(ceremony)
    code = app_codes(ceremony.secrets.get(mfa.SEED), clock.now)["code_2"]
    result = ceremony.run_step(secret_inputs={"code_1": code, "code_2": code})
    assert result.outcome is Outcome.FAILED
    assert "same code twice" in result.message


def test_codes_from_a_skewed_phone_clock_are_explained(session, identity, recorder, clock):
    ceremony = start(session, identity, recorder, clock)
    run_to_enable(ceremony)
    skewed = app_codes(ceremony.secrets.get(mfa.SEED), clock.now + timedelta(minutes=20))
    result = ceremony.run_step(secret_inputs=skewed)
    assert result.outcome is Outcome.FAILED
    assert "clock" in result.message and "minutes" in result.message


def test_codes_aws_refuses_are_explained(session, identity, recorder, clock, monkeypatch):
    """Should the local check pass and AWS still refuse (clocks disagree), the operator is told why."""
    from rootkeeper.ceremonies import mfa as ceremony_mfa
    from types import SimpleNamespace

    ceremony = start(session, identity, recorder, clock)
    run_to_enable(ceremony)
    seed = ceremony.secrets.get(mfa.SEED)
    late = app_codes(seed, clock.now + timedelta(minutes=20))
    monkeypatch.setattr(ceremony_mfa, "check_consecutive_codes", lambda *a, **k: SimpleNamespace(ok=True, message="ok"))
    result = ceremony.run_step(secret_inputs=late)
    assert result.outcome is Outcome.FAILED
    assert result.message.startswith("AWS did not accept the two codes")
    assert result.evidence["aws_error_code"] == "InvalidAuthenticationCode"


def test_an_unknown_user_or_one_with_mfa_is_refused(session, identity, recorder, clock, iam):
    ceremony = start(session, identity, recorder, clock)
    result = ceremony.run_step(inputs={"user_name": "nobody", "custodian": "Alice"})
    assert result.outcome is Outcome.FAILED and "no IAM user named 'nobody'" in result.message

    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="operator-phone")["VirtualMFADevice"]
    totp = pyotp.TOTP(device["Base32StringSeed"].decode())
    iam.enable_mfa_device(UserName="operator", SerialNumber=device["SerialNumber"],
                          AuthenticationCode1=totp.at(clock.now - timedelta(seconds=30)),
                          AuthenticationCode2=totp.at(clock.now))
    result = ceremony.run_step(inputs={"user_name": "operator", "custodian": "Alice"})
    assert result.outcome is Outcome.FAILED and "already has 1 MFA device" in result.message
    assert ceremony.run_step(inputs=USER).outcome is Outcome.OK


def test_abort_after_create_deletes_the_unassigned_device(session, identity, recorder, clock, iam):
    ceremony = start(session, identity, recorder, clock)
    run_to_enable(ceremony)
    serial = ceremony.facts["serial"]
    assert unassigned_serials(iam) == [serial]

    report = ceremony.abort(reason="the custodian's phone is out of battery")
    assert report.clean and report.undone == (mfa.CREATE_DEVICE,)
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
    assert len(ceremony.secrets) == 0
    undo = recorder.steps[-1]
    assert (undo["step"], undo["outcome"]) == (mfa.CREATE_DEVICE, "undone")
    assert f"{serial} was deleted" in undo["note"] and "undo (the custodian's phone" in undo["note"]
    assert recorder.events[-1]["event"] == "aborted"


def test_abort_after_an_unrecorded_enable_never_deletes_the_enabled_device(session, identity, recorder, clock,
                                                                            iam):
    """EnableMFADevice reached AWS but the ceremony never heard (an interruption): an undo only
    deletes what is unassigned, so the enabled device stays, and the abort says where it is."""
    ceremony = start(session, identity, recorder, clock)
    run_to_enable(ceremony)
    serial, seed = ceremony.facts["serial"], ceremony.secrets.get(mfa.SEED)
    codes = app_codes(seed, clock.now)
    virtual_mfa.enable_mfa_device(session, "breakglass", serial, codes["code_1"], codes["code_2"])

    assert "is assigned to" in ceremony.undo_plan()[0].text
    report = ceremony.abort(reason="interrupted")
    assert report.clean
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName="breakglass")["MFADevices"]] == [serial]
    undo = recorder.steps[-1]
    assert f"{serial} is assigned to" in undo["note"] and "never deletes an enabled device" in undo["note"]
    assert undo["evidence"]["left_assigned"] == [serial] and undo["evidence"]["deleted"] == []


def test_a_crashed_ceremony_is_cleaned_up_from_its_saved_progress(session, identity, recorder, clock, iam):
    store = ProgressStore.in_data_dir(rehearsal=True)
    ceremony = start(session, identity, recorder, clock, store=store)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()  # created; then the terminal is closed
    serial = ceremony.facts["serial"]
    del ceremony

    [saved] = ProgressStore.in_data_dir(rehearsal=True).unfinished()
    assert saved.facts["serial"] == serial and "seed" not in saved.facts
    handlers, undo = IamUserVirtualMfa(session, clock=clock).bound()
    reopened = Ceremony.reopen(saved, runbooks=RUNBOOKS, handlers=handlers, undo_handlers=undo,
                               recorder=recorder, store=store, clock=clock)
    report = reopened.clean_up()

    assert report.clean and report.undone == (mfa.CREATE_DEVICE,)
    assert unassigned_serials(iam) == [] and iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
    assert store.unfinished() == []
    assert recorder.events[-1]["event"] == "cleaned-up"


def test_a_resumed_ceremony_replaces_the_device_whose_seed_was_lost(session, identity, recorder, clock, iam):
    store = ProgressStore.in_data_dir(rehearsal=True)
    ceremony = start(session, identity, recorder, clock, store=store)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    first = ceremony.facts["serial"]
    del ceremony

    [saved] = store.unfinished()
    handlers, undo = IamUserVirtualMfa(session, clock=clock).bound()
    clock.advance(seconds=5)  # a new second: the new device gets a new name
    resumed = Ceremony.resume(saved, runbooks=RUNBOOKS, handlers=handlers, undo_handlers=undo,
                              recorder=recorder, store=store, clock=clock)
    assert resumed.current_step.id == mfa.CREATE_DEVICE and "undone" in resumed.notice
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []

    resumed.run_step()
    resumed.run_step()
    assert resumed.run_step(secret_inputs=app_codes(resumed.secrets.get(mfa.SEED), clock.now)).outcome is Outcome.OK
    second = resumed.facts["serial"]
    assert second != first
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName="breakglass")["MFADevices"]] == [second]


@pytest.mark.parametrize("name", ["has space", "", "x" * 227, "emoji-😀"])
def test_device_names_iam_would_refuse_are_refused_before_any_call(name):
    from rootkeeper.core.errors import ValidationError

    with pytest.raises(ValidationError):
        virtual_mfa.check_device_name(name)


def test_the_qr_uri_carries_the_held_seed_for_the_chosen_user(session, identity, recorder, clock):
    from urllib.parse import parse_qs, unquote, urlparse

    from rootkeeper.core.runbooks.mfa import device_otpauth_uri

    ceremony = start(session, identity, recorder, clock)
    ceremony.run_step(inputs=USER)
    ceremony.run_step()
    seed = ceremony.secrets.get(mfa.SEED)
    text = device_otpauth_uri(seed, ceremony.facts)
    uri = urlparse(text)
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert parse_qs(uri.query)["secret"] == [seed]
    assert "breakglass" in unquote(uri.path) and identity.account_id in unquote(uri.path)
    assert pyotp.parse_uri(text).at(clock.now) == pyotp.TOTP(seed).at(clock.now)
