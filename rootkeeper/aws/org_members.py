"""The Organization's member accounts, as its management account sees them: every member
(``list_members``, for the scan and the recovery runbook's choice), one member checked
(``describe_member``), and, before an org scan, whether this identity may scan at all.

``scannable_organization`` answers with the management account and the members (id, name)
to scan, or raises a RootkeeperError saying what to do: not in an Organization, not its
management account (nor the IAM delegated administrator), root sessions not enabled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.organization import read_organization, read_root_features
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import AccessDeniedError, NotFoundError, ValidationError
from rootkeeper.core.validators import validate_account_id

ENABLE_HINT = ("Enable centralized root access first (trusted access for iam.amazonaws.com, then "
               "EnableOrganizationsRootCredentialsManagement and EnableOrganizationsRootSessions), then scan again.")


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


@dataclass(frozen=True)
class ScannableOrganization:
    management_account_id: str
    caller_account_id: str
    caller_arn: str
    members: tuple[tuple[str, str], ...]  # (account id, name), the management account left out


def scannable_organization(session: AwsSession) -> ScannableOrganization:
    identity = who_am_i(session)
    organization = read_organization(session, identity.account_id)
    if organization is None:
        raise NotFoundError(f"Account {identity.account_id} is not in an AWS Organization: there are no member "
                            "accounts to scan.", hint="Run `rootkeeper status` for this account's own root.")
    sessions = organization.root_sessions
    if not organization.is_management:
        # The IAM delegated administrator may read the features (and AssumeRoot); anyone else may not.
        _, sessions = read_root_features(session)
        if not sessions:
            raise AccessDeniedError(
                f"Account {identity.account_id} is a member of the Organization, not its management account "
                f"({organization.management_account_id}) nor the IAM delegated administrator.",
                hint="Run `rootkeeper org scan` with the management account's credentials.")
    if sessions is False:
        raise ValidationError("Centralized root access (root sessions) is not enabled for this Organization: "
                              "AssumeRoot into the members is refused.", hint=ENABLE_HINT)
    return ScannableOrganization(organization.management_account_id, identity.account_id, identity.arn,
                                 tuple((m.account_id, m.name or m.account_id)
                                       for m in list_members(session, organization.management_account_id)
                                       if m.active))


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
