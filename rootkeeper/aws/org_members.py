"""Before an org scan: may this identity scan, and which members are there (the members
listed by ``organization.list_members``, the ACTIVE ones scanned)?

``scannable_organization`` answers with the management account and the members (id, name)
to scan, or raises a RootkeeperError saying what to do: not in an Organization, not its
management account (nor the IAM delegated administrator), root sessions not enabled."""

from __future__ import annotations

from dataclasses import dataclass

from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.organization import (
    list_members,
    read_organization,
    read_root_features,
)
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import AccessDeniedError, NotFoundError, ValidationError

ENABLE_HINT = ("Enable centralized root access first (trusted access for iam.amazonaws.com, then "
               "EnableOrganizationsRootCredentialsManagement and EnableOrganizationsRootSessions), then scan again.")


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
