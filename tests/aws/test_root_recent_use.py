"""Root used minutes ago (issue #8, §4), against the rehearsal world.

After root deleted its keys, the credential report only remembers a 200-day-old console
sign-in: "Root not used in the last 90 days" passed. CloudTrail's event history, read with
LookupEvents, still has the root's calls of minutes ago."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from rootkeeper.aws.cloudtrail import latest_root_activity, root_use_of
from rootkeeper.aws.posture import read_root_posture
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.findings import Status, evaluate
from rootkeeper.core.posture import RootUseSource, Unknown

START = datetime(2025, 6, 2, 9, 30, tzinfo=timezone.utc)
PROD = "314159265401"


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def still_clock() -> Clock:
    return Clock()


@pytest.fixture
def still_world(still_clock):
    from rootkeeper.rehearsal.world import start_world

    world = start_world("acme", serve=False, clock=still_clock)
    yield world
    world.stop()


def session(world, identity: str) -> AwsSession:
    return AwsSession(world.environment(identity).target)


def root_deletes_its_keys(world, clock) -> None:
    """What `rehearse --identity root` does on the delete-root-keys runbook, by API."""
    iam = session(world, "root").client("iam")
    iam.update_access_key(AccessKeyId="AKIAACMEROOTKEY00002", Status="Inactive")
    iam.delete_access_key(AccessKeyId="AKIAACMEROOTKEY00002")
    clock.moment += timedelta(minutes=2)
    iam.delete_access_key(AccessKeyId="AKIAACMEROOTKEY00001")  # the key it is using: the last call it makes


def recent_use(world, clock, identity="operator"):
    now = clock.moment + timedelta(minutes=5)
    posture = read_root_posture(session(world, identity), now=now, sleep=lambda s: None)
    return next(f for f in evaluate(posture, now) if f.control.id == "root-recent-use"), posture


def test_root_used_minutes_ago_fails_after_its_keys_are_gone(still_world, still_clock):
    root_deletes_its_keys(still_world, still_clock)
    result, posture = recent_use(still_world, still_clock)
    assert posture.credential_row.access_keys == ()  # the report forgot the keys and their use
    assert result.status is Status.FAIL
    assert "DeleteAccessKey (iam.amazonaws.com)" in result.evidence
    assert "CloudTrail" in result.evidence and "5 minutes ago" in result.evidence
    assert "forgets the last use of deleted keys" in result.evidence


def test_the_gateway_returns_the_newest_root_event(still_world, still_clock):
    root_deletes_its_keys(still_world, still_clock)
    use = latest_root_activity(session(still_world, "operator"), now=still_clock.moment)
    assert use.source is RootUseSource.CLOUDTRAIL and use.when == still_clock.moment
    assert use.how == "DeleteAccessKey (iam.amazonaws.com)"


def test_without_root_activity_the_history_is_read_and_empty(still_world, still_clock):
    session(still_world, "operator").client("iam").list_users()
    assert latest_root_activity(session(still_world, "operator"), now=still_clock.moment) is None
    result, posture = recent_use(still_world, still_clock)
    assert posture.cloudtrail_root_use is None
    assert result.status is Status.PASS and "CloudTrail event history shows no root activity" in result.evidence


def test_a_console_sign_in_counts_and_a_failed_one_does_not(still_world, still_clock):
    with pytest.raises(RootkeeperError):
        still_world.console.sign_in_root(still_world.management_account_id, "not the password")
    assert latest_root_activity(session(still_world, "operator"), now=still_clock.moment) is None
    still_clock.moment += timedelta(minutes=1)
    still_world.console.sign_in_root(still_world.management_account_id, "Acme-Root-2021!")
    assert latest_root_activity(session(still_world, "operator"), now=still_clock.moment).how == "console sign-in"


def test_assume_root_work_is_seen_in_the_member_as_assumed_root(still_world, still_clock):
    operator = session(still_world, "operator")
    member = operator.assume_root(PROD, "IAMDeleteRootUserCredentials")
    member.client("iam").delete_access_key(AccessKeyId="AKIAACMEPRODROOT0001")
    # Read the member's history as the member's own root would (a plain credential of the world).
    from rootkeeper.rehearsal.cloudtrail import history_of

    [event] = [e for e in history_of(still_world.state).events(PROD) if e.event_name == "DeleteAccessKey"]
    use = root_use_of({"CloudTrailEvent": json.dumps(event.record()), "EventTime": event.event_time})
    assert use is not None and use.how.endswith("in an AssumeRoot session")


def test_an_unreadable_history_is_said_not_hidden(still_world, still_clock):
    # An AssumeRoot audit session may not call cloudtrail:LookupEvents.
    member = session(still_world, "operator").assume_root(PROD, "IAMAuditRootUserCredentials")
    with pytest.raises(RootkeeperError, match="cloudtrail:LookupEvents"):
        latest_root_activity(member, now=still_clock.moment)
    now = still_clock.moment
    posture = read_root_posture(member, now=now, sleep=lambda s: None)
    assert isinstance(posture.cloudtrail_root_use, Unknown)
    assert "cloudtrail:LookupEvents" in posture.cloudtrail_root_use.reason


@pytest.mark.parametrize("record", [
    {"userIdentity": {"type": "IAMUser", "userName": "root"}, "eventName": "ListUsers"},  # a user *named* root
    {"userIdentity": {"type": "Root", "invokedBy": "support.amazonaws.com"}, "eventName": "GetAccountSummary"},
    {"userIdentity": {"type": "Root"}, "eventType": "AwsServiceEvent", "eventName": "CredentialChallenge"},
    {"userIdentity": {"type": "Root"}, "eventName": "ConsoleLogin", "responseElements": {"ConsoleLogin": "Failure"}},
])
def test_events_that_are_not_root_use(record):
    assert root_use_of({"CloudTrailEvent": json.dumps(record), "EventTime": START}) is None
