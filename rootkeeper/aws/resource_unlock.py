"""A bucket's or a queue's resource policy, read and deleted from a root session on the
member that owns it (sts:AssumeRoot with S3UnlockBucketPolicy or SQSUnlockQueuePolicy).

A resource with no policy reads as None, not as an error: "nothing locks it" is an answer.
A resource that does not exist is a NotFoundError that names it.
"""

from __future__ import annotations

import botocore.exceptions as boto_errors

from rootkeeper.aws.errors import aws_errors, error_code
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError
from rootkeeper.core.runbooks.resource_unlock import LockedResource

NO_BUCKET_POLICY = "NoSuchBucketPolicy"
_NO_BUCKET = "NoSuchBucket"
_NO_QUEUE = frozenset({"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"})


def read_resource_policy(session: AwsSession, kind: LockedResource, name: str) -> str | None:
    """The policy document as AWS stores it, or None when the resource has none."""
    if kind is LockedResource.BUCKET:
        return _bucket_policy(session, name)
    url = queue_url(session, name, account_id=_account_of(session))
    with aws_errors(f"read the policy of the SQS queue {name}"):
        attributes = session.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
    return attributes.get("Attributes", {}).get("Policy") or None


def delete_resource_policy(session: AwsSession, kind: LockedResource, name: str) -> None:
    """DeleteBucketPolicy, or SetQueueAttributes Policy="" (how SQS removes a queue policy)."""
    if kind is LockedResource.BUCKET:
        with _not_found(kind, name), aws_errors(f"delete the policy of the S3 bucket {name}"):
            session.client("s3").delete_bucket_policy(Bucket=name)
        return
    url = queue_url(session, name, account_id=_account_of(session))
    with aws_errors(f"delete the policy of the SQS queue {name}"):
        session.client("sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})


def queue_url(session: AwsSession, name: str, *, account_id: str | None = None) -> str:
    extra = {"QueueOwnerAWSAccountId": account_id} if account_id else {}
    with _not_found(LockedResource.QUEUE, name), aws_errors(f"find the SQS queue {name}"):
        return session.client("sqs").get_queue_url(QueueName=name, **extra)["QueueUrl"]


def _bucket_policy(session: AwsSession, name: str) -> str | None:
    with _not_found(LockedResource.BUCKET, name), aws_errors(f"read the policy of the S3 bucket {name}"):
        try:
            return session.client("s3").get_bucket_policy(Bucket=name)["Policy"]
        except boto_errors.ClientError as error:
            if error_code(error) == NO_BUCKET_POLICY:
                return None
            raise


class _not_found:
    """Turns AWS's "no such bucket / queue" into a NotFoundError that names the resource."""

    def __init__(self, kind: LockedResource, name: str) -> None:
        self.kind, self.name = kind, name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        code = error_code(error.__cause__ or error) if error is not None else None
        if code == _NO_BUCKET or code in _NO_QUEUE:
            raise _missing(self.kind, self.name) from None
        return False


def _missing(kind: LockedResource, name: str) -> NotFoundError:
    return NotFoundError(f"There is no {kind.label} named {name} in this account.",
                         hint="Check the name and the member account, then try again.", code="NotFound")


def _account_of(session: AwsSession) -> str | None:
    return session.assumed_root.member_account_id if session.assumed_root is not None else None
