"""Handlers for ``unlock-resource-policy``: every call to the member runs in an AssumeRoot
session opened from the management account with the resource kind's task policy. A session
that expired (they last at most 15 minutes) fails the step saying so, and the retry opens a
new one. Each claim is what AWS showed: the policy read, the deletion accepted, the read-back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rootkeeper.aws.resource_unlock import delete_resource_policy, read_resource_policy
from rootkeeper.aws.root_key_admin import RenewableRootSession, explain_expiry
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.behaviour import RunbookBehaviour, handles, looks
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import SessionExpiredError
from rootkeeper.core.runbooks import resource_unlock as rb
from rootkeeper.core.step_contract import Evidence, Lookup, StepContext, StepOutcome
from rootkeeper.core.validators import validate_account_id


class UnlockResourcePolicy(RunbookBehaviour):
    """``management``: the management-account session every AssumeRoot is opened from."""

    runbook = rb.UNLOCK_RESOURCE_POLICY

    def __init__(self, management: AwsSession) -> None:
        self.management = management
        self._root: RenewableRootSession | None = None
        self._expired = False

    @classmethod
    def build(cls, environment: Environment, session: AwsSession, clock: Any,
              journal: Any = None) -> UnlockResourcePolicy:
        return cls(session)

    def reading(self, member: str, kind: rb.LockedResource, doing: str, call: Callable[[AwsSession], Any]) -> Any:
        """``call`` with the member's root session for ``kind`` (opened, or renewed after an expiry)."""
        root = self._root
        if root is None or root.member_account_id != member or not root.task_policy_arn.endswith(kind.task_policy):
            root = self._root = RenewableRootSession(self.management, member, kind.task_policy)
        elif self._expired:
            root.renew()
        self._expired = False
        session = root.current()
        try:
            return call(session)
        except SessionExpiredError as error:
            self._expired = True
            raise explain_expiry(error, session, doing) from error

    @staticmethod
    def target(ctx: StepContext) -> tuple[str, rb.LockedResource, str]:
        kind = rb.parse_kind(str(ctx.fact("resource_kind")))
        assert kind is not None  # the find step only succeeds with a kind it knows
        return str(ctx.fact("member_account_id")), kind, str(ctx.fact("resource_name"))

    @handles(rb.FIND_POLICY)
    def find(self, ctx: StepContext) -> StepOutcome:
        member, name = ctx.inputs["member_account_id"], ctx.inputs["resource_name"]
        kind = rb.parse_kind(ctx.inputs["resource_kind"])
        if validate_account_id(member) is not None:
            return StepOutcome.failure(f"{member!r} is not an AWS account id: type the member's 12 digits.",
                                       evidence={"invalid": "member_account_id"})
        if kind is None:
            return StepOutcome.failure("The kind must be 'bucket' (S3) or 'queue' (SQS).",
                                       evidence={"invalid": "resource_kind"})
        if member == ctx.facts.get("account_id"):
            return StepOutcome.failure(
                f"{member} is the management account itself: AssumeRoot reaches member accounts only. "
                "Unlock a management-account resource as its root user in the console.",
                evidence={"invalid": "member_account_id"})
        policy = self.reading(member, kind, f"read the policy of the {kind.label} {name}",
                              lambda session: read_resource_policy(session, kind, name))
        where = {"member_account_id": member, "resource_kind": kind.value, "resource_name": name,
                 "task_policy": kind.task_policy}
        if policy is None:
            return StepOutcome.failure(
                f"The {kind.label} {name} in member {member} has no policy: no resource policy locks it, so there "
                "is nothing to unlock. If access is still denied, look at IAM policies or SCPs instead.",
                evidence={**where, "policy": None}, evidence_kind=Evidence.VERIFIED)
        return StepOutcome.success(f"Read the policy of the {kind.label} {name} as root of {member}. "
                                   + rb.lockout_summary(policy),
                                   evidence={**where, "policy": policy},
                                   facts={"resource_kind": kind.value, "policy_found": policy})

    @looks(rb.DELETE_POLICY)
    def show_policy(self, ctx: StepContext) -> Lookup:
        member, kind, name = self.target(ctx)
        policy = self.reading(member, kind, f"read the policy of the {kind.label} {name}",
                              lambda session: read_resource_policy(session, kind, name))
        summary = rb.lockout_summary(policy) if policy else "It has no policy now: there is nothing to delete."
        return Lookup(f"read the policy of the {kind.label} {name} in {member}: {summary}",
                      data={"policy": rb.pretty_policy(policy) if policy else None, "summary": summary,
                            "label": kind.label})

    @handles(rb.DELETE_POLICY)
    def delete(self, ctx: StepContext) -> StepOutcome:
        member, kind, name = self.target(ctx)
        doing = f"delete the policy of the {kind.label} {name}"

        def read_then_delete(session: AwsSession) -> str | None:
            policy = read_resource_policy(session, kind, name)  # what is deleted, exactly, goes to the journal
            if policy is not None:
                delete_resource_policy(session, kind, name)
            return policy

        deleted = self.reading(member, kind, doing, read_then_delete)
        if deleted is None:
            return StepOutcome.failure(
                f"Nothing was deleted: the {kind.label} {name} has no policy any more (it was removed since it was "
                "read). Abort this ceremony, and find out in CloudTrail who removed it.",
                evidence={"deleted_policy": None}, evidence_kind=Evidence.VERIFIED)
        return StepOutcome.success(
            f"AWS accepted the deletion of the policy of the {kind.label} {name} ({len(deleted)} characters, "
            "kept in the journal).",
            evidence={"member_account_id": member, "resource_kind": kind.value, "resource_name": name,
                      "task_policy": kind.task_policy, "deleted_policy": deleted,
                      "same_as_found": deleted == ctx.facts.get("policy_found")},
            facts={"deleted_policy": deleted})

    @handles(rb.VERIFY_UNLOCKED)
    def verify(self, ctx: StepContext) -> StepOutcome:
        member, kind, name = self.target(ctx)
        policy = self.reading(member, kind, f"read the policy of the {kind.label} {name}",
                              lambda session: read_resource_policy(session, kind, name))
        how = "GetBucketPolicy" if kind is rb.LockedResource.BUCKET else "GetQueueAttributes Policy"
        evidence = {"checked_with": how, "task_policy": kind.task_policy, "policy": policy}
        if policy is not None:
            return StepOutcome.failure(f"{how} still returns a policy on the {kind.label} {name}: it is still locked. "
                                       "Go back and delete it again.", evidence=evidence)
        answer = "NoSuchBucketPolicy" if kind is rb.LockedResource.BUCKET else "no Policy attribute"
        return StepOutcome.success(f"{how}, read back as root of {member}: {answer}. No resource policy denies "
                                   f"access to the {kind.label} {name} any more.", evidence=evidence)
