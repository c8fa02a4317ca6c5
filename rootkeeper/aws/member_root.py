"""A member account's root credentials changed from the Organization's management account,
through sts:AssumeRoot (centralized root access): delete them all
(IAMDeleteRootUserCredentials) and allow password recovery (IAMCreateRootUserPassword:
CreateLoginProfile with no password, so that whoever holds the member's root mailbox can use
"Forgot password?"). The recovery runbook and the bulk remediation both change members here;
both read them through ``org_scan.read_member_root``, and list them with ``org_members``.

Each function opens its own short AssumeRoot session: a step never leans on a session opened
minutes ago. A session that expires half-way is renewed once and the work taken up again (it
re-lists what is left, so nothing is deleted twice). Every deletion is read back with a fresh
audit session: the result says what AWS shows afterwards, not what was asked of it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable, TypeVar

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.mfa import mfa_kind_of
from rootkeeper.aws.org_scan import listed, login_profile_created, read_member_root
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError, RootkeeperError, SessionExpiredError
from rootkeeper.core.org_root import MemberPasswordRecovery, MemberRootDeletion
from rootkeeper.core.posture import MfaKind

AUDIT = "IAMAuditRootUserCredentials"
DELETE = "IAMDeleteRootUserCredentials"
CREATE_PASSWORD = "IAMCreateRootUserPassword"

T = TypeVar("T")


def delete_member_root_credentials(session: AwsSession, account_id: str) -> MemberRootDeletion:
    """Delete every root credential of member ``account_id`` (password, access keys, signing
    certificates, MFA devices: deactivated, and virtual ones deleted, so that no orphan device
    is left), through IAMDeleteRootUserCredentials; then read back with a fresh audit session.

    Raises a RootkeeperError when AWS refuses before anything was deleted (nothing changed);
    a refusal after something was deleted is returned in ``error``, with what was deleted
    before it and what the read-back shows."""
    done: dict[str, list[str]] = {"password": [], "keys": [], "certs": [], "mfa": [], "virtual": []}
    renewals = [0]

    def work(root: AwsSession, renewed: int) -> None:
        renewals[0] = renewed
        iam = root.client("iam")
        if _login_profile(root, account_id) is not None and not done["password"]:
            with aws_errors(f"delete the root password of account {account_id}"):
                iam.delete_login_profile()
            done["password"].append("password")
        for key_id in _listing(iam, "access_keys", f"list the root access keys of account {account_id}"):
            with aws_errors(f"delete the root access key {key_id} of account {account_id}"):
                iam.delete_access_key(AccessKeyId=key_id)
            done["keys"].append(key_id)
        for certificate_id in _listing(iam, "signing_certificates",
                                       f"list the root signing certificates of account {account_id}"):
            with aws_errors(f"delete the root signing certificate {certificate_id} of account {account_id}"):
                iam.delete_signing_certificate(CertificateId=certificate_id)
            done["certs"].append(certificate_id)
        for serial in _listing(iam, "mfa_devices", f"list the root MFA devices of account {account_id}"):
            with aws_errors(f"deactivate the root MFA device {serial} of account {account_id}"):
                iam.deactivate_mfa_device(SerialNumber=serial)
            done["mfa"].append(serial)
            if mfa_kind_of(serial) is MfaKind.VIRTUAL:
                # Deactivated but not deleted, a virtual device would linger unassigned: delete it now.
                with aws_errors(f"delete the virtual MFA device {serial} of account {account_id}"):
                    iam.delete_virtual_mfa_device(SerialNumber=serial)
                done["virtual"].append(serial)

    problem: str | None = None
    try:
        _renewing(session, account_id, DELETE, work)
    except RootkeeperError as error:
        if not any(done.values()):
            raise  # nothing was changed: the caller says so
        problem = " ".join(str(error).split())
    try:
        remaining = read_member_root(session, account_id)
    except RootkeeperError:
        if problem is None:
            raise
        remaining = None  # the refusal above is what to report; the state afterwards is unknown
    return MemberRootDeletion(account_id, bool(done["password"]), tuple(done["keys"]), tuple(done["certs"]),
                              tuple(done["mfa"]), tuple(done["virtual"]), renewals[0], remaining, problem)


def allow_member_password_recovery(session: AwsSession, account_id: str) -> MemberPasswordRecovery:
    """CreateLoginProfile with no password, through IAMCreateRootUserPassword: the member's root
    then has a password nobody knows, which whoever holds its mailbox resets ("Forgot
    password?"). Read back with GetLoginProfile in the same session; an existing login profile
    is left alone."""
    def work(root: AwsSession, renewed: int) -> MemberPasswordRecovery:
        existing = _login_profile(root, account_id)
        if existing is not None:
            return MemberPasswordRecovery(account_id, created=False, login_profile_created_at=existing)
        with aws_errors(f"allow password recovery for the root user of account {account_id} "
                        "(iam:CreateLoginProfile)"):
            root.client("iam").create_login_profile()
        created_at = _login_profile(root, account_id)
        if created_at is None:
            raise NotFoundError(f"IAM accepted CreateLoginProfile for the root user of account {account_id}, but "
                                "GetLoginProfile finds no login profile: password recovery is not allowed.",
                                hint="Run this step again; if it persists, check the member in the IAM console.")
        return MemberPasswordRecovery(account_id, created=True, login_profile_created_at=created_at)

    return _renewing(session, account_id, CREATE_PASSWORD, work)[0]


def member_root_password_last_used(session: AwsSession, account_id: str) -> datetime | None:
    """When the member's root last signed in with a password (GetUser PasswordLastUsed), by audit."""
    def work(root: AwsSession, renewed: int) -> datetime | None:
        with aws_errors(f"read the root user of account {account_id} (iam:GetUser)"):
            return _utc(root.client("iam").get_user().get("User", {}).get("PasswordLastUsed"))

    return _renewing(session, account_id, AUDIT, work)[0]


def _listing(iam: object, kind: str, doing: str) -> tuple[str, ...]:
    with aws_errors(doing):
        return listed(iam, kind)


def _login_profile(root: AwsSession, account_id: str) -> datetime | None:
    """When the root's login profile (password) was created; None when it has none."""
    return login_profile_created(root.client("iam"),
                                 f"read the root password of account {account_id} (iam:GetLoginProfile)")


def _renewing(session: AwsSession, account_id: str, task_policy: str,
              work: Callable[[AwsSession, int], T]) -> tuple[T, int]:
    """``work`` in a fresh AssumeRoot session; if that session expires half-way, once more in a
    renewed one (``work`` must take up where it stopped). Returns (its result, renewals)."""
    root = session.assume_root(account_id, task_policy)
    try:
        return work(root, 0), 0
    except SessionExpiredError:
        root = session.assume_root(account_id, task_policy)
        return work(root, 1), 1


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
