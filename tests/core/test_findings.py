"""Every control, every status it can take, from hand-built postures."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from rootkeeper.core.controls import CONTROLS, Status, control_by_id
from rootkeeper.core.custodians import Roster, add_body, attribute_body, review_body, roster_from
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.core.findings import Finding, evaluate, summarize
from rootkeeper.core.posture import (
    AlertingRule,
    CisAlerting,
    CisRootAlarm,
    AlternateContact,
    ContactType,
    MfaKind,
    MfaListing,
    OrgInfo,
    RootAccessKey,
    RootCredentialRow,
    RootMfaDevice,
    RootPosture,
    Unknown,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
DENIED = Unknown("Access denied: this identity may not read it. Grant it.")


def contact(kind: ContactType) -> AlternateContact:
    return AlternateContact(kind, "Sec Team", "CISO", "security@example.com", "+1 555 0100")


def row(**changes) -> RootCredentialRow:
    base = RootCredentialRow(arn="arn:aws:iam::111122223333:root", created=NOW - timedelta(days=2000),
                             password_enabled=None, password_last_used=NOW - timedelta(days=400),
                             password_last_changed=None, mfa_active=True, access_keys=(),
                             cert_1_active=False, cert_2_active=False, report_generated=NOW - timedelta(hours=1))
    return replace(base, **changes)


def good_posture(**changes) -> RootPosture:
    """A posture that passes every control."""
    base = RootPosture(
        account_id="111122223333", observed_at=NOW, mfa_enabled=True, access_keys_present=0,
        signing_certificates_present=0,
        mfa_devices=(RootMfaDevice("hardware", MfaKind.HARDWARE),),
        credential_row=row(),
        contacts={kind: contact(kind) for kind in ContactType},
        alerting=(AlertingRule("root-activity", True, ("arn:aws:sns:us-east-1:111122223333:root-alerts",), 1),),
        cis_alerting=CisAlerting(log_groups=()),
        organization=OrgInfo("o-abc", "111122223333", True, True, True),
        password_present=True, root_email="aws-root@example.com",
    )
    return replace(base, **changes)


def good_roster() -> Roster:
    """Three custodians, the root's device held by one, reviewed last month."""
    return roster_from([add_body("Ana", "2024-01-01T00:00:00Z"), add_body("Ben", "2024-01-01T00:00:00Z"),
                        add_body("Chloe", "2024-01-01T00:00:00Z"), attribute_body("Ben", "hardware", "hardware"),
                        review_body((NOW - timedelta(days=30)).isoformat(), "Ana")])


def finding(posture: RootPosture, control_id: str) -> Finding:
    return next(f for f in evaluate(posture, NOW) if f.control.id == control_id)


def test_a_clean_posture_passes_every_control_in_order():
    findings = evaluate(good_posture(mfa_listing=MfaListing.ALL_DEVICES), NOW, good_roster())
    assert [f.control for f in findings] == list(CONTROLS)
    assert {f.status for f in findings} == {Status.PASS}
    assert summarize(findings) == {"pass": 15, "fail": 0, "warn": 0, "unknown": 0, "not_applicable": 0}


def test_controls_carry_the_confirmed_benchmark_numbers_and_known_runbooks():
    assert control_by_id("root-mfa").security_hub == "IAM.9"
    assert (control_by_id("root-mfa").cis_v5, control_by_id("root-mfa").cis_v3) == (("1.4",), ("1.5",))
    assert (control_by_id("root-hardware-mfa").cis_v5, control_by_id("root-hardware-mfa").cis_v3) == (("1.5",), ("1.6",))
    assert (control_by_id("root-access-keys").cis_v5, control_by_id("root-access-keys").cis_v3) == (("1.3",), ("1.4",))
    assert control_by_id("security-contact").security_hub == "Account.1"
    assert control_by_id("root-alerting").security_hub == "CloudWatch.1"
    assert len({c.id for c in CONTROLS}) == len(CONTROLS)
    assert {control.id for runbook in RUNBOOKS.values() for control in CONTROLS if control.id in runbook.fixes} \
        >= {"root-mfa", "root-access-keys", "security-contact"}


# --- root MFA (IAM.9)
def test_root_mfa_fails_without_mfa_and_is_unknown_when_unreadable():
    assert finding(good_posture(mfa_enabled=False), "root-mfa").status is Status.FAIL
    unknown = finding(good_posture(mfa_enabled=DENIED), "root-mfa")
    assert (unknown.status, unknown.evidence) == (Status.UNKNOWN, DENIED.reason)


def test_root_mfa_passes_when_root_has_no_credentials_at_all():
    posture = good_posture(mfa_enabled=False, password_present=False, access_keys_present=0)
    assert finding(posture, "root-mfa").status is Status.PASS


