"""The unlock runbook's pure parts: the typed-name confirmation rule, the kinds, what a policy denies."""

from __future__ import annotations

import json

import pytest

from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind
from rootkeeper.core.runbooks.resource_unlock import (
    LockedResource,
    lockout_summary,
    parse_kind,
    pretty_policy,
)
from rootkeeper.core.step_binding import refusal

DENY_ALL = json.dumps({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]})
DELETE = Step("delete", StepKind.ACTION, "Delete", verifies="gone", confirmation=Confirmation.TYPE_NAME,
              typed_fact="resource_name", destructive=True)


def test_a_typed_name_confirmation_must_name_its_fact():
    with pytest.raises(ValueError, match="typed_fact"):
        Runbook("r", "R", "", Requirement.ANY, (Step("d", StepKind.ACTION, "D", verifies="x",
                                                     confirmation=Confirmation.TYPE_NAME, destructive=True),))
    with pytest.raises(ValueError, match="typed_fact"):
        Runbook("r", "R", "", Requirement.ANY, (Step("d", StepKind.ACTION, "D", verifies="x",
                                                     confirmation=Confirmation.YES_NO, typed_fact="name"),))


@pytest.mark.parametrize("typed, refused", [("locked", False), (" locked ", False), ("Locked", True),
                                            ("lock", True), ("", True), (None, True)])
def test_the_name_must_be_typed_exactly(typed, refused):
    answer = refusal(DELETE, "123456789012", {}, {}, confirmed=False, typed_account_id=None, witness=None,
                     typed_name=typed, facts={"resource_name": "locked"})
    assert (answer is not None) is refused
    if refused:
        assert "does not match locked" in answer


def test_an_unknown_expected_name_refuses_everything():
    assert refusal(DELETE, "123456789012", {}, {}, confirmed=True, typed_account_id=None, witness=None,
                   typed_name="", facts={}) is not None


def test_kinds_and_their_task_policies():
    assert parse_kind(" S3 ") is LockedResource.BUCKET and parse_kind("sqs") is LockedResource.QUEUE
    assert parse_kind("table") is None
    assert LockedResource.BUCKET.task_policy == "S3UnlockBucketPolicy"
    assert LockedResource.QUEUE.task_policy == "SQSUnlockQueuePolicy"


def test_what_a_policy_denies_to_everyone():
    assert lockout_summary(DENY_ALL) == ("1 statement(s) deny s3:* to every principal, unconditionally: this is "
                                         "what locks everyone out.")
    allow = json.dumps({"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject"}})
    assert lockout_summary(allow).startswith("No statement of this policy denies everyone")
    assert "under a condition" in lockout_summary(json.dumps({"Statement": [
        {"Effect": "Deny", "Principal": {"AWS": ["*"]}, "Action": ["sqs:*"], "Condition": {"Bool": {"x": "y"}}}]}))
    assert lockout_summary("not json").startswith("The policy is not valid JSON")
    assert pretty_policy("not json") == "not json" and pretty_policy(DENY_ALL).startswith("{\n  ")
