"""The rehearsal console's recovery pages, in process and over `world serve`: the verification
email lands in the root mailbox, the call goes to the primary contact phone and a wrong number
typed on the keypad is refused with tries left; the right one signs root in (credential report,
CloudTrail ConsoleLogin). 'Forgot password?' records PasswordRecoveryRequested, and the reset
email's link sets the password once."""

from __future__ import annotations

import json

import pytest

from rootkeeper.core.errors import ValidationError

MGMT = "314159265358"


def _events(aws, name):
    events = aws("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": name}])["Events"]
    return [json.loads(event["CloudTrailEvent"]) for event in events]


def _other(code: str) -> str:
    return "123456" if code != "123456" else "654321"


def test_sign_in_with_alternative_factors(either_world, aws, manual_clock):
    console = either_world.console
    with pytest.raises(ValidationError, match="no MFA device"):
        console.begin_mfa_recovery(MGMT)  # acme's root has no MFA: nothing to troubleshoot
    console.assign_root_mfa(MGMT, "lost-token", kind="hardware")
    page = console.begin_mfa_recovery(MGMT)
    assert page == {"page": "Sign in using alternative factors", "email": "aws-root@acme.example"}
    with pytest.raises(ValidationError, match="email address first"):
        console.call_recovery_phone(MGMT)
    mail = console.send_verification_email(MGMT)
    inbox = console.root_mailbox(MGMT)
    assert inbox[0]["subject"] == "Verify your email address" and inbox[0]["to"] == "aws-root@acme.example"
    assert mail["code"] in inbox[0]["body"] and inbox[0]["link"].endswith(mail["code"])
    with pytest.raises(ValidationError, match="not valid"):
        console.verify_email(MGMT, _other(mail["code"]))
    assert console.verify_email(MGMT, mail["code"]) == {"email_verified": True, "email": "aws-root@acme.example"}

    call = console.call_recovery_phone(MGMT)
    assert call["phone"] == "+1 206 555 0100" and "+1 206 555 0100" in call["said"]
    with pytest.raises(ValidationError, match="2 tries left"):
        console.answer_recovery_call(MGMT, _other(call["code"]))
    manual_clock.advance(minutes=1)
    assert console.answer_recovery_call(MGMT, call["code"]) == {"signed_in": True, "phone_verified": True}

    logins = _events(aws, "ConsoleLogin")
    assert logins and logins[0]["userIdentity"]["type"] == "Root"
    assert logins[0]["responseElements"] == {"ConsoleLogin": "Success"}
    assert call["code"] not in json.dumps(logins) and mail["code"] not in json.dumps(logins)
    with pytest.raises(ValidationError, match="No sign-in with alternative factors"):
        console.answer_recovery_call(MGMT, call["code"])  # the recovery is over


def test_three_wrong_numbers_end_the_call(either_world):
    console = either_world.console
    console.assign_root_mfa(MGMT, "lost-token", kind="hardware")
    console.begin_mfa_recovery(MGMT)
    console.verify_email(MGMT, console.send_verification_email(MGMT)["code"])
    call = console.call_recovery_phone(MGMT)
    for _ in range(2):
        with pytest.raises(ValidationError, match="not the one the console shows"):
            console.answer_recovery_call(MGMT, _other(call["code"]))
    with pytest.raises(ValidationError, match="the call ended"):
        console.answer_recovery_call(MGMT, _other(call["code"]))
    with pytest.raises(ValidationError, match="No call is in progress"):
        console.answer_recovery_call(MGMT, call["code"])  # the old number is void
    again = console.call_recovery_phone(MGMT)
    assert console.answer_recovery_call(MGMT, again["code"])["signed_in"]


def test_forgot_password_then_the_reset_link(either_world, aws, manual_clock):
    console = either_world.console
    mail = console.request_password_reset(MGMT)
    assert mail["subject"] == "Amazon Web Services Password Assistance" and mail["purpose"] == "password-reset"
    requested = _events(aws, "PasswordRecoveryRequested")
    assert [event["eventSource"] for event in requested] == ["signin.amazonaws.com"]
    assert requested[0]["eventType"] == "AwsConsoleSignIn" and requested[0]["userIdentity"]["type"] == "Root"
    with pytest.raises(ValidationError, match="at least 8"):
        console.reset_password(MGMT, mail["code"], "short")
    console.reset_password(MGMT, mail["code"], "Brand-New-Passw0rd!")
    assert _events(aws, "PasswordRecoveryCompleted")
    with pytest.raises(ValidationError, match="not valid"):
        console.reset_password(MGMT, mail["code"], "Another-Passw0rd!")
    console.sign_in_root(MGMT, "Brand-New-Passw0rd!")  # the new password signs in


def test_a_reset_link_expires_after_an_hour(either_world, manual_clock):
    console = either_world.console
    mail = console.request_password_reset(MGMT)
    manual_clock.advance(hours=2)
    with pytest.raises(ValidationError, match="expired"):
        console.reset_password(MGMT, mail["code"], "Brand-New-Passw0rd!")
