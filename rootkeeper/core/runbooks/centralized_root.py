"""Turn on centralized root access (Organizations): trusted access for IAM, then root
credentials management, then root sessions, each read back from AWS before its ✔.

Run from the management account. Nothing here is destructive (member root credentials are
left as they are: the Organizations screen removes them), so each step asks a plain Yes."""

from __future__ import annotations

from rootkeeper.core.evidence import Evidence
from rootkeeper.core.runbook import Confirmation, Requirement, Runbook, Step, StepKind

ENABLE_TRUSTED_ACCESS = "enable-iam-trusted-access"
ENABLE_CREDENTIALS_MANAGEMENT = "enable-root-credentials-management"
ENABLE_ROOT_SESSIONS = "enable-root-sessions"

ENABLE_CENTRALIZED_ROOT_ACCESS = Runbook(
    id="enable-centralized-root-access",
    title="Turn on centralized root access",
    summary=("From the management account: trusted access for IAM in Organizations, then root credentials "
             "management and root sessions, each read back; then member root credentials can be removed "
             "and privileged root tasks run as short AssumeRoot sessions."),
    requirement=Requirement.MANAGEMENT_ACCOUNT,
    fixes=("centralized-root-access",),
    steps=(
        Step(
            id=ENABLE_TRUSTED_ACCESS, kind=StepKind.ACTION,
            title="Enable trusted access for IAM",
            verifies=("organizations:ListAWSServiceAccessForOrganization lists iam.amazonaws.com, read back "
                      "after EnableAWSServiceAccess."),
            confirmation=Confirmation.YES_NO, evidence=Evidence.VERIFIED,
        ),
        Step(
            id=ENABLE_CREDENTIALS_MANAGEMENT, kind=StepKind.ACTION,
            title="Enable root credentials management",
            verifies=("iam:ListOrganizationsFeatures lists RootCredentialsManagement, read back after "
                      "EnableOrganizationsRootCredentialsManagement."),
            confirmation=Confirmation.YES_NO, evidence=Evidence.VERIFIED,
        ),
        Step(
            id=ENABLE_ROOT_SESSIONS, kind=StepKind.ACTION,
            title="Enable root sessions",
            verifies=("iam:ListOrganizationsFeatures lists RootSessions, read back after "
                      "EnableOrganizationsRootSessions."),
            confirmation=Confirmation.YES_NO, evidence=Evidence.VERIFIED,
        ),
    ),
)
