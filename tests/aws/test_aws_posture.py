"""read_root_posture against plain moto, and its parts with botocore Stubber where moto lacks root."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import boto3
from botocore.stub import Stubber
from moto import mock_aws
from moto.core import set_initial_no_auth_action_count

from rootkeeper.aws.alerting import ROOT_ACTIVITY_PATTERN, matches_root_activity
from rootkeeper.aws.mfa import HARDWARE_SERIAL_UNKNOWN, list_root_virtual_mfa_devices, with_hardware_inferred
from rootkeeper.aws.posture import read_root_posture
from rootkeeper.aws.root_keys import merge_key_ids
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.environment import AwsTarget
from rootkeeper.core.findings import Status, evaluate
from rootkeeper.core.posture import (
    ContactType,
    MfaKind,
    RootAccessKey,
    RootCredentialRow,
    RootMfaDevice,
    Unknown,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
STATIC = AwsTarget(access_key_id="testing", secret_access_key="testing")


def by_id(findings):
    return {f.control.id: f for f in findings}


def test_posture_of_a_configured_moto_account(moto_session):
    account = moto_session.client("account")
    account.put_alternate_contact(AlternateContactType="SECURITY", Name="Sec Team", Title="CISO",
                                  EmailAddress="security@example.com", PhoneNumber="+1 555 0100")
    sns = moto_session.client("sns").create_topic(Name="root-alerts")["TopicArn"]
    events = moto_session.client("events")
    events.put_rule(Name="root-activity", EventPattern=json.dumps(ROOT_ACTIVITY_PATTERN), State="ENABLED")
    events.put_targets(Rule="root-activity", Targets=[{"Id": "sns", "Arn": sns}])
    moto_session.client("sns").subscribe(TopicArn=sns, Protocol="email", Endpoint="security@example.com")
    events.put_rule(Name="nightly", ScheduleExpression="rate(1 day)")
    moto_session.client("organizations").create_organization(FeatureSet="ALL")
    progress: list[str] = []

    posture = read_root_posture(moto_session, now=NOW, progress=progress.append, sleep=lambda s: None)

    assert posture.account_id == "123456789012" and posture.observed_at == NOW
    assert posture.mfa_enabled is False and posture.access_keys_present == 0
    assert posture.contacts[ContactType.SECURITY].email == "security@example.com"
    assert posture.contacts[ContactType.BILLING] is None
    assert [(r.name, r.enabled, r.targets, r.confirmed_subscriptions) for r in posture.alerting] == [
        ("root-activity", True, (sns,), 1)]  # moto confirms an email subscription at once
    assert posture.organization.is_management
    assert "Reading the credential report" in progress and progress[-1] == "Done"
    findings = by_id(evaluate(posture, NOW))
    assert findings["root-mfa"].status is Status.FAIL
    assert findings["security-contact"].status is Status.PASS
    assert findings["billing-contact"].status is Status.FAIL
    assert findings["root-alerting"].status is Status.PASS
    # plain moto has no <root_account> row and no ListOrganizationsFeatures: unknown, never a crash
    assert findings["root-recent-use"].status is Status.UNKNOWN
    assert findings["centralized-root-access"].status is Status.UNKNOWN


def test_an_identity_denied_some_reads_gets_unknowns_with_reasons_not_a_crash(monkeypatch):
    deny = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Resource": "*", "Action": [
            "iam:GenerateCredentialReport", "iam:GetCredentialReport", "account:GetAlternateContact",
            "iam:GetAccountSummary", "events:ListRules"]}]}

    @set_initial_no_auth_action_count(4)
    @mock_aws
    def scenario():
        iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
        iam.create_user(UserName="auditor")
        iam.put_user_policy(UserName="auditor", PolicyName="deny-root-reads", PolicyDocument=json.dumps(deny))
        key = iam.create_access_key(UserName="auditor")["AccessKey"]
        session = AwsSession(AwsTarget(access_key_id=key["AccessKeyId"], secret_access_key=key["SecretAccessKey"]))
        return read_root_posture(session, now=NOW, sleep=lambda s: None)

    posture = scenario()
    assert isinstance(posture.credential_row, Unknown)
    assert "iam:GetCredentialReport" in posture.credential_row.reason
    assert isinstance(posture.mfa_enabled, Unknown) and isinstance(posture.alerting, Unknown)
    assert all(isinstance(c, Unknown) for c in posture.contacts.values())
    findings = by_id(evaluate(posture, NOW))
    assert findings["root-mfa"].status is Status.UNKNOWN
    assert findings["root-mfa"].evidence.startswith("Access denied")
    assert findings["security-contact"].status is Status.UNKNOWN
    assert findings["root-alerting"].status is Status.UNKNOWN


def test_only_devices_assigned_to_root_count_and_hardware_is_inferred():
    session = AwsSession(STATIC)
    with Stubber(session.client("iam")) as stub:
        stub.add_response("list_virtual_mfa_devices", {"IsTruncated": False, "VirtualMFADevices": [
            {"SerialNumber": "arn:aws:iam::111122223333:mfa/alice", "User": {
                "Arn": "arn:aws:iam::111122223333:user/alice", "UserName": "alice", "UserId": "AIDAEXAMPLEALICE01",
                "Path": "/", "CreateDate": NOW}},
            {"SerialNumber": "arn:aws:iam::111122223333:mfa/root-account-mfa-device", "EnableDate": NOW, "User": {
                "Arn": "arn:aws:iam::111122223333:root", "UserName": "root", "UserId": "111122223333ROOT",
                "Path": "/", "CreateDate": NOW}},
        ]}, {"AssignmentStatus": "Assigned"})
        devices = list_root_virtual_mfa_devices(session)
    assert devices == (RootMfaDevice("arn:aws:iam::111122223333:mfa/root-account-mfa-device", MfaKind.VIRTUAL, NOW),)
    assert with_hardware_inferred(devices, True) == devices
    assert with_hardware_inferred((), True) == (RootMfaDevice(HARDWARE_SERIAL_UNKNOWN, MfaKind.HARDWARE, inferred=True),)
    assert with_hardware_inferred((), False) == ()


def test_root_activity_patterns():
    assert matches_root_activity(json.dumps(ROOT_ACTIVITY_PATTERN))
    assert matches_root_activity({"detail": {"userIdentity": {"type": ["IAMUser", "Root"]}}})
    assert matches_root_activity({"detail": {"userIdentity": {"type": [{"equals-ignore-case": "root"}]}}})
    assert not matches_root_activity({"detail": {"userIdentity": {"type": ["IAMUser"]}}})
    assert not matches_root_activity({"source": ["aws.signin"]})
    assert not matches_root_activity("not json")
    assert not matches_root_activity(None)


def test_live_root_key_ids_are_matched_into_the_report_by_creation_time():
    created = NOW - timedelta(days=900)
    report_row = RootCredentialRow(
        arn="arn:aws:iam::111122223333:root", created=None, password_enabled=None, password_last_used=None,
        password_last_changed=None, mfa_active=False, cert_1_active=False, cert_2_active=False,
        access_keys=(RootAccessKey(slot=1, active=True, created=created, last_used=NOW - timedelta(days=30)),))
    live = (RootAccessKey(slot=1, active=True, key_id="AKIAROOTEXAMPLE", created=created + timedelta(milliseconds=400),
                          last_used=NOW - timedelta(days=1), last_used_service="s3"),
            RootAccessKey(slot=2, active=True, key_id="AKIANEWERKEY", created=NOW - timedelta(hours=1)))
    merged = merge_key_ids(report_row, live)
    assert [(k.slot, k.key_id) for k in merged.access_keys] == [(1, "AKIAROOTEXAMPLE"), (2, "AKIANEWERKEY")]
    assert merged.access_keys[0].last_used == NOW - timedelta(days=1)  # the live answer is fresher
    assert merge_key_ids(report_row, ()) is report_row
