"""The root user's virtual MFA ceremony: console-guided (the world's console simulator
plays the operator), then verified by API, then attested."""

from __future__ import annotations

import pytest

from rootkeeper.aws.mfa import read_account_summary
from rootkeeper.ceremonies.mfa import (RootMfa)
from rootkeeper.rehearsal.console_plays import (begin_root_mfa_in_rehearsal_console, complete_root_mfa_in_rehearsal_console, REHEARSAL_CONSOLE_NOTE)
from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbooks import ROOT_MFA, mfa
from rootkeeper.core.step_contract import Outcome
from tests.support.authenticator import assign_virtual_root_mfa, consecutive_codes

ROOT_INPUTS = {"custodian": "Carol Custodian", "device_name": "root-carol-phone"}


def start(session, identity, recorder, clock, console):
    handlers, undo = RootMfa(session, console=console).bound()
    return Ceremony.start(ROOT_MFA, identity=identity, handlers=handlers, undo_handlers=undo,
                          recorder=recorder, clock=clock)


def test_root_mfa_goes_from_off_to_a_verified_virtual_device(session, identity, recorder, clock, environment, iam):
    assert read_account_summary(session).mfa_enabled is False
    ceremony = start(session, identity, recorder, clock, environment.console)

    review = ceremony.run_step(inputs=ROOT_INPUTS)
    assert review.outcome is Outcome.OK, review.message
    assert "0 MFA device(s)" in review.message and "Up to 8 of its 8 slots remain" in review.message
    assert review.evidence == {"account_mfa_enabled": 0, "devices_visible": 0, "free_slots": 8}

    enrolment = begin_root_mfa_in_rehearsal_console(environment.console, ceremony.facts)
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []  # nothing until two codes
    serial = complete_root_mfa_in_rehearsal_console(environment.console, enrolment,
                                                    *consecutive_codes(enrolment.otpauth_uri, clock()))
    manual = ceremony.run_step(note=REHEARSAL_CONSOLE_NOTE)
    assert manual.outcome is Outcome.OK and manual.evidence["console"] == "rehearsal-console"
    assert REHEARSAL_CONSOLE_NOTE in recorder.steps[-1]["note"]

    verify = ceremony.run_step()
    assert verify.outcome is Outcome.OK, verify.message
    assert verify.evidence == {"account_mfa_enabled": 1, "device_is_virtual": True, "root_virtual_devices": 1,
                               "serial": serial}
    assert serial.endswith(":mfa/root-carol-phone")
    assert read_account_summary(session).mfa_enabled is True
    users = [d.get("User", {}).get("Arn", "") for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"]]
    assert any(arn.endswith(":root") for arn in users)

    attest = ceremony.run_step(witness="Dave Witness")
    assert attest.outcome is Outcome.OK and attest.witness == "Dave Witness"
    assert ceremony.status is CeremonyStatus.FINISHED
    assert recorder.outcomes() == [(step.id, "ok") for step in ROOT_MFA.steps]
    assert [e["step_kind"] for e in recorder.steps] == ["check", "manual", "check", "attest"]
    assert "Carol Custodian confirms they hold the root MFA device 'root-carol-phone'" in recorder.steps[-1]["evidence"]["statement"]


def test_verification_fails_until_the_console_steps_are_done(session, identity, recorder, clock, environment):
    ceremony = start(session, identity, recorder, clock, environment.console)
    ceremony.run_step(inputs=ROOT_INPUTS)
    ceremony.run_step()  # the operator says done, but did nothing
    early = ceremony.run_step()
    assert early.outcome is Outcome.FAILED and "AccountMFAEnabled = 0" in early.message
    assert ceremony.current_step.id == mfa.VERIFY_ROOT_MFA

    enrolment = begin_root_mfa_in_rehearsal_console(environment.console, ceremony.facts)
    complete_root_mfa_in_rehearsal_console(environment.console, enrolment,
                                           *consecutive_codes(enrolment.otpauth_uri, clock()))
    assert ceremony.run_step().outcome is Outcome.OK


def test_a_hardware_key_assigned_instead_is_reported_as_not_virtual(session, identity, recorder, clock, environment):
    ceremony = start(session, identity, recorder, clock, environment.console)
    ceremony.run_step(inputs=ROOT_INPUTS)
    environment.console.assign_root_mfa(identity.account_id, "root-carol-phone", kind="hardware")
    ceremony.run_step()
    verify = ceremony.run_step()
    assert verify.outcome is Outcome.OK
    assert verify.evidence["device_is_virtual"] is False and "hardware key or a passkey" in verify.message


def test_the_review_counts_existing_devices_and_refuses_a_taken_name(session, identity, recorder, clock,
                                                                    environment):
    existing = assign_virtual_root_mfa(environment.console, identity.account_id, "root-old-phone", clock())
    ceremony = start(session, identity, recorder, clock, environment.console)

    taken = ceremony.run_step(inputs={"custodian": "Carol", "device_name": "root-old-phone"})
    assert taken.outcome is Outcome.FAILED and "already exists" in taken.message

    review = ceremony.run_step(inputs=ROOT_INPUTS)
    assert review.outcome is Outcome.OK
    assert existing in review.message and "Up to 7 of its 8 slots remain" in review.message
    assert ceremony.facts["root_mfa_enabled_before"] is True
    assert ceremony.facts["root_virtual_serials_before"] == [existing]


def test_a_root_user_with_eight_devices_has_no_slot_left(session, identity, recorder, clock, environment):
    for number in range(8):
        assign_virtual_root_mfa(environment.console, identity.account_id, f"root-device-{number}", clock())
    ceremony = start(session, identity, recorder, clock, environment.console)
    review = ceremony.run_step(inputs=ROOT_INPUTS)
    assert review.outcome is Outcome.FAILED and "already has 8 MFA devices" in review.message


def test_against_real_aws_there_is_no_console_to_perform_the_step(session, identity, recorder, clock):
    ceremony = start(session, identity, recorder, clock, console=None)
    ceremony.run_step(inputs=ROOT_INPUTS)
    with pytest.raises(RootkeeperError, match="no rehearsal console"):
        begin_root_mfa_in_rehearsal_console(None, ceremony.facts)
    assert ceremony.run_step().evidence["console"] == "aws-console"


def test_a_console_step_the_rehearsal_console_played_does_not_say_the_operator_reported_it(
        session, identity, recorder, clock, environment):
    """The step list showed "rehearsed: The operator reported the console steps done." after
    the rehearsal console page assigned the device: the message must say what did it."""
    from rootkeeper.core.step_contract import ConsolePlay, Evidence

    ceremony = start(session, identity, recorder, clock, environment.console)
    ceremony.run_step(inputs=ROOT_INPUTS)
    enrolment = begin_root_mfa_in_rehearsal_console(environment.console, ceremony.facts)
    serial = complete_root_mfa_in_rehearsal_console(environment.console, enrolment,
                                                    *consecutive_codes(enrolment.otpauth_uri, clock()))
    played = ConsolePlay(REHEARSAL_CONSOLE_NOTE, before={"assigned_device": None}, after={"assigned_device": serial})
    manual = ceremony.run_step(played=played, note=played.note)
    assert manual.outcome is Outcome.OK and manual.evidence_kind is Evidence.REHEARSED
    assert "operator reported" not in manual.message
    assert manual.message.startswith("Performed in the rehearsal world's console simulator")
    assert recorder.steps[-1]["note"].lower().count(REHEARSAL_CONSOLE_NOTE) == 1  # not repeated after " | "
