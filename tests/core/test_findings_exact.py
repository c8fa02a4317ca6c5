"""Findings that are exact (issue #8, section 4): what each source can and cannot show.

Several root MFA devices of mixed kinds, seen from a root session or from an IAM identity;
credential-report cells that did not parse; root use that only the journal or CloudTrail
still remembers."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from rootkeeper.core.controls import Status
from rootkeeper.core.posture import (
    MfaKind,
    MfaListing,
    RootAccessKey,
    RootMfaDevice,
    RootUse,
    RootUseSource,
    Unknown,
)
from tests.core.test_findings import DENIED, NOW, finding, good_posture, row

VIRTUAL = RootMfaDevice("arn:aws:iam::111122223333:mfa/root-phone", MfaKind.VIRTUAL)
HARDWARE = RootMfaDevice("GAHT12345678", MfaKind.HARDWARE)
PASSKEY = RootMfaDevice("arn:aws:iam::111122223333:u2f/root/yubikey-ABCDEFGH", MfaKind.SECURITY_KEY)
INFERRED = RootMfaDevice("hardware or passkey (serial not readable by API)", MfaKind.HARDWARE, inferred=True)


# --- several root MFA devices
def test_a_root_session_sees_every_device_and_a_mix_with_hardware_passes():
    devices = (VIRTUAL, HARDWARE, PASSKEY)
    posture = good_posture(mfa_devices=devices, mfa_listing=MfaListing.ALL_DEVICES)
    hardware = finding(posture, "root-hardware-mfa")
    assert hardware.status is Status.PASS
    assert "GAHT12345678" in hardware.evidence and "u2f/root/yubikey" in hardware.evidence
    assert "root-phone" not in hardware.evidence  # the pass rests on the hardware devices only
    mfa = finding(posture, "root-mfa")
    assert mfa.status is Status.PASS and "3 devices" in mfa.evidence


def test_a_passkey_alone_is_hardware_mfa():
    posture = good_posture(mfa_devices=(PASSKEY,), mfa_listing=MfaListing.ALL_DEVICES)
    assert finding(posture, "root-hardware-mfa").status is Status.PASS


def test_an_iam_identity_seeing_a_virtual_device_never_says_virtual_only_and_never_passes():
    posture = good_posture(mfa_devices=(VIRTUAL,), mfa_listing=MfaListing.VIRTUAL_ONLY)
    hardware = finding(posture, "root-hardware-mfa")
    assert hardware.status is Status.UNKNOWN
    assert "virtual only" not in hardware.evidence
    assert "root-phone" in hardware.evidence and "cannot be seen" in hardware.evidence
    assert "IAMAuditRootUserCredentials" in hardware.evidence
    mfa = finding(posture, "root-mfa")
    assert mfa.status is Status.PASS and "invisible to this identity" in mfa.evidence


def test_virtual_only_is_a_fact_only_from_a_root_session():
    posture = good_posture(mfa_devices=(VIRTUAL, replace(VIRTUAL, serial="arn:aws:iam::111122223333:mfa/second")),
                           mfa_listing=MfaListing.ALL_DEVICES)
    result = finding(posture, "root-hardware-mfa")
    assert result.status is Status.FAIL and "virtual only" in result.evidence


def test_an_iam_identity_infers_hardware_when_mfa_is_on_and_no_virtual_device_is_assigned():
    result = finding(good_posture(mfa_devices=(INFERRED,)), "root-hardware-mfa")
    assert result.status is Status.PASS and "inferred" in result.evidence


def test_a_root_session_listing_nothing_while_mfa_is_on_is_unknown():
    result = finding(good_posture(mfa_devices=(), mfa_listing=MfaListing.ALL_DEVICES), "root-hardware-mfa")
    assert result.status is Status.UNKNOWN


# --- credential-report cells that did not parse
def test_an_unreadable_last_use_makes_recent_use_unknown_not_never():
    bad = row(password_last_used=None,
              unreadable={"password_last_used": "password_last_used is '2025-13-45', neither a date nor an AWS "
                                                "placeholder"})
    result = finding(good_posture(credential_row=bad), "root-recent-use")
    assert result.status is Status.UNKNOWN
    assert "2025-13-45" in result.evidence and "No root use" not in result.evidence
    password = finding(good_posture(credential_row=bad), "root-password")
    assert "never" not in password.evidence and "unknown" in password.evidence


def test_an_unreadable_key_cell_never_passes_the_access_key_control_on_its_own():
    bad = row(unreadable={"access_key_1_active": "access_key_1_active is 'maybe', neither true, false nor an AWS "
                                                 "placeholder"})
    unknown = finding(good_posture(access_keys_present=DENIED, credential_row=bad), "root-access-keys")
    assert unknown.status is Status.UNKNOWN and "maybe" in unknown.evidence
    # The account summary is evidence of its own: it still decides, and the note stays.
    summary = finding(good_posture(access_keys_present=0, credential_row=bad), "root-access-keys")
    assert summary.status is Status.PASS and "maybe" in summary.evidence


def test_a_key_whose_last_use_is_unreadable_is_not_described_as_never_used():
    key = RootAccessKey(slot=1, active=True, created=NOW - timedelta(days=30))
    bad = row(access_keys=(key,), unreadable={"access_key_1_last_used_date": "access_key_1_last_used_date is 'x'"})
    result = finding(good_posture(access_keys_present=1, credential_row=bad), "root-access-keys")
    assert result.status is Status.FAIL
    assert "last used never" not in result.evidence and "last use unknown" in result.evidence


def test_an_unreadable_certificate_cell_is_unknown_without_the_summary():
    bad = row(unreadable={"cert_2_active": "cert_2_active is '???'"})
    result = finding(good_posture(signing_certificates_present=DENIED, credential_row=bad), "root-signing-certificates")
    assert result.status is Status.UNKNOWN


# --- root used minutes ago, forgotten by the credential report
def old_report_only():
    """What the report says after root deleted its keys: only the 200-day-old sign-in is left."""
    return row(password_last_used=NOW - timedelta(days=200), access_keys=())


def test_the_journal_remembers_root_use_the_report_forgot():
    journal = RootUse(NOW - timedelta(minutes=7), RootUseSource.JOURNAL, "a root session of this app (delete-root-keys)")
    posture = good_posture(credential_row=old_report_only(), journal_root_use=journal, cloudtrail_root_use=None)
    result = finding(posture, "root-recent-use")
    assert result.status is Status.FAIL
    assert "7 minutes ago" in result.evidence and "this app's journal" in result.evidence
    assert "forgets" in result.evidence  # says why the report disagrees


def test_cloudtrail_root_activity_fails_the_control_and_is_named_as_the_source():
    trail = RootUse(NOW - timedelta(hours=3), RootUseSource.CLOUDTRAIL, "DeleteAccessKey (iam.amazonaws.com)")
    posture = good_posture(credential_row=old_report_only(), journal_root_use=None, cloudtrail_root_use=trail)
    result = finding(posture, "root-recent-use")
    assert result.status is Status.FAIL
    assert "CloudTrail" in result.evidence and "DeleteAccessKey" in result.evidence


def test_recent_use_from_another_source_fails_even_without_a_credential_report():
    trail = RootUse(NOW - timedelta(days=2), RootUseSource.CLOUDTRAIL, "ConsoleLogin (signin.amazonaws.com)")
    posture = good_posture(credential_row=DENIED, cloudtrail_root_use=trail)
    assert finding(posture, "root-recent-use").status is Status.FAIL


def test_a_pass_names_its_sources_and_says_when_cloudtrail_could_not_be_read():
    posture = good_posture(credential_row=old_report_only(), journal_root_use=None,
                           cloudtrail_root_use=Unknown("Access denied: grant cloudtrail:LookupEvents."))
    result = finding(posture, "root-recent-use")
    assert result.status is Status.PASS
    assert "credential report" in result.evidence
    assert "CloudTrail could not be read" in result.evidence and "cloudtrail:LookupEvents" in result.evidence
    assert "journal records no root session" in result.evidence


@pytest.mark.parametrize("source", [RootUseSource.JOURNAL, RootUseSource.CLOUDTRAIL])
def test_old_use_from_any_source_still_passes(source):
    old = RootUse(NOW - timedelta(days=120), source, "something")
    posture = good_posture(credential_row=old_report_only(), journal_root_use=old, cloudtrail_root_use=None)
    assert finding(posture, "root-recent-use").status is Status.PASS


def test_an_unreadable_journal_is_named_in_the_evidence():
    posture = good_posture(credential_row=old_report_only(), cloudtrail_root_use=None,
                           journal_root_use=Unknown("The app's journal /x/journal.jsonl could not be read (Permission denied)."))
    result = finding(posture, "root-recent-use")
    assert result.status is Status.PASS and "Permission denied" in result.evidence
