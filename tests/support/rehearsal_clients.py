"""Shared helpers of the rehearsal world tests (imported by conftest.py and the tests)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

START = datetime(2025, 6, 2, 9, 30, tzinfo=timezone.utc)
MGMT = "314159265358"
PROD, DATA, SANDBOX, LEGACY = "314159265401", "314159265402", "314159265403", "314159265404"
AUDIT = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"
DELETE = "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"
S3_UNLOCK = "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy"


class ManualClock:
    def __init__(self, start: datetime = START) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


class Clients:
    """boto3 clients on a world, as a named identity or with explicit credentials."""

    def __init__(self, world) -> None:
        self.world = world

    def __call__(self, service: str, identity: str = "operator", credentials: dict | None = None):
        import boto3

        target = self.world.identities[identity].target
        if credentials is not None:
            keys = {"aws_access_key_id": credentials["AccessKeyId"],
                    "aws_secret_access_key": credentials["SecretAccessKey"],
                    "aws_session_token": credentials["SessionToken"]}
        else:
            keys = {"aws_access_key_id": target.access_key_id, "aws_secret_access_key": target.secret_access_key}
        return boto3.client(service, region_name="us-east-1", endpoint_url=self.world.endpoint_url, **keys)



def error_code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]
