"""Rotate the root password. AWS offers no API for it (IAM ChangePassword does not touch
root): rootkeeper generates a strong password on request, guides the console change and
a sign-in with the new password, verifies what the credential report can show, and
records the operator's and a witness's attestation for the rest.

The password lives in the ceremony's SecretBox only, from generation to the sign-in
step; it never becomes a fact, evidence, a file or a log line.
"""

from __future__ import annotations

from rootkeeper.core.runbook import Requirement, Runbook, Step, StepKind

REVIEW_PASSWORD = "review-root-password"
GENERATE_PASSWORD = "generate-password"
CHANGE_IN_CONSOLE = "change-in-console"
SIGN_IN_WITH_NEW = "sign-in-with-new-password"
VERIFY_CHANGE = "verify-password-change"
ATTEST_ROTATION = "attest-password-rotation"

NEW_PASSWORD = "new_password"  # the SecretBox name of the generated password

ROTATE_ROOT_PASSWORD = Runbook(
    id="rotate-root-password",
    title="Rotate the root password",
    summary=("AWS offers no API for this: rootkeeper generates a strong password, guides the console "
             "change and a sign-in with it, verifies what the credential report shows, and records "
             "the custodian's and a witness's attestation."),
    requirement=Requirement.IAM_READ,
    console_only=True,
    steps=(
        Step(
            id=REVIEW_PASSWORD, kind=StepKind.CHECK,
            title="Review the root password and name its custodian",
            inputs=("custodian",),
            verifies=("Reads the credential report's <root_account> row: whether the root user has a "
                      "password, and when it was last used."),
        ),
        Step(
            # rootkeeper acts, locally: the password comes from the secrets module, not from AWS.
            id=GENERATE_PASSWORD, kind=StepKind.ACTION,
            title="Generate a strong password",
            verifies=("A password of the generated length with uppercase letters, lowercase letters, "
                      "numbers and symbols, as AWS's root password rules accept, is held in memory only."),
            optional=True,  # the custodian may bring one from their password manager instead
            produces_secrets=(NEW_PASSWORD,),
        ),
        Step(
            id=CHANGE_IN_CONSOLE, kind=StepKind.MANUAL,
            title="Change the password in the AWS console",
            instructions=(
                "Sign in to the AWS console as the root user of account {account_id}: choose 'Root "
                "user', enter the root email address, the current password and, if the root user has MFA, its code.",
                "Open the account menu (top right) and choose 'Security credentials'.",
                "Under 'Account details', choose 'Edit' next to the password (or 'Change password').",
                "Enter the current password, then the new one twice: paste it from the clipboard, or "
                "type it as shown here. Choose 'Change password'.",
                "Store the new password where {custodian} keeps the root credentials (a password "
                "manager or a sealed envelope in the safe).",
            ),
            verifies="The operator reports having changed the root password in the console.",
            uses_secrets=(NEW_PASSWORD,),
            # The credential report shows no root password_last_changed (not_supported): only the
            # sign-in with the new password, next, leaves a trace the API can read.
            api_visible=False,
        ),
        Step(
            id=SIGN_IN_WITH_NEW, kind=StepKind.MANUAL,
            title="Sign in with the new password",
            instructions=(
                "Sign out of the console, then sign in again as the root user of account "
                "{account_id} with the new password.",
                "Once signed in, sign out again.",
            ),
            verifies="The operator reports having signed in with the new password.",
            uses_secrets=(NEW_PASSWORD,),
            api_visible=True,  # password_last_used in the credential report
        ),
        Step(
            id=VERIFY_CHANGE, kind=StepKind.CHECK,
            title="Verify what AWS shows",
            verifies=("The credential report shows the root password used (or changed) after this "
                      "ceremony began, where AWS reports it."),
            checks=(SIGN_IN_WITH_NEW,),
        ),
        Step(
            id=ATTEST_ROTATION, kind=StepKind.ATTEST,
            title="The custodian and a witness confirm the rotation",
            verifies=("The operator and {custodian} confirm that the root password of account {account_id} was "
                      "changed in the console during this ceremony and that {custodian} holds it; the witness "
                      "confirms seeing it done."),
            needs_witness=True,
        ),
    ),
)
