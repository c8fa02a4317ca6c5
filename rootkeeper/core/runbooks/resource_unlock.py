"""Locked out by a resource policy: a member account's S3 bucket or SQS queue whose policy
denies everyone (its own administrators too). Only the account's root user may still delete
such a policy; under centralized root access the management account reaches it with
sts:AssumeRoot and the task policy S3UnlockBucketPolicy or SQSUnlockQueuePolicy.

The operator names the member, the kind and the resource; rootkeeper reads the policy in a
root session and shows it; the operator types the resource's name to delete it; a read-back
shows no policy remains. The deleted policy's full text is kept in the journal (a policy is
evidence, not a secret).
"""

from __future__ import annotations

import enum
import json
from typing import Any

from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind

FIND_POLICY = "find-locking-policy"
DELETE_POLICY = "delete-locking-policy"
VERIFY_UNLOCKED = "verify-policy-gone"


class LockedResource(enum.Enum):
    """What kind of resource is locked, and the root task policy that may unlock it."""

    BUCKET = "bucket"
    QUEUE = "queue"

    @property
    def task_policy(self) -> str:
        return "S3UnlockBucketPolicy" if self is LockedResource.BUCKET else "SQSUnlockQueuePolicy"

    @property
    def label(self) -> str:
        return "S3 bucket" if self is LockedResource.BUCKET else "SQS queue"


def parse_kind(text: str) -> LockedResource | None:
    """'bucket', 's3', 'queue', 'sqs' (any case) -> the kind; anything else -> None."""
    word = text.strip().lower()
    if word in ("bucket", "s3", "s3 bucket"):
        return LockedResource.BUCKET
    if word in ("queue", "sqs", "sqs queue"):
        return LockedResource.QUEUE
    return None


def pretty_policy(text: str) -> str:
    """The policy as AWS returned it, indented for reading; unchanged when it is not JSON."""
    try:
        return json.dumps(json.loads(text), indent=2, sort_keys=False)
    except ValueError:
        return text


def lockout_summary(text: str) -> str:
    """What the policy denies to everyone, in one sentence: the operator sees why it locks them out."""
    try:
        statements = json.loads(text).get("Statement", [])
    except (ValueError, AttributeError):
        return "The policy is not valid JSON: AWS stored it as shown."
    statements = [statements] if isinstance(statements, dict) else statements
    denying = [s for s in statements if isinstance(s, dict) and s.get("Effect") == "Deny" and _everyone(s)]
    if not denying:
        return ("No statement of this policy denies everyone: it may not be what locks you out. Check the "
                "name before deleting it.")
    actions = sorted({a for s in denying for a in _as_list(s.get("Action"))})
    conditional = any("Condition" in s for s in denying)
    return (f"{len(denying)} statement(s) deny {', '.join(actions) or 'actions'} to every principal"
            + (", under a condition" if conditional else ", unconditionally") + ": this is what locks everyone out.")


def _everyone(statement: dict[str, Any]) -> bool:
    principal = statement.get("Principal")
    return principal == "*" or (isinstance(principal, dict) and "*" in _as_list(principal.get("AWS")))


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value or ()]


UNLOCK_RESOURCE_POLICY = Runbook(
    id="unlock-resource-policy",
    title="Unlock a bucket or queue locked by its policy",
    summary=("From the management account, assume root in a member with S3UnlockBucketPolicy or "
             "SQSUnlockQueuePolicy, show the policy that locks everyone out, delete it once its name is "
             "typed, and read back that no policy remains; the deleted text is kept in the journal."),
    requirement=Requirement.MANAGEMENT_ACCOUNT,
    incident=True,
    steps=(
        Step(
            id=FIND_POLICY, kind=StepKind.CHECK,
            title="Find the policy that locks the resource",
            inputs=("member_account_id", "resource_kind", "resource_name"),
            verifies=("In an AssumeRoot session on the member account named, AWS returned the policy of the "
                      "bucket or queue named, shown here in full."),
        ),
        Step(
            id=DELETE_POLICY, kind=StepKind.ACTION,
            title="Delete the locking policy",
            verifies=("AWS accepted the deletion of the policy of the {resource_kind} {resource_name} in member "
                      "{member_account_id}, in a root session; the deleted text is in the journal."),
            confirmation=Confirmation.TYPE_NAME, typed_fact="resource_name", destructive=True,
        ),
        Step(
            id=VERIFY_UNLOCKED, kind=StepKind.CHECK,
            title="Verify no policy locks it any more",
            checks=(DELETE_POLICY,),
            verifies=("Read back in a root session: the {resource_kind} {resource_name} in member "
                      "{member_account_id} has no resource policy (S3 NoSuchBucketPolicy, or no SQS Policy "
                      "attribute), so no policy denies access to it any more."),
        ),
    ),
)
