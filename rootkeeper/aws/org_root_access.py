"""Turning centralized root access on: trusted access for IAM in Organizations, then the two
IAM features, each read back. AWS's refusals become what to do about them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import RootkeeperError

IAM_SERVICE_PRINCIPAL = "iam.amazonaws.com"
ROOT_CREDENTIALS_MANAGEMENT = "RootCredentialsManagement"
ROOT_SESSIONS = "RootSessions"

# What to do about each of AWS's refusals of the Organizations root features.
_WHAT_TO_DO = {
    "AccountNotManagementOrDelegatedAdministratorException":
        "This account is not the Organization's management account: run rootkeeper with credentials of the "
        "management account.",
    "CallerIsNotManagementAccountException":
        "Only the management account may enable it (a delegated administrator may only read it): run rootkeeper "
        "with credentials of the management account.",
    "OrganizationNotInAllFeaturesModeException":
        "The Organization has only consolidated billing: enable all features (Organizations console, Settings), "
        "which every member account must accept, then run this runbook again.",
    "ServiceAccessNotEnabledException":
        "Trusted access for IAM is off: run this runbook's first step (organizations:EnableAWSServiceAccess for "
        "iam.amazonaws.com), then this one again.",
    "OrganizationNotFoundException":
        "This account is not in an Organization: centralized root access needs one.",
    "AWSOrganizationsNotInUseException":
        "This account is not in an Organization: centralized root access needs one.",
}


@contextmanager
def _explained(doing: str) -> Iterator[None]:
    try:
        with aws_errors(doing):
            yield
    except RootkeeperError as error:
        advice = _WHAT_TO_DO.get(error.code or "")
        if advice is None:
            raise
        raise RootkeeperError(f"AWS refused to {doing} ({error.code}).", hint=advice, code=error.code) from error


def iam_trusted_access(session: AwsSession) -> bool:
    """Whether Organizations lists iam.amazonaws.com among the services with trusted access."""
    with _explained("list the services with trusted access (organizations:ListAWSServiceAccessForOrganization)"):
        pages = session.client("organizations").get_paginator("list_aws_service_access_for_organization").paginate()
        principals = [s.get("ServicePrincipal") for page in pages for s in page.get("EnabledServicePrincipals", [])]
    return IAM_SERVICE_PRINCIPAL in principals


def enable_iam_trusted_access(session: AwsSession) -> None:
    with _explained("enable trusted access for IAM (organizations:EnableAWSServiceAccess)"):
        session.client("organizations").enable_aws_service_access(ServicePrincipal=IAM_SERVICE_PRINCIPAL)


def enabled_features(session: AwsSession) -> frozenset[str]:
    """iam:ListOrganizationsFeatures' EnabledFeatures; raises, saying what to do, when refused."""
    with _explained("read the Organizations root features (iam:ListOrganizationsFeatures)"):
        return frozenset(session.client("iam").list_organizations_features().get("EnabledFeatures", []))


def enable_feature(session: AwsSession, feature: str) -> None:
    """EnableOrganizationsRootCredentialsManagement or EnableOrganizationsRootSessions."""
    operation = {ROOT_CREDENTIALS_MANAGEMENT: "enable_organizations_root_credentials_management",
                 ROOT_SESSIONS: "enable_organizations_root_sessions"}[feature]
    with _explained(f"enable {feature} (iam:EnableOrganizations{feature})"):
        getattr(session.client("iam"), operation)()
