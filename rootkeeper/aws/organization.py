"""The Organization an account belongs to, and its centralized root access features."""

from __future__ import annotations

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError, RootkeeperError
from rootkeeper.core.posture import OrgInfo

ROOT_CREDENTIALS_MANAGEMENT = "RootCredentialsManagement"
ROOT_SESSIONS = "RootSessions"
# Without trusted access for IAM, neither feature can be on: that is an answer, not an unknown.
_FEATURES_OFF_CODES = frozenset({"ServiceAccessNotEnabledException", "OrganizationNotFoundException",
                                 "AccountNotManagementOrDelegatedAdministratorException"})


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
        with aws_errors("list the Organization's accounts"):
            pages = session.client("organizations").get_paginator("list_accounts").paginate()
            ids = [account["Id"] for page in pages for account in page.get("Accounts", [])]
    except RootkeeperError:
        return ()  # the list is a convenience for org scan, not a posture fact
    return tuple(sorted(i for i in ids if i != management_account_id))


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
