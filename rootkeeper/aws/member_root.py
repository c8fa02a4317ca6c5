"""A member account's root credentials, from the Organization's management account, through
sts:AssumeRoot (centralized root access): read them (IAMAuditRootUserCredentials), delete
them all (IAMDeleteRootUserCredentials), and allow password recovery
(IAMCreateRootUserPassword: CreateLoginProfile with no password, so that whoever holds the
member's root mailbox can use "Forgot password?").

Each function opens its own short AssumeRoot session: a step never leans on a session opened
minutes ago. A session that expires half-way is renewed once and the work taken up again (it
re-lists what is left, so nothing is deleted twice). Every change is read back with a fresh
audit session: the result says what AWS shows afterwards, not what was asked of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, TypeVar

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.mfa import mfa_kind_of
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError, SessionExpiredError, ValidationError
from rootkeeper.core.org_root import MemberRoot
from rootkeeper.core.posture import MfaKind
from rootkeeper.core.validators import validate_account_id

AUDIT = "IAMAuditRootUserCredentials"
DELETE = "IAMDeleteRootUserCredentials"
CREATE_PASSWORD = "IAMCreateRootUserPassword"

T = TypeVar("T")


@dataclass(frozen=True)
class MemberAccount:
    """A member of the Organization, as organizations:DescribeAccount shows it."""

    account_id: str
    name: str
    email: str
    status: str


@dataclass(frozen=True)
class MemberRootDeletion:
    """What ``delete_member_root_credentials`` deleted, and what a fresh audit session saw after."""

    account_id: str
    password_deleted: bool = False
    access_keys_deleted: tuple[str, ...] = ()
    signing_certificates_deleted: tuple[str, ...] = ()
    mfa_devices_deactivated: tuple[str, ...] = ()
    virtual_mfa_devices_deleted: tuple[str, ...] = ()  # deactivated, then deleted: no orphan device
    sessions_renewed: int = 0
    remaining: MemberRoot | None = None  # read back afterwards (None only if not read)

    @property
    def deleted_anything(self) -> bool:
        return bool(self.password_deleted or self.access_keys_deleted or self.signing_certificates_deleted
                    or self.mfa_devices_deactivated)

    @property
    def complete(self) -> bool:
        """A fresh audit session saw no root credential left."""
        return self.remaining is not None and not self.remaining.has_credentials

    def to_json(self) -> dict[str, Any]:
        return {"member_account_id": self.account_id, "password_deleted": self.password_deleted,
                "access_keys_deleted": list(self.access_keys_deleted),
                "signing_certificates_deleted": list(self.signing_certificates_deleted),
                "mfa_devices_deactivated": list(self.mfa_devices_deactivated),
                "virtual_mfa_devices_deleted": list(self.virtual_mfa_devices_deleted),
                "sessions_renewed": self.sessions_renewed,
                "remaining": member_root_json(self.remaining) if self.remaining else None}


@dataclass(frozen=True)
class MemberPasswordRecovery:
    """What ``allow_member_password_recovery`` did, read back with GetLoginProfile."""

    account_id: str
    created: bool  # False: a login profile existed already, nothing was changed
    login_profile_created_at: datetime | None = field(default=None)


def member_root_json(root: MemberRoot) -> dict[str, Any]:
    return {"member_account_id": root.account_id, "password": root.password,
            "access_keys": list(root.access_keys), "mfa_devices": list(root.mfa_devices),
            "signing_certificates": list(root.signing_certificates)}


def list_members(session: AwsSession) -> tuple[MemberAccount, ...]:
    """The Organization's member accounts (the management account left out), by id."""
    organizations = session.client("organizations")
    with aws_errors("describe the Organization (organizations:DescribeOrganization)"):
        management = organizations.describe_organization()["Organization"].get("MasterAccountId", "")
    with aws_errors("list the Organization's accounts (organizations:ListAccounts)"):
        pages = organizations.get_paginator("list_accounts").paginate()
        accounts = [account for page in pages for account in page.get("Accounts", [])]
    return tuple(sorted((MemberAccount(a["Id"], a.get("Name", ""), a.get("Email", ""), a.get("Status", ""))
                         for a in accounts if a["Id"] != management), key=lambda m: m.account_id))


def describe_member(session: AwsSession, account_id: str) -> MemberAccount:
    """The member ``account_id`` of the Organization ``session`` manages. Raises
    ValidationError when the id is malformed, is the management account itself, or is no
    member of this Organization."""
    problem = validate_account_id(account_id)
    if problem:
        raise ValidationError(problem, hint="Type the member's 12-digit account id.")
    organizations = session.client("organizations")
    with aws_errors("describe the Organization (organizations:DescribeOrganization)"):
        management = organizations.describe_organization()["Organization"].get("MasterAccountId", "")
    if account_id == management:
        raise ValidationError(f"{account_id} is the Organization's management account, not a member: AssumeRoot "
                              "only opens member accounts.",
                              hint="Recover the management account's root with the lost-MFA or forgotten-password "
                                   "walkthrough instead.")
    try:
        with aws_errors(f"describe the account {account_id} (organizations:DescribeAccount)"):
            account = organizations.describe_account(AccountId=account_id)["Account"]
    except NotFoundError as error:
        raise ValidationError(f"{account_id} is not a member of this Organization.",
                              hint="Check the id against `rootkeeper org scan` or the Organizations console.",
                              code=error.code) from error
    return MemberAccount(account_id, account.get("Name", ""), account.get("Email", ""), account.get("Status", ""))


