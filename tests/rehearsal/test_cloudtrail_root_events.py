"""cloudtrail:LookupEvents in the rehearsal world: root API calls and console sign-ins are
recorded as AWS records them (userIdentity.type = Root; sessionContext.assumedRoot for
AssumeRoot sessions), in process and served (issue #8, §4)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from botocore.exceptions import ClientError
from tests.support.rehearsal_clients import AUDIT, DELETE, MGMT, PROD, START, error_code

ROOT_FILTER = [{"AttributeKey": "Username", "AttributeValue": "root"}]


def events(aws, identity="operator", credentials=None, **params):
    client = aws("cloudtrail", identity, credentials=credentials) if credentials else aws("cloudtrail", identity)
    return client.lookup_events(**params)["Events"]


def record(event) -> dict:
    return json.loads(event["CloudTrailEvent"])


def test_root_key_calls_are_root_events_and_iam_user_calls_are_not(aws, manual_clock):
    aws("iam").list_users()  # the operator, an IAM user: not root
    manual_clock.advance(minutes=1)
    root_iam = aws("iam", "root")
    root_iam.update_access_key(AccessKeyId="AKIAACMEROOTKEY00002", Status="Inactive")
    manual_clock.advance(minutes=1)
    root_iam.delete_access_key(AccessKeyId="AKIAACMEROOTKEY00002")
    found = events(aws, LookupAttributes=ROOT_FILTER)
    assert [e["EventName"] for e in found] == ["DeleteAccessKey", "UpdateAccessKey"]  # newest first
    latest = found[0]
    assert latest["EventTime"] == START + timedelta(minutes=2)
    assert latest["Username"] == "root" and latest["AccessKeyId"] == "AKIAACMEROOTKEY00001"
    assert latest["EventSource"] == "iam.amazonaws.com" and latest["ReadOnly"] == "false"
    identity = record(latest)["userIdentity"]
    assert identity == {"type": "Root", "principalId": MGMT, "arn": f"arn:aws:iam::{MGMT}:root",
                        "accountId": MGMT, "accessKeyId": "AKIAACMEROOTKEY00001"}
    assert record(latest)["awsRegion"] == "us-east-1" and record(latest)["recipientAccountId"] == MGMT
    assert all(record(e)["userIdentity"]["type"] == "Root" for e in events(aws))  # nothing of the operator's


def test_assume_root_work_is_recorded_in_the_member_with_assumed_root(aws):
    credentials = aws("sts").assume_root(TargetPrincipal=PROD, TaskPolicyArn={"arn": DELETE})["Credentials"]
    aws("iam", credentials=credentials).delete_access_key(AccessKeyId="AKIAACMEPRODROOT0001")
    with pytest.raises(ClientError):  # refused by the task policy: still root at work, with its error
        aws("iam", credentials=credentials).create_user(UserName="intruder")
    audit = aws("sts").assume_root(TargetPrincipal=PROD, TaskPolicyArn={"arn": AUDIT})["Credentials"]
    # An audit session may not read CloudTrail (its task policy has no cloudtrail action).
    with pytest.raises(ClientError) as denied:
        events(aws, credentials=audit)
    assert error_code(denied).startswith("AccessDenied")
    assert events(aws) == []  # the management account's history has none of the member's events
    from rootkeeper.rehearsal.cloudtrail import history_of

    member = [e for e in history_of(aws.world.state).events(PROD)]
    by_name = {e.event_name: e.record() for e in member}
    assert by_name["DeleteAccessKey"]["userIdentity"]["type"] == "Root"
    assert by_name["DeleteAccessKey"]["userIdentity"]["sessionContext"]["assumedRoot"] == "true"
    assert by_name["CreateUser"]["errorCode"] == "AccessDenied"


def test_console_sign_ins_and_console_actions_are_root_events(aws, either_world, manual_clock):
    with pytest.raises(Exception):
        either_world.console.sign_in_root(MGMT, "wrong password")
    manual_clock.advance(minutes=1)
    either_world.console.sign_in_root(MGMT, "Acme-Root-2021!")
    either_world.console.delete_root_access_key(MGMT, "AKIAACMEROOTKEY00002")
    found = events(aws, LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "ConsoleLogin"}])
    assert [record(e)["responseElements"]["ConsoleLogin"] for e in found] == ["Success", "Failure"]
    assert found[0]["EventSource"] == "signin.amazonaws.com"
    assert record(found[0])["eventType"] == "AwsConsoleSignIn"
    assert record(found[0])["userIdentity"]["type"] == "Root"
    names = [e["EventName"] for e in events(aws, LookupAttributes=ROOT_FILTER)]
    assert names[0] == "DeleteAccessKey" and "ConsoleLogin" in names


def test_time_range_pages_and_the_90_day_history(aws, manual_clock):
    root_iam = aws("iam", "root")
    for _ in range(3):
        root_iam.list_access_keys()
        manual_clock.advance(minutes=10)
    first = aws("cloudtrail").lookup_events(MaxResults=2)
    assert len(first["Events"]) == 2 and first["NextToken"]
    rest = aws("cloudtrail").lookup_events(MaxResults=2, NextToken=first["NextToken"])
    assert len(rest["Events"]) == 1 and "NextToken" not in rest
    recent = events(aws, StartTime=START + timedelta(minutes=5))
    assert [e["EventTime"] for e in recent] == [START + timedelta(minutes=20), START + timedelta(minutes=10)]
    manual_clock.advance(days=91)
    assert events(aws) == []  # older than the event history keeps


def test_lookup_attribute_rules(aws):
    with pytest.raises(ClientError) as two:
        events(aws, LookupAttributes=ROOT_FILTER * 2)
    assert error_code(two) == "InvalidLookupAttributesException"
    with pytest.raises(ClientError) as bad:
        events(aws, MaxResults=51)
    assert "MaxResults" in str(bad.value) or error_code(bad).startswith("InvalidMaxResults")
