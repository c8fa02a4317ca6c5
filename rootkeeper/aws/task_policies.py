"""The five root task policies of sts:AssumeRoot, and the actions each one allows.

An AssumeRoot session is scoped to one task policy and nothing can be granted to it: when
it is denied a call, the way forward is a session with the task policy that allows it.
The actions are AWS's (DESIGN.md lists them); the rehearsal world enforces the same."""

from __future__ import annotations

_AUDIT_READS = ("iam:ListAccessKeys", "iam:ListSigningCertificates", "iam:GetLoginProfile", "iam:ListMFADevices",
                "iam:GetAccountSummary", "iam:GetUser", "iam:GetAccessKeyLastUsed")

TASK_POLICY_ACTIONS: dict[str, frozenset[str]] = {
    "IAMAuditRootUserCredentials": frozenset(_AUDIT_READS),
    "IAMCreateRootUserPassword": frozenset({"iam:CreateLoginProfile", "iam:GetLoginProfile"}),
    "IAMDeleteRootUserCredentials": frozenset(
        {"iam:DeleteAccessKey", "iam:DeleteSigningCertificate", "iam:DeleteLoginProfile",
         "iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice"}
        | (set(_AUDIT_READS) - {"iam:GetAccountSummary"})),
    "S3UnlockBucketPolicy": frozenset({"s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
                                       "s3:ListAllMyBuckets"}),
    "SQSUnlockQueuePolicy": frozenset({"sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:ListQueues",
                                       "sqs:GetQueueUrl"}),
}
ROOT_TASK_POLICIES = tuple(TASK_POLICY_ACTIONS)

# API operations whose IAM action has another name.
_ACTION_OF_OPERATION = {("s3", "ListBuckets"): "s3:ListAllMyBuckets"}


def iam_action(service: str, operation: str) -> str:
    """The IAM action an API call needs: ("iam", "ListAccessKeys") -> "iam:ListAccessKeys"."""
    return _ACTION_OF_OPERATION.get((service, operation), f"{service}:{operation}")


def task_policy_name(arn_or_name: str) -> str:
    """'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' -> 'IAMAuditRootUserCredentials'."""
    return arn_or_name.rsplit("/", 1)[-1]


def task_policies_allowing(action: str) -> list[str]:
    """The task policies whose sessions may perform ``action``, in a stable order."""
    return [name for name, actions in TASK_POLICY_ACTIONS.items() if action in actions]
