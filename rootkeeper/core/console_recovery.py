"""The console's recovery pages, as the rehearsal world plays them (rehearsal/console_recovery.py):
signing in as root with alternative factors when the MFA device is lost (a verification email to
the root mailbox, then a phone call to the primary contact phone), and "Forgot password?" (a
reset email). Against real AWS there is no simulator: the operator uses the console.

What the operator would read in the root mailbox or hear on the phone is returned as plain
dicts (``email``: to, sender, subject, body, link, code; ``call``: phone, said), for the step
panels to show. Refusals are ValidationError with a message that says what to do."""

from __future__ import annotations

from typing import Any, Protocol


class RecoveryConsole(Protocol):
    def root_mailbox(self, account_id: str) -> list[dict[str, Any]]:
        """The mail AWS sent to the root address in this rehearsal, newest first."""

    def begin_mfa_recovery(self, account_id: str) -> dict[str, Any]:
        """Sign in with the password, 'Troubleshoot MFA' → 'Sign in using alternative factors'."""

    def send_verification_email(self, account_id: str) -> dict[str, Any]:
        """'Send verification email': the email now in the root mailbox."""

    def verify_email(self, account_id: str, code: str) -> dict[str, Any]:
        """The link of the verification email followed (its code); ValidationError if it is not the latest."""

    def call_recovery_phone(self, account_id: str) -> dict[str, Any]:
        """'Call me now': the number the console shows and the call to the primary contact phone."""

    def answer_recovery_call(self, account_id: str, keyed: str) -> dict[str, Any]:
        """The number typed on the phone's keypad; right: the root user is signed in."""

    def request_password_reset(self, account_id: str) -> dict[str, Any]:
        """'Forgot password?' → 'Send email': the reset email now in the root mailbox."""

    def reset_password(self, account_id: str, code: str, new_password: str) -> None:
        """The reset email's link followed (its code), the new password typed twice."""
