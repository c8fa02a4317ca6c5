"""Member root credentials, changed through sts:AssumeRoot from the management account:
delete them all (IAMDeleteRootUserCredentials) or allow password recovery
(IAMCreateRootUserPassword), each read back with the same root session.

An MFA device is deactivated, then, when virtual, deleted (no orphan device is left);
members have no UpdateAccessKey in their task policy, so access keys are deleted directly.
"""

from __future__ import annotations

from typing import Any

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError, RootkeeperError
from rootkeeper.core.org_remediation import MemberRemediation, RemediationAction


def read_root_credentials(member: AwsSession) -> dict[str, list[str]]:
    """What root credentials the member has, read in its root session: kind -> ids."""
    iam = member.client("iam")
    with aws_errors(f"read the root credentials of {_account(member)}"):
        try:
            iam.get_login_profile()
            login_profile = ["root"]
        except iam.exceptions.NoSuchEntityException:
            login_profile = []
        keys = [k["AccessKeyId"] for page in iam.get_paginator("list_access_keys").paginate()
                for k in page["AccessKeyMetadata"]]
        certs = [c["CertificateId"] for page in iam.get_paginator("list_signing_certificates").paginate()
                 for c in page["Certificates"]]
        mfa = [d["SerialNumber"] for page in iam.get_paginator("list_mfa_devices").paginate()
               for d in page["MFADevices"]]
    return {"login_profile": login_profile, "access_keys": keys, "signing_certificates": certs, "mfa_devices": mfa}


def delete_member_root_credentials(session: AwsSession, account_id: str, name: str = "") -> MemberRemediation:
    """Delete every root credential of member ``account_id``; read back that none remain.
    Raises RootkeeperError when AssumeRoot or the first read is refused (nothing was changed); a
    refusal mid-way is returned as a failure with what was deleted before it and what remains."""
    member = session.assume_root(account_id, RemediationAction.DELETE_CREDENTIALS.task_policy)
    before = read_root_credentials(member)
    removed: dict[str, list[str]] = {kind: [] for kind in before}
    problem: str | None = None
    try:
        _delete_all(member.client("iam"), account_id, before, removed)
    except RootkeeperError as error:  # what was deleted before it is still recorded, and read back
        problem = " ".join(str(error).split())
    after = read_root_credentials(member)
    remaining = {kind: items for kind, items in after.items() if items}
    if remaining and problem is None:
        problem = "root credentials remain after deletion: " + ", ".join(f"{k} {v}" for k, v in remaining.items())
    return MemberRemediation(account_id, name, RemediationAction.DELETE_CREDENTIALS, ok=problem is None,
                             removed={k: v for k, v in removed.items() if v}, remaining=remaining,
                             changed=any(removed.values()), error=problem)


def _delete_all(iam: Any, account_id: str, before: dict[str, list[str]], removed: dict[str, list[str]]) -> None:
    with aws_errors(f"delete the root credentials of {account_id}"):
        for serial in before["mfa_devices"]:
            iam.deactivate_mfa_device(SerialNumber=serial)
            if ":mfa/" in serial:  # a virtual device: deleted too, or it would linger unassigned
                iam.delete_virtual_mfa_device(SerialNumber=serial)
            removed["mfa_devices"].append(serial)
        for key_id in before["access_keys"]:
            iam.delete_access_key(AccessKeyId=key_id)
            removed["access_keys"].append(key_id)
        for cert_id in before["signing_certificates"]:
            iam.delete_signing_certificate(CertificateId=cert_id)
            removed["signing_certificates"].append(cert_id)
        if before["login_profile"]:
            iam.delete_login_profile()
            removed["login_profile"].append("root")


def allow_member_password_recovery(session: AwsSession, account_id: str, name: str = "") -> MemberRemediation:
    """CreateLoginProfile without a password for member ``account_id``'s root: whoever holds the root
    mailbox may then use 'Forgot password'. Read back with GetLoginProfile."""
    member = session.assume_root(account_id, RemediationAction.ALLOW_PASSWORD_RECOVERY.task_policy)
    action = RemediationAction.ALLOW_PASSWORD_RECOVERY
    if _has_login_profile(member):
        return MemberRemediation(account_id, name, action, ok=True, remaining={"login_profile": ["root"]}, changed=False)
    with aws_errors(f"allow root password recovery in {account_id} (iam:CreateLoginProfile)"):
        member.client("iam").create_login_profile()
    present = _has_login_profile(member)
    return MemberRemediation(account_id, name, action, ok=present, remaining={"login_profile": ["root"]} if present else {},
                             error=None if present else "GetLoginProfile shows no login profile after CreateLoginProfile")


def _has_login_profile(member: AwsSession) -> bool:
    try:
        with aws_errors(f"read the root login profile of {_account(member)}"):
            member.client("iam").get_login_profile()
    except NotFoundError:
        return False
    return True


def _account(member: AwsSession) -> Any:
    return member.assumed_root.member_account_id if member.assumed_root else "the account"