# --- hardware MFA (IAM.6)
def test_hardware_mfa_fails_for_virtual_only_and_names_the_device():
    virtual = (RootMfaDevice("arn:aws:iam::111122223333:mfa/root-account-mfa-device", MfaKind.VIRTUAL),)
    # Only a root session's ListMFADevices can show that there is nothing but the virtual device.
    result = finding(good_posture(mfa_devices=virtual, mfa_listing=MfaListing.ALL_DEVICES), "root-hardware-mfa")
    assert result.status is Status.FAIL
    assert "root-account-mfa-device" in result.evidence


def test_hardware_mfa_fails_without_any_mfa_and_is_unknown_when_unreadable():
    assert finding(good_posture(mfa_enabled=False, mfa_devices=()), "root-hardware-mfa").status is Status.FAIL
    unknown = finding(good_posture(mfa_devices=DENIED), "root-hardware-mfa")
    assert (unknown.status, unknown.evidence) == (Status.UNKNOWN, DENIED.reason)


# --- root access keys (IAM.4)
def test_root_access_keys_fail_with_age_and_last_use_in_one_line():
    key = RootAccessKey(slot=1, active=True, key_id="AKIAROOT1", created=NOW - timedelta(days=2190),
                        last_used=NOW - timedelta(days=3), last_used_service="s3")
    result = finding(good_posture(access_keys_present=1, credential_row=row(access_keys=(key,))), "root-access-keys")
    assert result.status is Status.FAIL
    assert "AKIAROOT1 active, 2190 days old, last used 2025-05-29 (s3)" in result.evidence
    assert "\n" not in result.evidence


def test_root_access_keys_fall_back_to_the_report_when_the_summary_is_denied():
    key = RootAccessKey(slot=2, active=False, created=NOW - timedelta(days=10))
    posture = good_posture(access_keys_present=DENIED, credential_row=row(access_keys=(key,)))
    assert finding(posture, "root-access-keys").status is Status.FAIL
    assert finding(good_posture(access_keys_present=DENIED), "root-access-keys").status is Status.PASS
    both_unknown = good_posture(access_keys_present=DENIED, credential_row=Unknown("no report"))
    assert finding(both_unknown, "root-access-keys").status is Status.UNKNOWN


def test_the_summary_flag_alone_fails_root_access_keys_when_the_report_is_stale():
    result = finding(good_posture(access_keys_present=1), "root-access-keys")
    assert result.status is Status.FAIL and "at least one access key" in result.evidence


# --- signing certificates
def test_signing_certificates_fail_pass_and_unknown():
    assert finding(good_posture(signing_certificates_present=1), "root-signing-certificates").status is Status.FAIL
    from_row = good_posture(signing_certificates_present=DENIED, credential_row=row(cert_2_active=True))
    assert finding(from_row, "root-signing-certificates").status is Status.FAIL
    unknown = good_posture(signing_certificates_present=DENIED, credential_row=DENIED)
    assert finding(unknown, "root-signing-certificates").status is Status.UNKNOWN


# --- recent use (CIS 1.6 / 1.7)
@pytest.mark.parametrize("days_ago, expected", [(3, Status.FAIL), (89, Status.FAIL), (90, Status.PASS), (400, Status.PASS)])
def test_root_recent_use_window_is_90_days(days_ago, expected):
    posture = good_posture(credential_row=row(password_last_used=NOW - timedelta(days=days_ago)))
    assert finding(posture, "root-recent-use").status is expected


def test_root_recent_use_counts_access_key_use_and_never_used_passes():
    key = RootAccessKey(slot=1, active=True, last_used=NOW - timedelta(days=1))
    used_by_key = finding(good_posture(credential_row=row(access_keys=(key,))), "root-recent-use")
    assert used_by_key.status is Status.FAIL and "access key slot 1" in used_by_key.evidence
    never = finding(good_posture(credential_row=row(password_last_used=None)), "root-recent-use")
    assert never.status is Status.PASS and "No root use" in never.evidence
    assert finding(good_posture(credential_row=DENIED), "root-recent-use").evidence == DENIED.reason


# --- root password
def test_root_password_statuses():
    assert finding(good_posture(password_present=False), "root-password").status is Status.PASS
    assert finding(good_posture(mfa_enabled=False), "root-password").status is Status.FAIL
    assert finding(good_posture(password_present=DENIED), "root-password").status is Status.UNKNOWN
    assert finding(good_posture(mfa_enabled=DENIED), "root-password").status is Status.UNKNOWN


# --- alternate contacts (Account.1 for security)
@pytest.mark.parametrize("kind", list(ContactType))
def test_each_contact_fails_when_missing_and_is_unknown_when_denied_or_unread(kind):
    control_id = f"{kind.value.lower()}-contact"
    contacts = {k: contact(k) for k in ContactType}
    assert finding(good_posture(contacts={**contacts, kind: None}), control_id).status is Status.FAIL
    assert finding(good_posture(contacts={**contacts, kind: DENIED}), control_id).status is Status.UNKNOWN
    unread = {k: v for k, v in contacts.items() if k is not kind}
    assert finding(good_posture(contacts=unread), control_id).status is Status.UNKNOWN
    assert "security@example.com" in finding(good_posture(), control_id).evidence


