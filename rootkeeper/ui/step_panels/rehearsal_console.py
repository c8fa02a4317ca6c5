"""What the "Do it in the rehearsal console" button does, per manual step: the rehearsal
world's console simulator plays the operator's console steps, so that the check after
them verifies a real change. Only offered in rehearsal; never against AWS.

Most steps are played in one go (``REHEARSAL_CONSOLE_ACTIONS``). The root MFA assignment
is a dialogue, as in the real console (a QR code to scan, then two codes the operator
types): its panel (root_mfa.py) drives the console page by page with
``RehearsalConsoleCall``.

ceremonies/ imports boto3: each action imports its helper when it runs (in a worker).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from textual.message import Message

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbooks import root_keys as root_keys_runbook
from rootkeeper.core.runbooks import root_password as password_runbook

# (runner, facts) -> the note journaled with the manual step. Runs in a worker thread.
ConsoleAction = Callable[[Any, Mapping[str, Any]], str | None]


class RehearsalConsoleCall(Message):
    """One page of a console dialogue: ``call(runner)`` runs in the ceremony screen's worker
    (busy state, and the problem bar with Retry if the world cannot be reached), then
    ``done(result)`` on the UI thread while the panel that asked is still shown. A refusal
    the panel explains itself (wrong codes) is returned by ``call``, not raised."""

    def __init__(self, call: Callable[[Any], Any], done: Callable[[Any], None], busy_text: str) -> None:
        super().__init__()
        self.call = call
        self.done = done
        self.busy_text = busy_text


def _rehearsal_root_key_ids(environment: Any, account_id: str) -> list[str]:
    """The key ids the console's Security credentials page would show: an IAM identity's
    credential report has none, so ask a root identity of the rehearsal scenario."""
    from rootkeeper.aws.identity import who_am_i
    from rootkeeper.aws.root_keys import list_root_access_keys
    from rootkeeper.aws.session import AwsSession

    for identity in environment.identities.values():
        if identity.account_id != account_id:
            continue
        session = AwsSession(identity.target)
        try:
            if who_am_i(session).kind.is_root:
                return [key.key_id for key in list_root_access_keys(session) if key.key_id]
        except RootkeeperError:
            continue  # its own key may be gone already
    return []


def _delete_root_keys(runner: Any, facts: Mapping[str, Any]) -> str | None:
    from rootkeeper.ceremonies.root_keys import REHEARSAL_CONSOLE_NOTE, delete_root_keys_in_rehearsal_console

    key_ids = _rehearsal_root_key_ids(runner.environment, str(facts["account_id"]))
    delete_root_keys_in_rehearsal_console(runner.environment.console, facts, key_ids)
    return REHEARSAL_CONSOLE_NOTE


def _change_root_password(runner: Any, facts: Mapping[str, Any]) -> str | None:
    from rootkeeper.ceremonies.root_password import REHEARSAL_CONSOLE_NOTE, change_password_in_rehearsal_console

    change_password_in_rehearsal_console(runner.environment.console, facts, runner.ceremony.secrets)
    return REHEARSAL_CONSOLE_NOTE


def _sign_in_as_root(runner: Any, facts: Mapping[str, Any]) -> str | None:
    from rootkeeper.ceremonies.root_password import REHEARSAL_CONSOLE_NOTE, sign_in_in_rehearsal_console

    sign_in_in_rehearsal_console(runner.environment.console, facts, runner.ceremony.secrets)
    return REHEARSAL_CONSOLE_NOTE


REHEARSAL_CONSOLE_ACTIONS: dict[str, ConsoleAction] = {
    root_keys_runbook.DELETE_IN_CONSOLE: _delete_root_keys,
    password_runbook.CHANGE_IN_CONSOLE: _change_root_password,
    password_runbook.SIGN_IN_WITH_NEW: _sign_in_as_root,
}
