"""The acme member acme-data's locked-out resources: an S3 bucket and an SQS queue whose
resource policies deny every principal everything, its own administrators included. Only the
account's root (under centralized root access: sts:AssumeRoot with S3UnlockBucketPolicy or
SQSUnlockQueuePolicy) can still read and delete those policies (see rehearsal/resource_locks.py)."""

from __future__ import annotations

import json

from moto.s3.models import s3_backends
from moto.sqs.models import sqs_backends

LOCKED_BUCKET = "acme-data-locked"
LOCKED_QUEUE = "acme-data-events-locked"


def deny_all(service: str, resources: list[str]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyEverything", "Effect": "Deny", "Principal": "*", "Action": f"{service}:*",
        "Resource": resources if len(resources) > 1 else resources[0]}]})


def lock_resources(account_id: str, region: str) -> None:
    s3 = s3_backends[account_id]["aws"]
    s3.create_bucket(LOCKED_BUCKET, region)
    s3.put_bucket_policy(LOCKED_BUCKET, deny_all("s3", [f"arn:aws:s3:::{LOCKED_BUCKET}",
                                                        f"arn:aws:s3:::{LOCKED_BUCKET}/*"]).encode())
    queue_arn = f"arn:aws:sqs:{region}:{account_id}:{LOCKED_QUEUE}"
    sqs_backends[account_id][region].create_queue(LOCKED_QUEUE, Policy=deny_all("sqs", [queue_arn]))
