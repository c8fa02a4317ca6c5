"""The Organization an account belongs to, its centralized root access features, and its
member accounts: ``list_members`` is the one ListAccounts of the app (the posture's member
ids, the org scan, the recovery runbook's and the contacts runbook's choice of a member)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError, RootkeeperError, ValidationError
from rootkeeper.core.posture import OrgInfo
from rootkeeper.core.validators import validate_account_id

ROOT_CREDENTIALS_MANAGEMENT = "RootCredentialsManagement"
ROOT_SESSIONS = "RootSessions"
# Without trusted access for IAM, neither feature can be on: that is an answer, not an unknown.
_FEATURES_OFF_CODES = frozenset({"ServiceAccessNotEnabledException", "OrganizationNotFoundException",
                                 "AccountNotManagementOrDelegatedAdministratorException"})


@dataclass(frozen=True)
class MemberAccount:
    """A member of the Organization, as organizations:ListAccounts / DescribeAccount show it."""

    account_id: str
    name: str
    email: str
    status: str

    @property
    def active(self) -> bool:
        return self.status in ("ACTIVE", "")  # no status given: ListAccounts shows the member, take it as active


def read_organization(session: AwsSession, account_id: str) -> OrgInfo | None:
    """None when the account is not in an Organization. Raises RootkeeperError when unreadable."""
    organizations = session.client("organizations")
    try:
        with aws_errors("describe the Organization (organizations:DescribeOrganization)"):
            org = organizations.describe_organization()["Organization"]
    except NotFoundError as error:
        # An account describing itself is only "not found" when it is in no Organization (moto says so).
        if error.code in ("AWSOrganizationsNotInUseException", "AccountNotFoundException"):
            return None
        raise
    management = org.get("MasterAccountId", "")
    is_management = management == account_id
    credentials_management = sessions = None
    members: tuple[str, ...] = ()
    if is_management:
        credentials_management, sessions = read_root_features(session)
        members = _member_accounts(session, management)
    return OrgInfo(org_id=org["Id"], management_account_id=management, is_management=is_management,
                   root_credentials_management=credentials_management, root_sessions=sessions,
                   member_account_ids=members)


def read_root_features(session: AwsSession) -> tuple[bool | None, bool | None]:
    """(RootCredentialsManagement, RootSessions) from iam:ListOrganizationsFeatures; None if unreadable."""
    try:
        with aws_errors("read the Organizations root features (iam:ListOrganizationsFeatures)"):
            features = session.client("iam").list_organizations_features().get("EnabledFeatures", [])
    except RootkeeperError as error:
        if error.code in _FEATURES_OFF_CODES:
            return False, False
        return None, None
    except NotImplementedError:  # an in-process emulator without the feature
        return None, None
    return ROOT_CREDENTIALS_MANAGEMENT in features, ROOT_SESSIONS in features


def _member_accounts(session: AwsSession, management_account_id: str) -> tuple[str, ...]:
    try:
        return tuple(member.account_id for member in list_members(session, management_account_id))
    except RootkeeperError:
        return ()  # the list is a convenience for org scan, not a posture fact


def list_members(session: AwsSession, management_account_id: str | None = None) -> tuple[MemberAccount, ...]:
    """Every account of the Organization but the management account (read with
    DescribeOrganization unless given), by id, whatever its status."""
    organizations = session.client("organizations")
    if management_account_id is None:
        management_account_id = _management_account_id(organizations)
    with aws_errors("list the Organization's accounts (organizations:ListAccounts)"):
        pages = organizations.get_paginator("list_accounts").paginate()
        accounts = [account for page in pages for account in page.get("Accounts", [])]
    return tuple(sorted((MemberAccount(a["Id"], a.get("Name", ""), a.get("Email", ""), a.get("Status", ""))
                         for a in accounts if a["Id"] != management_account_id), key=lambda m: m.account_id))


def describe_member(session: AwsSession, account_id: str) -> MemberAccount:
    """The member ``account_id`` of the Organization ``session`` manages. Raises
    ValidationError when the id is malformed, is the management account itself, or is no
    member of this Organization."""
    problem = validate_account_id(account_id)
    if problem:
        raise ValidationError(problem, hint="Type the member's 12-digit account id.")
    organizations = session.client("organizations")
    if account_id == _management_account_id(organizations):
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


def _management_account_id(organizations: Any) -> str:
    with aws_errors("describe the Organization (organizations:DescribeOrganization)"):
        return organizations.describe_organization()["Organization"].get("MasterAccountId", "")


def read_root_email(session: AwsSession, account_id: str) -> str:
    """The root user's email address (the account's primary email).

    AWS offers it through Organizations only: account:GetPrimaryEmail for a member, read from
    the management account, and organizations:DescribeAccount, which the management account
    may also call for itself. Raises RootkeeperError, saying why, when neither is readable."""
    try:
        with aws_errors("read the root email address (account:GetPrimaryEmail)"):
            return session.client("account").get_primary_email(AccountId=account_id)["PrimaryEmail"]
    except RootkeeperError as first:
        problem = first
    try:
        with aws_errors("read the root email address (organizations:DescribeAccount)"):
            return session.client("organizations").describe_account(AccountId=account_id)["Account"]["Email"]
    except NotFoundError as error:
        # An account describing itself is only "not found" when it is in no Organization (moto says so).
        if error.code in ("AWSOrganizationsNotInUseException", "AccountNotFoundException"):
            raise NotFoundError("The account is not in an Organization, and AWS reads a root email address only "
                                "through Organizations: check it on the console's Account page.",
                                code=error.code) from error
        raise
    except RootkeeperError as error:
        raise RootkeeperError(f"The root email address could not be read: {error} (and {problem})",
                              code=error.code) from error
