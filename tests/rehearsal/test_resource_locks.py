"""acme-data's locked bucket and queue: a deny-all resource policy each; the unlock task policies
reach them (and nothing else); the bucket's policy really keeps the member's own administrator out
of its objects (moto enforces a bucket policy's explicit deny on object calls) until it is deleted."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from rootkeeper.rehearsal.scenario_locks import LOCKED_BUCKET, LOCKED_QUEUE
from tests.support.rehearsal_clients import DATA, error_code

S3_UNLOCK = "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy"
SQS_UNLOCK = "arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy"


def _root(aws, service, policy):
    credentials = aws("sts").assume_root(TargetPrincipal=DATA, TaskPolicyArn={"arn": policy})["Credentials"]
    return aws(service, credentials=credentials)


def _member_admin(aws, service):
    """An administrator of acme-data itself (AdministratorAccess): what the lock keeps out."""
    from rootkeeper.rehearsal.scenarios import _admin_user

    key = _admin_user(DATA, "data-admin", "AKIAACMEDATAADMIN001")
    return aws(service, credentials={"AccessKeyId": key.access_key_id, "SecretAccessKey": key.secret_access_key,
                                     "SessionToken": None})


def test_the_queue_is_locked_and_the_sqs_task_policy_unlocks_it(aws):
    sqs = _root(aws, "sqs", SQS_UNLOCK)
    assert sqs.list_queues()["QueueUrls"][0].endswith(f"/{DATA}/{LOCKED_QUEUE}")
    url = sqs.get_queue_url(QueueName=LOCKED_QUEUE)["QueueUrl"]
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
    assert policy["Statement"][0] | {"Resource": None} == {"Sid": "DenyEverything", "Effect": "Deny",
                                                            "Principal": "*", "Action": "sqs:*", "Resource": None}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})
    assert "Policy" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"]).get("Attributes", {})
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=url, MessageBody="x")  # not in the task policy
    assert error_code(excinfo) in ("AccessDenied", "AccessDeniedException")


def test_each_unlock_task_policy_reaches_only_its_own_service(aws):
    with pytest.raises(ClientError) as excinfo:
        _root(aws, "s3", SQS_UNLOCK).get_bucket_policy(Bucket=LOCKED_BUCKET)
    assert error_code(excinfo) == "AccessDenied"
    with pytest.raises(ClientError) as excinfo:
        _root(aws, "sqs", S3_UNLOCK).get_queue_url(QueueName=LOCKED_QUEUE)
    assert error_code(excinfo) in ("AccessDenied", "AccessDeniedException")


def test_the_bucket_policy_keeps_the_members_own_admin_out_until_it_is_deleted(aws):
    admin = _member_admin(aws, "s3")
    with pytest.raises(ClientError) as excinfo:
        admin.put_object(Bucket=LOCKED_BUCKET, Key="report.csv", Body=b"a,b\n")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    _root(aws, "s3", S3_UNLOCK).delete_bucket_policy(Bucket=LOCKED_BUCKET)
    admin.put_object(Bucket=LOCKED_BUCKET, Key="report.csv", Body=b"a,b\n")
    assert admin.get_object(Bucket=LOCKED_BUCKET, Key="report.csv")["Body"].read() == b"a,b\n"
