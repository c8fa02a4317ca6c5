"""The console's "Forgot password?" for a member account's root, played by the rehearsal world.

Under centralized root access a member's root has no password until the management account
allows recovery (IAMCreateRootUserPassword, CreateLoginProfile with no password). Then whoever
holds the member's root mailbox chooses "Forgot password?" on the root sign-in page, follows the
link of the reset email, sets a password and signs in. The simulator does all of that: the
password it sets is random and stays in the world (the mailbox holder's, never rootkeeper's);
what it returns is what the console showed, with no secret in it. CloudTrail records
PasswordRecoveryRequested, PasswordRecoveryCompleted and ConsoleLogin, as AWS does.

Mixed into RehearsalConsole (rehearsal/console.py), and into HttpConsoleSimulator for a
served world, as one console action: ``reset_member_root_password``.
"""

from __future__ import annotations

import secrets
from typing import Any

from rootkeeper.core.errors import AccessDeniedError
from rootkeeper.rehearsal.cloudtrail import CONSOLE_SIGN_IN, record_console_event

MEMBER_RESET_ACTIONS = ("reset_member_root_password",)


class MemberPasswordReset:
    """RehearsalConsole's part: it has ``_state`` (the WorldState) and ``_root(account_id)``."""

    _state: Any

    def _root(self, account_id: str) -> Any:  # pragma: no cover - RehearsalConsole's
        raise NotImplementedError

    def reset_member_root_password(self, account_id: str) -> dict[str, Any]:
        """'Forgot password?' → the reset email to the root mailbox → a new password → sign in.
        Refused, as AWS refuses it, while the root has no login profile (recovery not allowed)."""
        requested = ("PasswordRecoveryRequested", *CONSOLE_SIGN_IN)
        with self._state.lock:
            root = self._root(account_id)
            if root.password is None:
                record_console_event(self._state, account_id, requested)
                raise AccessDeniedError(
                    f"The root user of {account_id} cannot recover a password: it has none (no login profile). "
                    "AWS sends no reset email.",
                    hint="Allow password recovery from the management account first (AssumeRoot "
                         "IAMCreateRootUserPassword, CreateLoginProfile with no password).")
            record_console_event(self._state, account_id, requested)
            root.password = "Rehearsal-" + secrets.token_urlsafe(18)  # the mailbox holder's, kept in the world
            root.password_changed_at = self._state.now()
            record_console_event(self._state, account_id, ("PasswordRecoveryCompleted", *CONSOLE_SIGN_IN))
            root.password_last_used = self._state.now()
            record_console_event(self._state, account_id, ("ConsoleLogin", *CONSOLE_SIGN_IN))
            return {"reset_email_to": root.email, "password_changed_at": root.password_changed_at.isoformat(),
                    "signed_in_at": root.password_last_used.isoformat()}


class HttpMemberPasswordReset:
    """HttpConsoleSimulator's part: the same action, sent to a served world."""

    def _call(self, action: str, **arguments: Any) -> Any:  # pragma: no cover - HttpConsoleSimulator's
        raise NotImplementedError

    def reset_member_root_password(self, account_id: str) -> dict[str, Any]:
        return self._call("reset_member_root_password", account_id=account_id)
