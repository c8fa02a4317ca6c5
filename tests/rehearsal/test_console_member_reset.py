"""The rehearsal console's "Forgot password?" for a member's root, in process and over HTTP:
refused (and no reset email) while recovery is not allowed; once IAMCreateRootUserPassword made
a login profile with no password, the mailbox holder sets one and signs in, which GetUser's
PasswordLastUsed and CloudTrail show; the password itself is never handed back."""

from __future__ import annotations

import pytest

from rootkeeper.core.errors import AccessDeniedError
from tests.support.rehearsal_clients import PROD

CREATE_PASSWORD = "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword"
DELETE = "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"
AUDIT = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"


def _root_iam(aws, policy):
    credentials = aws("sts").assume_root(TargetPrincipal=PROD, TaskPolicyArn={"arn": policy})["Credentials"]
    return aws("iam", credentials=credentials)


def test_the_reset_needs_recovery_allowed_then_signs_in(aws, either_world):
    console = either_world.environment("operator").console
    _root_iam(aws, DELETE).delete_login_profile()
    with pytest.raises(AccessDeniedError, match="no login profile"):
        console.reset_member_root_password(PROD)
    _root_iam(aws, CREATE_PASSWORD).create_login_profile()
    seen = console.reset_member_root_password(PROD)
    assert seen["reset_email_to"] == "aws+acme-prod@acme.example"
    assert set(seen) == {"reset_email_to", "password_changed_at", "signed_in_at"}  # no password handed back
    used = _root_iam(aws, AUDIT).get_user()["User"]["PasswordLastUsed"]
    assert used.isoformat().startswith(seen["signed_in_at"][:19])
    names = [event["EventName"] for event in aws("cloudtrail", "prod-root").lookup_events()["Events"]]
    assert {"PasswordRecoveryRequested", "PasswordRecoveryCompleted", "ConsoleLogin"} <= set(names)
