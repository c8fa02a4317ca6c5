"""aws/resource_unlock.py against the acme world: a bucket's or queue's policy read and deleted
in an AssumeRoot session on acme-data; no policy reads as None; a missing resource, a session with
the other task policy, and an expired session are errors that say so."""

from __future__ import annotations

import pytest

from rootkeeper.aws.resource_unlock import delete_resource_policy, read_resource_policy
from rootkeeper.core.errors import AccessDeniedError, NotFoundError, SessionExpiredError
from rootkeeper.core.runbooks.resource_unlock import LockedResource
from rootkeeper.rehearsal.scenario_locks import LOCKED_BUCKET, LOCKED_QUEUE

DATA = "314159265402"
BUCKET, QUEUE = LockedResource.BUCKET, LockedResource.QUEUE


@pytest.fixture
def management(world):
    from rootkeeper.aws.session import AwsSession

    return AwsSession(world.environment("operator").target)


@pytest.mark.parametrize("kind, name", [(BUCKET, LOCKED_BUCKET), (QUEUE, LOCKED_QUEUE)])
def test_the_policy_is_read_deleted_and_then_absent(management, kind, name):
    root = management.assume_root(DATA, kind.task_policy)
    policy = read_resource_policy(root, kind, name)
    assert policy is not None and '"Effect": "Deny"' in policy
    delete_resource_policy(root, kind, name)
    assert read_resource_policy(root, kind, name) is None


@pytest.mark.parametrize("kind", [BUCKET, QUEUE])
def test_a_missing_resource_is_named(management, kind):
    root = management.assume_root(DATA, kind.task_policy)
    with pytest.raises(NotFoundError) as excinfo:
        read_resource_policy(root, kind, "not-there")
    assert f"There is no {kind.label} named not-there" in str(excinfo.value)
    with pytest.raises(NotFoundError):
        delete_resource_policy(root, kind, "not-there")


def test_the_other_task_policy_is_refused_and_the_right_one_named(management):
    root = management.assume_root(DATA, "SQSUnlockQueuePolicy")
    with pytest.raises(AccessDeniedError) as excinfo:
        read_resource_policy(root, BUCKET, LOCKED_BUCKET)
    assert "task policy SQSUnlockQueuePolicy" in str(excinfo.value)
    assert "S3UnlockBucketPolicy" in str(excinfo.value)


def test_an_expired_session_is_said_to_be_expired(management, clock):
    root = management.assume_root(DATA, BUCKET.task_policy)
    clock.advance(minutes=16)
    with pytest.raises(SessionExpiredError):
        read_resource_policy(root, BUCKET, LOCKED_BUCKET)