def audit_member_root(session: AwsSession, account_id: str, name: str = "") -> MemberRoot:
    """The member's root credentials, read through a fresh IAMAuditRootUserCredentials session."""
    return _renewing(session, account_id, AUDIT, lambda root, _: read_member_root(root, account_id, name))[0]


def read_member_root(root: AwsSession, account_id: str, name: str = "") -> MemberRoot:
    """The credentials, read from an AssumeRoot session on the member (audit or delete policy)."""
    iam = root.client("iam")
    with aws_errors(f"list the root access keys of account {account_id}"):
        keys = tuple(k["AccessKeyId"] for k in iam.list_access_keys().get("AccessKeyMetadata", []))
    with aws_errors(f"list the root MFA devices of account {account_id}"):
        devices = tuple(d["SerialNumber"] for d in iam.list_mfa_devices().get("MFADevices", []))
    with aws_errors(f"list the root signing certificates of account {account_id}"):
        certificates = tuple(c["CertificateId"] for c in iam.list_signing_certificates().get("Certificates", []))
    return MemberRoot(account_id, name, password=_login_profile(root, account_id) is not None,
                      access_keys=keys, mfa_devices=devices, signing_certificates=certificates)


def delete_member_root_credentials(session: AwsSession, account_id: str) -> MemberRootDeletion:
    """Delete every root credential of member ``account_id`` (password, access keys, signing
    certificates, MFA devices: deactivated, and virtual ones deleted), through
    IAMDeleteRootUserCredentials; then read back with a fresh audit session."""
    done: dict[str, list[str]] = {"password": [], "keys": [], "certs": [], "mfa": [], "virtual": []}

    def work(root: AwsSession, renewed: int) -> None:
        iam = root.client("iam")
        if _login_profile(root, account_id) is not None and not done["password"]:
            with aws_errors(f"delete the root password of account {account_id}"):
                iam.delete_login_profile()
            done["password"].append("password")
        with aws_errors(f"list the root access keys of account {account_id}"):
            keys = [k["AccessKeyId"] for k in iam.list_access_keys().get("AccessKeyMetadata", [])]
        for key_id in keys:
            with aws_errors(f"delete the root access key {key_id} of account {account_id}"):
                iam.delete_access_key(AccessKeyId=key_id)
            done["keys"].append(key_id)
        with aws_errors(f"list the root signing certificates of account {account_id}"):
            certificates = [c["CertificateId"] for c in iam.list_signing_certificates().get("Certificates", [])]
        for certificate_id in certificates:
            with aws_errors(f"delete the root signing certificate {certificate_id} of account {account_id}"):
                iam.delete_signing_certificate(CertificateId=certificate_id)
            done["certs"].append(certificate_id)
        with aws_errors(f"list the root MFA devices of account {account_id}"):
            serials = [d["SerialNumber"] for d in iam.list_mfa_devices().get("MFADevices", [])]
        for serial in serials:
            with aws_errors(f"deactivate the root MFA device {serial} of account {account_id}"):
                iam.deactivate_mfa_device(SerialNumber=serial)
            done["mfa"].append(serial)
            if mfa_kind_of(serial) is MfaKind.VIRTUAL:
                # Deactivated but not deleted, a virtual device would linger unassigned: delete it now.
                with aws_errors(f"delete the virtual MFA device {serial} of account {account_id}"):
                    iam.delete_virtual_mfa_device(SerialNumber=serial)
                done["virtual"].append(serial)

    _, renewed = _renewing(session, account_id, DELETE, work)
    remaining = audit_member_root(session, account_id)
    return MemberRootDeletion(account_id, bool(done["password"]), tuple(done["keys"]), tuple(done["certs"]),
                              tuple(done["mfa"]), tuple(done["virtual"]), renewed, remaining)


def allow_member_password_recovery(session: AwsSession, account_id: str) -> MemberPasswordRecovery:
    """CreateLoginProfile with no password, through IAMCreateRootUserPassword: the member's root
    then has a password nobody knows, which whoever holds its mailbox resets ("Forgot
    password?"). Read back with GetLoginProfile in the same session."""
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


def _login_profile(root: AwsSession, account_id: str) -> datetime | None:
    """When the root's login profile (password) was created; None when it has none."""
    try:
        with aws_errors(f"read the root password of account {account_id} (iam:GetLoginProfile)"):
            profile = root.client("iam").get_login_profile()["LoginProfile"]
    except NotFoundError:
        return None
    return _utc(profile.get("CreateDate")) or datetime.min.replace(tzinfo=timezone.utc)


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
