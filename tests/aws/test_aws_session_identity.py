"""AwsSession configuration, AssumeRoot, and who_am_i."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from botocore.stub import Stubber

from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.session import AwsSession, task_policy_arn
from rootkeeper.core.environment import AwsTarget
from rootkeeper.core.errors import AccessDeniedError, NoCredentialsError, ValidationError
from rootkeeper.core.identity import PrincipalKind

STATIC = AwsTarget(access_key_id="testing", secret_access_key="s3cr3t-never-shown")
EXPIRES = datetime(2025, 6, 1, 12, 15, tzinfo=timezone.utc)


def test_region_defaults_to_us_east_1_and_clients_are_cached_per_service_and_region():
    session = AwsSession(STATIC)
    assert session.region == "us-east-1"
    assert session.client("iam") is session.client("iam")
    assert session.client("events", "eu-west-1") is not session.client("events")
    assert session.client("events", "eu-west-1").meta.region_name == "eu-west-1"
    retries = session.client("iam").meta.config.retries
    assert retries["mode"] == "standard" and retries["total_max_attempts"] == 5


def test_endpoint_url_reaches_every_client_and_repr_hides_keys():
    session = AwsSession(AwsTarget(endpoint_url="http://127.0.0.1:5999", access_key_id="a", secret_access_key="s3cr3t"))
    assert session.client("sts").meta.endpoint_url == "http://127.0.0.1:5999"
    assert session.client("account").meta.endpoint_url == "http://127.0.0.1:5999"
    assert "s3cr3t" not in repr(session) and "s3cr3t" not in repr(session.target)


def test_a_missing_profile_is_a_no_credentials_error():
    with pytest.raises(NoCredentialsError, match="'nope'"):
        AwsSession(AwsTarget(profile="nope"))


def test_no_credentials_at_all_is_one_sentence_suggesting_rehearse():
    with pytest.raises(NoCredentialsError) as caught:
        who_am_i(AwsSession(AwsTarget()))
    assert "rootkeeper rehearse" in str(caught.value)


def test_task_policies_by_name_or_arn():
    assert task_policy_arn("IAMDeleteRootUserCredentials") == \
        "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"
    assert task_policy_arn("arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy").endswith("S3UnlockBucketPolicy")
    with pytest.raises(ValidationError):
        task_policy_arn("AdministratorAccess")


def assume_root_stub(session: AwsSession) -> Stubber:
    return Stubber(session._regional_sts())


def test_assume_root_uses_a_regional_endpoint_and_marks_the_session():
    session = AwsSession(STATIC)
    sts = session._regional_sts()
    assert sts.meta.endpoint_url == "https://sts.us-east-1.amazonaws.com"
    with Stubber(sts) as stub:
        stub.add_response("assume_root", {"Credentials": {
            "AccessKeyId": "ASIAROOTEXAMPLE0001", "SecretAccessKey": "x" * 40, "SessionToken": "t" * 40, "Expiration": EXPIRES}},
            {"TargetPrincipal": "222233334444", "DurationSeconds": 900,
             "TaskPolicyArn": {"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}})
        root = session.assume_root("222233334444", "IAMAuditRootUserCredentials", duration=3600)
    assert root.is_assumed_root and root.expires_at == EXPIRES
    assert root.assumed_root.member_account_id == "222233334444"
    assert root.expires_within(120, now=EXPIRES - timedelta(seconds=60))
    assert not root.expires_within(120, now=EXPIRES - timedelta(minutes=10))
    assert not session.expires_within(120)


def test_assume_root_denied_says_to_enable_centralized_root_access():
    session = AwsSession(STATIC)
    with Stubber(session._regional_sts()) as stub:
        stub.add_client_error("assume_root", "AccessDenied", http_status_code=403)
        with pytest.raises(AccessDeniedError, match="enable centralized root access"):
            session.assume_root("222233334444", "IAMDeleteRootUserCredentials")


def test_who_am_i_reads_the_caller_and_the_alias(moto_session):
    moto_session.client("iam").create_account_alias(AccountAlias="acme-prod")
    me = who_am_i(moto_session)
    assert me.account_id == "123456789012"
    assert me.alias == "acme-prod" and me.account_label == "acme-prod (123456789012)"
    assert me.kind is PrincipalKind.IAM_USER


def test_who_am_i_without_alias_permission_still_answers():
    session = AwsSession(STATIC)
    with Stubber(session.client("sts")) as sts, Stubber(session.client("iam")) as iam:
        sts.add_response("get_caller_identity", {"UserId": "AIDA", "Account": "111122223333",
                                                 "Arn": "arn:aws:iam::111122223333:root"})
        iam.add_client_error("list_account_aliases", "AccessDenied", http_status_code=403)
        me = who_am_i(session)
    assert (me.kind, me.alias, me.name) == (PrincipalKind.ROOT, None, "root")


def test_an_assumed_root_session_is_marked_with_its_task_policy():
    from rootkeeper.aws.session import AssumedRoot

    policy = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"
    session = AwsSession(STATIC, assumed_root=AssumedRoot("222233334444", policy, EXPIRES))
    with Stubber(session.client("sts")) as sts, Stubber(session.client("iam")) as iam:
        sts.add_response("get_caller_identity", {"UserId": "x", "Account": "222233334444",
                                                 "Arn": "arn:aws:iam::222233334444:root"})
        iam.add_response("list_account_aliases", {"AccountAliases": [], "IsTruncated": False})
        me = who_am_i(session)
    assert me.kind is PrincipalKind.ASSUMED_ROOT and me.task_policy == policy
