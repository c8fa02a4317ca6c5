"""Rotate the root password. AWS offers no API for it (IAM ChangePassword does not touch
root): rootkeeper generates a strong password on request, guides the console change and
a sign-in with the new password, verifies what the credential report can show, and
records the operator's and a witness's attestation for the rest.

The password lives in the ceremony's SecretBox only, from generation to the sign-in
step; it never becomes a fact, evidence, a file or a log line.
"""

from __future__ import annotations

import base64

from rootkeeper.core.checks import PasswordChangedAfter, StaleReport
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Requirement, Runbook, Step, StepKind
from rootkeeper.core.secretbox import SecretBox

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
    fixes=("root-recent-use", "root-password"),
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
            # A sign-in counts (AWS reports password_last_changed as not_supported for root); a report
            # older than the ceremony proves nothing, and the attestation that follows carries the rest.
            check=PasswordChangedAfter(sign_in_counts=True, stale_report=StaleReport.LEFT_TO_ATTESTATION),
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


class PasswordHandover:
    """The generated password leaves rootkeeper once: shown on screen, or copied to the
    terminal's clipboard (OSC 52) instead. A second request is refused: a password that
    was missed is regenerated, not shown again."""

    def __init__(self) -> None:
        self._handed_over: str | None = None  # how, never what

    def __repr__(self) -> str:
        return f"PasswordHandover(handed_over={self._handed_over!r})"

    @property
    def handed_over(self) -> str | None:
        return self._handed_over

    def reveal(self, secrets: SecretBox) -> str:
        """The password, to show once."""
        return self._take(secrets, "shown")

    def clipboard_sequence(self, secrets: SecretBox) -> str:
        """The OSC 52 escape sequence that puts the password on the clipboard; write it to the
        terminal, never to a log."""
        return osc52_copy_sequence(self._take(secrets, "copied"))

    def _take(self, secrets: SecretBox, how: str) -> str:
        if self._handed_over is not None:
            raise RootkeeperError(f"The password was already {self._handed_over}: it is handed over once.",
                                  hint="If it was missed, abort and generate a new one.")
        if NEW_PASSWORD not in secrets:
            raise RootkeeperError("No generated password is held: generate one first.")
        self._handed_over = how
        return secrets.get(NEW_PASSWORD)


def osc52_copy_sequence(text: str) -> str:
    """OSC 52 'set clipboard': ESC ] 52 ; c ; base64 BEL. Terminals that support it copy
    the text locally, even over SSH; nothing is written to disk."""
    return "\x1b]52;c;" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "\x07"
