"""The acme scenario's organization trail: multi-region, sending to a CloudWatch Logs group in
us-east-1, as a CIS-audited account has it — the log group the CIS 4.3 metric filter reads."""

from __future__ import annotations

from moto.cloudtrail.models import cloudtrail_backends
from moto.logs.models import logs_backends
from moto.s3.models import s3_backends

TRAIL_REGION = "us-east-1"
TRAIL_NAME = "acme-org-trail"
LOG_GROUP = "aws-cloudtrail-logs-acme"


def seed_org_trail(account_id: str) -> str:
    """Creates the trail, its bucket and its log group; the log group's ARN."""
    bucket = f"acme-cloudtrail-{account_id}"
    s3_backends[account_id]["aws"].create_bucket(bucket, TRAIL_REGION)
    logs_backends[account_id][TRAIL_REGION].create_log_group(LOG_GROUP, tags={})
    group_arn = f"arn:aws:logs:{TRAIL_REGION}:{account_id}:log-group:{LOG_GROUP}:*"
    cloudtrail_backends[account_id][TRAIL_REGION].create_trail(
        name=TRAIL_NAME, bucket_name=bucket, s3_key_prefix="", sns_topic_name="", is_global=True,
        is_multi_region=True, log_validation=True, is_org_trail=True, cw_log_group_arn=group_arn,
        cw_role_arn=f"arn:aws:iam::{account_id}:role/acme-cloudtrail-to-logs", kms_key_id="", tags_list=[])
    return group_arn
