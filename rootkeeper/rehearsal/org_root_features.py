"""Centralized root access: iam:ListOrganizationsFeatures and the two Enable calls.

Only the Organizations management account may enable the features (the delegated IAM
administrator may list them), as the IAM API reference says, and only in an organization with
all features and trusted access for IAM: otherwise OrganizationNotInAllFeaturesModeException
or ServiceAccessNotEnabledException, as AWS answers.
"""

from __future__ import annotations

from moto.core.responses import ActionResult
from moto.iam.responses import IamResponse
from moto.organizations.models import FakeDelegatedAdministrator, FakeServiceAccess, organizations_backends

from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.patches import Patch
from rootkeeper.rehearsal.root_sts import IAM_SERVICE_PRINCIPAL, _organization_admin_of
from rootkeeper.rehearsal.state import active

ROOT_CREDENTIALS_MANAGEMENT = "RootCredentialsManagement"
ROOT_SESSIONS = "RootSessions"


def _organization_id(management_account: str) -> str:
    return organizations_backends[management_account]["aws"].org.id


def _backend_of(management: str):  # noqa: ANN202 (moto's OrganizationsBackend)
    return organizations_backends[management]["aws"]


def iam_trusted_access(management: str) -> bool:
    """Whether trusted access for IAM (organizations:EnableAWSServiceAccess) is on."""
    return any(service.get("ServicePrincipal") == IAM_SERVICE_PRINCIPAL for service in _backend_of(management).services)


def _refuse_unless_ready(management: str) -> None:
    """AWS's order of prerequisites: all features, then trusted access for IAM."""
    if _backend_of(management).org.feature_set != "ALL":
        raise aws_error("iam", "OrganizationNotInAllFeaturesModeException",
                        "The request was rejected because the organization does not have all features enabled.")
    if not iam_trusted_access(management):
        raise aws_error("iam", "ServiceAccessNotEnabledException",
                        "The request was rejected because trusted access is not enabled for IAM in "
                        "AWS Organizations.")


def _management_or_refuse(response: IamResponse, *, delegated_ok: bool) -> str:
    account = response.current_account
    management = _organization_admin_of(account)
    if management is None:
        raise aws_error("iam", "AccountNotManagementOrDelegatedAdministratorException",
                        "The request was rejected because the account making the request is not the "
                        "management account or delegated administrator account for centralized root access.")
    if management != account and not delegated_ok:
        raise aws_error("iam", "CallerIsNotManagementAccountException",
                        "The request was rejected because the account making the request is not the "
                        "management account for the organization.")
    return management


def _features_result(management: str) -> ActionResult:
    state = active()
    features = sorted(state.organization_features) if state else []
    return ActionResult({"OrganizationId": _organization_id(management), "EnabledFeatures": features})


def list_organizations_features(self: IamResponse) -> ActionResult:
    management = _management_or_refuse(self, delegated_ok=True)
    _refuse_unless_ready(management)
    return _features_result(management)


def _enable(response: IamResponse, feature: str) -> ActionResult:
    management = _management_or_refuse(response, delegated_ok=False)
    _refuse_unless_ready(management)
    state = active()
    if state is not None:
        state.organization_features.add(feature)
    return _features_result(management)


def enable_organizations_root_credentials_management(self: IamResponse) -> ActionResult:
    return _enable(self, ROOT_CREDENTIALS_MANAGEMENT)


def enable_organizations_root_sessions(self: IamResponse) -> ActionResult:
    return _enable(self, ROOT_SESSIONS)


PATCHES = [
    *(Patch(IamResponse, handler.__name__, handler) for handler in (
        list_organizations_features, enable_organizations_root_credentials_management,
        enable_organizations_root_sessions)),
    # IAM may have a delegated administrator for centralized root access.
    Patch(FakeDelegatedAdministrator, "SUPPORTED_SERVICES",
          [*FakeDelegatedAdministrator.SUPPORTED_SERVICES, IAM_SERVICE_PRINCIPAL], world_only=False),
    # ...and trusted access (EnableAWSServiceAccess), the prerequisite of its root features.
    Patch(FakeServiceAccess, "TRUSTED_SERVICES", [*FakeServiceAccess.TRUSTED_SERVICES, IAM_SERVICE_PRINCIPAL],
          world_only=False),
]