# --- root-activity alerting (CloudWatch.1)
def test_alerting_fails_without_rules_or_with_a_rule_that_alerts_no_one():
    assert finding(good_posture(alerting=()), "root-alerting").status is Status.FAIL
    silent = (AlertingRule("root-activity", False, ("arn:aws:sns:us-east-1:1:t",)), AlertingRule("r2", True, ()))
    result = finding(good_posture(alerting=silent), "root-alerting")
    assert result.status is Status.FAIL and "disabled" in result.evidence
    assert finding(good_posture(alerting=DENIED), "root-alerting").status is Status.UNKNOWN


# --- centralized root access
def test_centralized_root_access_is_not_applicable_outside_the_management_account():
    assert finding(good_posture(organization=None), "centralized-root-access").status is Status.NOT_APPLICABLE
    member = OrgInfo("o-abc", "999988887777", False, None, None)
    assert finding(good_posture(organization=member), "centralized-root-access").status is Status.NOT_APPLICABLE


def test_centralized_root_access_fails_partially_enabled_and_unknown_when_unreadable():
    half = OrgInfo("o-abc", "111122223333", True, True, False)
    result = finding(good_posture(organization=half), "centralized-root-access")
    assert result.status is Status.FAIL and "root sessions" in result.evidence
    unreadable = OrgInfo("o-abc", "111122223333", True, None, None)
    assert finding(good_posture(organization=unreadable), "centralized-root-access").status is Status.UNKNOWN
    assert finding(good_posture(organization=DENIED), "centralized-root-access").status is Status.UNKNOWN


def test_evidence_is_always_one_line():
    messy = Unknown("line one\nline two\ttabbed")
    findings = evaluate(good_posture(mfa_enabled=messy, alerting=messy), NOW)
    assert all("\n" not in f.evidence and "\t" not in f.evidence for f in findings)
    assert finding(good_posture(mfa_enabled=messy), "root-mfa").evidence == "line one line two tabbed"


@pytest.mark.parametrize("confirmed, status", [(1, Status.PASS), (0, Status.FAIL), (None, Status.UNKNOWN)])
def test_root_alerting_passes_only_when_a_confirmed_subscription_receives_it(confirmed, status):
    rule = AlertingRule("root-activity", True, ("arn:aws:sns:us-east-1:111122223333:root-alerts",), confirmed)
    found = finding(good_posture(alerting=(rule,)), "root-alerting")
    assert found.status is status
    if status is Status.FAIL:
        assert "pending confirmation" in found.evidence


# --- root-activity alerting, either path: EventBridge or the CIS 4.3 metric filter + alarm
TOPIC = "arn:aws:sns:us-east-1:111122223333:cis-root"


def cis(confirmed: int | None = 1, actions: tuple[str, ...] = (TOPIC,)) -> CisAlerting:
    alarm = CisRootAlarm("CloudTrail/acme", "root-usage", "CISBenchmark/RootAccountUsage", "root-usage-alarm",
                         actions, confirmed)
    return CisAlerting(log_groups=("CloudTrail/acme",), alarms=(alarm,))


def test_root_alerting_passes_by_the_cis_path_alone():
    found = finding(good_posture(alerting=(), cis_alerting=cis()), "root-alerting")
    assert found.status is Status.PASS
    assert "root-usage-alarm" in found.evidence and "CloudTrail/acme" in found.evidence


def test_root_alerting_passes_by_the_eventbridge_path_even_if_the_cis_path_is_unreadable():
    assert finding(good_posture(cis_alerting=DENIED), "root-alerting").status is Status.PASS


@pytest.mark.parametrize("cis_alerting, status, words", [
    (CisAlerting(log_groups=()), Status.FAIL, "No CloudTrail trail sends to CloudWatch Logs"),
    (CisAlerting(log_groups=("CloudTrail/acme",)), Status.FAIL, "No CIS 4.3 root-usage metric filter"),
    (cis(confirmed=0), Status.FAIL, "pending confirmation"),
    (cis(actions=()), Status.FAIL, "no enabled action"),
    (cis(confirmed=None), Status.UNKNOWN, "no confirmed SNS subscription could be read"),
    (DENIED, Status.UNKNOWN, DENIED.reason),
])
def test_root_alerting_without_a_working_eventbridge_rule_is_judged_by_the_cis_path(cis_alerting, status, words):
    found = finding(good_posture(alerting=(), cis_alerting=cis_alerting), "root-alerting")
    assert found.status is status
    assert words in found.evidence and "No EventBridge rule in us-east-1" in found.evidence


def test_root_alerting_is_unknown_when_eventbridge_is_unreadable_and_the_cis_path_fails():
    found = finding(good_posture(alerting=DENIED, cis_alerting=CisAlerting(log_groups=())), "root-alerting")
    assert found.status is Status.UNKNOWN
