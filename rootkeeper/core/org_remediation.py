"""Bulk remediation of member root credentials: what a batch does, the phrase that confirms
it, and what became of each account.

Two actions, each through sts:AssumeRoot from the management account: delete every root
credential of a member (password, access keys, signing certificates, MFA devices:
IAMDeleteRootUserCredentials), or allow password recovery (CreateLoginProfile without a
password: IAMCreateRootUserPassword). A batch is confirmed once, by typing a phrase that
names the action and the number of accounts ("delete 50"): the most destructive steps ask
for what they act on to be typed, and for a batch that is its size.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from rootkeeper.core.org_root import MemberPasswordRecovery, MemberRootDeletion


class RemediationAction(enum.StrEnum):
    DELETE_CREDENTIALS = "delete-root-credentials"
    ALLOW_PASSWORD_RECOVERY = "allow-password-recovery"

    @property
    def task_policy(self) -> str:
        return {RemediationAction.DELETE_CREDENTIALS: "IAMDeleteRootUserCredentials",
                RemediationAction.ALLOW_PASSWORD_RECOVERY: "IAMCreateRootUserPassword"}[self]

    @property
    def verb(self) -> str:  # the first word of the confirmation phrase
        return {RemediationAction.DELETE_CREDENTIALS: "delete",
                RemediationAction.ALLOW_PASSWORD_RECOVERY: "allow"}[self]

    @property
    def title(self) -> str:
        return {RemediationAction.DELETE_CREDENTIALS: "Delete root credentials",
                RemediationAction.ALLOW_PASSWORD_RECOVERY: "Allow root password recovery"}[self]


def confirmation_phrase(action: RemediationAction, count: int) -> str:
    """What the operator types to confirm a batch of ``count`` accounts: 'delete 50'."""
    return f"{action.verb} {count}"


def confirms(typed: str, action: RemediationAction, count: int) -> bool:
    return " ".join(typed.split()).lower() == confirmation_phrase(action, count)


@dataclass(frozen=True)
class MemberRemediation:
    """One account's outcome. ``ok`` only when the read-back after the change showed its goal:
    no root credential left (delete), or a login profile present (recovery)."""

    account_id: str
    name: str
    action: RemediationAction
    ok: bool
    removed: dict[str, list[str]] = field(default_factory=dict)  # kind -> what was deleted
    remaining: dict[str, list[str]] = field(default_factory=dict)  # kind -> what the read-back still shows
    changed: bool = True  # False: already in the goal state, nothing was done
    error: str | None = None

    @property
    def summary(self) -> str:
        if self.error:
            done = [_counted(kind, len(items)) for kind, items in self.removed.items() if items]
            return (f"failed after deleting {', '.join(done)}: " if done else "failed: ") + self.error
        if self.action is RemediationAction.ALLOW_PASSWORD_RECOVERY:
            done = "password recovery allowed" if self.changed else "a root password already exists: nothing changed"
            return f"{done} (read back)"
        if not self.changed:
            return "no root credentials (read back): nothing to delete"
        parts = [_counted(kind, len(items)) for kind, items in self.removed.items() if items]
        return f"deleted {', '.join(parts)}; none left (read back)"

    def evidence(self) -> dict[str, Any]:
        """The journal's body of this account's entry (no secrets: ids and serials only)."""
        body: dict[str, Any] = {"account_id": self.account_id, "name": self.name, "action": self.action.value,
                                "task_policy": self.action.task_policy, "changed": self.changed}
        if self.removed:
            body["removed"] = self.removed
        if self.ok or self.remaining:
            body["read_back"] = self.remaining
        if self.error:
            body["error"] = self.error
        return body


def deletion_outcome(name: str, deletion: MemberRootDeletion) -> MemberRemediation:
    """A batch's outcome for one member from what the deletion did and its read-back: ok only
    when the fresh audit session saw no root credential left."""
    remaining = {kind: items for kind, items in deletion.remaining.by_kind().items() if items} \
        if deletion.remaining else {}
    problem = deletion.error
    if problem is None and not deletion.complete:
        problem = "root credentials remain after deletion: " + ", ".join(f"{k} {v}" for k, v in remaining.items())
    return MemberRemediation(deletion.account_id, name, RemediationAction.DELETE_CREDENTIALS, ok=problem is None,
                             removed=deletion.deleted_by_kind(), remaining=remaining,
                             changed=deletion.deleted_anything, error=problem)


def recovery_outcome(name: str, recovery: MemberPasswordRecovery) -> MemberRemediation:
    """A batch's outcome for one member whose login profile was read back present."""
    return MemberRemediation(recovery.account_id, name, RemediationAction.ALLOW_PASSWORD_RECOVERY, ok=True,
                             remaining={"login_profile": ["root"]}, changed=recovery.created)


_NAMES = {"login_profile": ("password", "password"), "access_keys": ("key", "keys"),
          "signing_certificates": ("certificate", "certificates"), "mfa_devices": ("MFA device", "MFA devices")}


def _counted(kind: str, count: int) -> str:
    if kind == "login_profile":
        return "password"
    one, many = _NAMES.get(kind, (kind, kind))
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class BatchOutcome:
    batch_id: str
    action: RemediationAction
    results: tuple[MemberRemediation, ...]
    cancelled: bool = False

    @property
    def failed(self) -> tuple[MemberRemediation, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def succeeded(self) -> tuple[MemberRemediation, ...]:
        return tuple(r for r in self.results if r.ok)
