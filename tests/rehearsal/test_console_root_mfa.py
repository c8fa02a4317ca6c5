"""The rehearsal console's "Assign MFA device" for the root user, as AWS's console does it:
a QR code first, with nothing assigned, then two consecutive codes from it; wrong,
non-consecutive and reused codes refused with the console's reason. In process and served."""

from __future__ import annotations

from urllib.parse import unquote

import pyotp
import pytest

from rootkeeper.core.errors import NotFoundError, ValidationError
from tests.support.authenticator import consecutive_codes, seed_of
from tests.support.rehearsal_clients import MGMT


def root_mfa_seen_by_api(aws) -> tuple[int, list[dict]]:
    iam = aws("iam")
    return (iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"],
            iam.list_virtual_mfa_devices()["VirtualMFADevices"])


def test_a_virtual_device_is_not_assigned_without_codes(aws, either_world):
    with pytest.raises(ValidationError, match="two consecutive codes"):
        either_world.console.assign_root_mfa(MGMT, "dana-phone")
    assert root_mfa_seen_by_api(aws) == (0, [])


def test_the_qr_code_comes_first_and_assigns_nothing(aws, either_world):
    enrolment = either_world.console.begin_root_mfa_assignment(MGMT, "dana-phone")
    assert enrolment.device_name == "dana-phone" and enrolment.account_id == MGMT
    uri = enrolment.otpauth_uri
    assert uri.startswith("otpauth://totp/") and f"@{MGMT}" in unquote(uri) and "issuer=Amazon" in uri
    assert len(seed_of(uri)) == 64  # AWS's seeds are 64 Base32 characters
    assert seed_of(uri) not in repr(enrolment)
    assert root_mfa_seen_by_api(aws) == (0, [])  # not even an unassigned device


def test_wrong_non_consecutive_and_reused_codes_are_refused(aws, either_world, manual_clock):
    enrolment = either_world.console.begin_root_mfa_assignment(MGMT, "dana-phone")
    complete = either_world.console.complete_root_mfa_assignment
    first, second = consecutive_codes(enrolment.otpauth_uri, manual_clock())
    wrong = f"{(int(first) + 1) % 10**6:06d}"
    refusals = {
        "no codes": (("", ""), "Enter MFA code 1 and MFA code 2"),
        "not six digits": (("12345", second), "six digits"),
        "wrong": ((wrong, second), "Authentication code for device is not valid. Check that"),
        "the same code twice": ((second, second), "the same code"),
        "in the wrong order": ((second, first), "not consecutive"),
    }
    for name, ((code_1, code_2), reason) in refusals.items():
        with pytest.raises(ValidationError) as refused:
            complete(MGMT, enrolment.enrolment_id, code_1, code_2)
        assert reason in refused.value.message, name
        assert not {first, second, wrong} & set(refused.value.message.split()), name  # never repeats a code
        assert root_mfa_seen_by_api(aws) == (0, []), name

    serial = complete(MGMT, enrolment.enrolment_id, first, second)  # a refusal leaves the page usable
    assert serial == f"arn:aws:iam::{MGMT}:mfa/dana-phone"
    enabled, devices = root_mfa_seen_by_api(aws)
    assert enabled == 1
    assert [(d["SerialNumber"], d["User"]["Arn"]) for d in devices] == [(serial, f"arn:aws:iam::{MGMT}:root")]
    with pytest.raises(NotFoundError, match="no longer in progress"):  # the codes cannot be used again
        complete(MGMT, enrolment.enrolment_id, first, second)


def test_codes_from_an_earlier_qr_code_do_not_assign_a_later_one(aws, either_world, manual_clock):
    earlier = either_world.console.begin_root_mfa_assignment(MGMT, "dana-phone")
    later = either_world.console.begin_root_mfa_assignment(MGMT, "dana-phone")  # the console shows a new code
    assert seed_of(later.otpauth_uri) != seed_of(earlier.otpauth_uri)
    with pytest.raises(NotFoundError, match="Assign MFA device"):
        either_world.console.complete_root_mfa_assignment(MGMT, earlier.enrolment_id,
                                                   *consecutive_codes(earlier.otpauth_uri, manual_clock()))
    with pytest.raises(ValidationError, match="not valid"):
        either_world.console.complete_root_mfa_assignment(MGMT, later.enrolment_id,
                                                   *consecutive_codes(earlier.otpauth_uri, manual_clock()))
    assert root_mfa_seen_by_api(aws) == (0, [])


def test_an_abandoned_or_cancelled_assignment_leaves_nothing(aws, either_world, manual_clock):
    abandoned = either_world.console.begin_root_mfa_assignment(MGMT, "lost-phone")
    cancelled = either_world.console.begin_root_mfa_assignment(MGMT, "dana-phone")
    either_world.console.cancel_root_mfa_assignment(MGMT, cancelled.enrolment_id)
    with pytest.raises(NotFoundError):
        either_world.console.complete_root_mfa_assignment(MGMT, cancelled.enrolment_id,
                                                   *consecutive_codes(cancelled.otpauth_uri, manual_clock()))
    assert root_mfa_seen_by_api(aws) == (0, [])
    assert aws("iam").list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"] == []
    del abandoned


def test_codes_a_minute_old_are_accepted_and_a_taken_name_is_refused(aws, either_world, manual_clock):
    enrolment = either_world.console.begin_root_mfa_assignment(MGMT, "dana-phone")
    totp = pyotp.TOTP(seed_of(enrolment.otpauth_uri))
    typed_at = manual_clock()
    manual_clock.advance(seconds=60)  # the operator typed slowly
    either_world.console.complete_root_mfa_assignment(MGMT, enrolment.enrolment_id,
                                               totp.at(typed_at.timestamp() - 30), totp.at(typed_at))
    with pytest.raises(ValidationError, match="already exists"):
        either_world.console.begin_root_mfa_assignment(MGMT, "dana-phone")
    with pytest.raises(ValidationError, match="not valid"):
        either_world.console.begin_root_mfa_assignment(MGMT, "bad name!")
