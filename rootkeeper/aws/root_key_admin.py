"""Changing the root user's access keys: deactivate, reactivate, delete, and the summary
check. IAM acts on the caller's own keys when no UserName is given, so every call here
is meaningful only from a root session (the root's own key, or sts:AssumeRoot with
IAMDeleteRootUserCredentials on a member account).

``RenewableRootSession`` holds an AssumeRoot session on a member account together with
the management-account session that opened it, so that a session that expired (they last
at most 15 minutes) can be opened again and the failed step retried.
"""

from __future__ import annotations

from datetime import datetime

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.mfa import read_account_summary
from rootkeeper.aws.session import MAX_ROOT_SESSION_SECONDS, AwsSession, task_policy_arn
from rootkeeper.core.errors import SessionExpiredError

DELETE_TASK_POLICY = "IAMDeleteRootUserCredentials"
AUDIT_TASK_POLICY = "IAMAuditRootUserCredentials"


def deactivate_root_access_key(session: AwsSession, key_id: str) -> None:
    with aws_errors(f"deactivate the root access key {key_id}"):
        session.client("iam").update_access_key(AccessKeyId=key_id, Status="Inactive")


def reactivate_root_access_key(session: AwsSession, key_id: str) -> None:
    with aws_errors(f"reactivate the root access key {key_id}"):
        session.client("iam").update_access_key(AccessKeyId=key_id, Status="Active")


def delete_root_access_key(session: AwsSession, key_id: str) -> None:
    with aws_errors(f"delete the root access key {key_id}"):
        session.client("iam").delete_access_key(AccessKeyId=key_id)


def root_access_keys_present(session: AwsSession) -> int:
    """GetAccountSummary AccountAccessKeysPresent (a 0/1 flag) of the session's account."""
    return read_account_summary(session).access_keys_present


def access_key_in_use(session: AwsSession) -> str | None:
    """The access key id the session signs with (not a secret), or None when unknown."""
    if session.target.access_key_id:
        return session.target.access_key_id
    try:
        credentials = session._boto.get_credentials()  # noqa: SLF001 - the profile's key, resolved by boto3
    except Exception:  # noqa: BLE001 - unknown is an answer here: no key is treated as "in use"
        return None
    return credentials.access_key if credentials is not None else None


class RenewableRootSession:
    """An AssumeRoot session on ``member_account_id`` that can be renewed.

    ``current()`` opens the session on first use and returns the same one until ``renew()``
    replaces it. ``for_task(policy)`` opens a one-off session with another task policy (the
    final check needs IAMAuditRootUserCredentials' GetAccountSummary)."""

    def __init__(self, management: AwsSession, member_account_id: str, task_policy: str = DELETE_TASK_POLICY,
                 duration: int = MAX_ROOT_SESSION_SECONDS) -> None:
        self.management = management
        self.member_account_id = member_account_id
        self.task_policy_arn = task_policy_arn(task_policy)
        self.duration = duration
        self._session: AwsSession | None = None

    def __repr__(self) -> str:
        return f"<RenewableRootSession {self.member_account_id} {self.task_policy_arn.rsplit('/', 1)[-1]}>"

    @property
    def expires_at(self) -> datetime | None:
        return self._session.expires_at if self._session else None

    def current(self) -> AwsSession:
        if self._session is None:
            self._session = self.management.assume_root(self.member_account_id, self.task_policy_arn,
                                                        self.duration)
        return self._session

    def renew(self) -> AwsSession:
        """Assume root again (after an expiry, or before a long step)."""
        self._session = self.management.assume_root(self.member_account_id, self.task_policy_arn, self.duration)
        return self._session

    def for_task(self, task_policy: str) -> AwsSession:
        return self.management.assume_root(self.member_account_id, task_policy, self.duration)


def explain_expiry(error: SessionExpiredError, session: AwsSession, doing: str) -> SessionExpiredError:
    """An expired AssumeRoot session, told as such: what expired, when, and how to go on."""
    if session.assumed_root is None:
        return error
    member = session.assumed_root.member_account_id
    at = session.assumed_root.expires_at.strftime("%H:%M:%S UTC")
    return SessionExpiredError(
        f"The AssumeRoot session on account {member} expired at {at} (root sessions last at most 15 "
        f"minutes) while trying to {doing}.",
        hint="Renew the session, then retry this step: nothing was lost.", code=error.code)
