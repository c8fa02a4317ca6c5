"""sts:AssumeRoot: who may call it, what each task policy allows, and expiry."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from tests.support.rehearsal_clients import AUDIT, DATA, DELETE, MGMT, PROD, S3_UNLOCK, START, error_code


def _assume(aws, target=PROD, policy=AUDIT, identity="operator", **extra):
    return aws("sts", identity).assume_root(TargetPrincipal=target, TaskPolicyArn={"arn": policy}, **extra)["Credentials"]


def test_audit_session_reads_the_member_root_and_nothing_else(aws):
    credentials = _assume(aws)
    assert credentials["AccessKeyId"].startswith("ASIA") and credentials["SessionToken"]
    assert credentials["Expiration"] == START.replace(minute=45)  # default 900 s
    assert aws("sts", credentials=credentials).get_caller_identity()["Arn"] == f"arn:aws:iam::{PROD}:root"
    iam = aws("iam", credentials=credentials)
    assert [k["AccessKeyId"] for k in iam.list_access_keys()["AccessKeyMetadata"]] == ["AKIAACMEPRODROOT0001"]
    assert iam.get_account_summary()["SummaryMap"]["AccountAccessKeysPresent"] == 1
    assert iam.get_login_profile()["LoginProfile"]["CreateDate"]
    for forbidden in (lambda: iam.create_user(UserName="intruder"),
                      lambda: iam.delete_access_key(AccessKeyId="AKIAACMEPRODROOT0001")):
        with pytest.raises(ClientError) as excinfo:
            forbidden()
        assert error_code(excinfo) == "AccessDenied"
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert f"arn:aws:iam::{PROD}:root is not authorized to perform: iam:" in str(excinfo.value)


def test_delete_session_removes_member_root_credentials(aws):
    iam = aws("iam", credentials=_assume(aws, policy=DELETE))
    iam.delete_access_key(AccessKeyId="AKIAACMEPRODROOT0001")
    iam.delete_login_profile()
    assert iam.list_access_keys()["AccessKeyMetadata"] == []
    audit = aws("iam", credentials=_assume(aws))
    summary = audit.get_account_summary()["SummaryMap"]
    assert summary["AccountAccessKeysPresent"] == 0 and summary["AccountPasswordPresent"] == 0
    with pytest.raises(ClientError) as excinfo:
        aws("sts", "prod-root").get_caller_identity()
    assert error_code(excinfo) == "InvalidClientTokenId"


def test_session_expires_after_its_duration(aws, manual_clock):
    credentials = _assume(aws, DurationSeconds=60)
    iam = aws("iam", credentials=credentials)
    manual_clock.advance(seconds=59)
    iam.list_access_keys()
    manual_clock.advance(seconds=1)
    with pytest.raises(ClientError) as excinfo:
        iam.list_access_keys()
    assert error_code(excinfo) == "ExpiredToken"
    assert "The security token included in the request is expired" in str(excinfo.value)


def test_duration_is_capped_at_fifteen_minutes(aws):
    with pytest.raises(ClientError) as excinfo:
        _assume(aws, DurationSeconds=901)
    assert error_code(excinfo) == "ValidationError"


def test_only_the_management_account_and_never_root_may_assume_root(aws, either_world):
    with pytest.raises(ClientError) as excinfo:
        _assume(aws, identity="root")
    assert error_code(excinfo) == "AccessDenied"
    with pytest.raises(ClientError) as excinfo:
        _assume(aws, identity="prod-root", target=DATA)
    assert error_code(excinfo) == "AccessDenied"
    with pytest.raises(ClientError) as excinfo:
        _assume(aws, target=MGMT)
    assert error_code(excinfo) == "AccessDenied"


def test_unknown_task_policy_is_refused(aws):
    with pytest.raises(ClientError) as excinfo:
        _assume(aws, policy="arn:aws:iam::aws:policy/AdministratorAccess")
    assert error_code(excinfo) == "ValidationError"


def test_root_sessions_must_be_enabled(local_aws, local_world):
    local_world.state.organization_features.discard("RootSessions")
    with pytest.raises(ClientError) as excinfo:
        _assume(local_aws)
    assert error_code(excinfo) == "AccessDenied" and "centralized root access" in str(excinfo.value)


def test_s3_unlock_session_removes_a_deny_all_bucket_policy(aws):
    s3 = aws("s3", credentials=_assume(aws, target=DATA, policy=S3_UNLOCK))
    policy = json.loads(s3.get_bucket_policy(Bucket="acme-data-locked")["Policy"])
    assert policy["Statement"][0]["Effect"] == "Deny"
    s3.delete_bucket_policy(Bucket="acme-data-locked")
    assert "acme-data-locked" in [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]]  # s3:ListAllMyBuckets
    with pytest.raises(ClientError) as excinfo:
        s3.list_objects_v2(Bucket="acme-data-locked")  # s3:ListBucket: not in the task policy
    assert error_code(excinfo) == "AccessDenied"
    assert "s3:ListBucket " in str(excinfo.value)
