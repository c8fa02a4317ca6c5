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

from rootkeeper.core.runbooks import root_keys as root_keys_runbook
from rootkeeper.core.runbooks import root_password as password_runbook
from rootkeeper.core.step_contract import ConsolePlay

# (runner, facts) -> what the console did (a ConsolePlay with what it saw before and after),
# or just the note journaled with the manual step. Runs in a worker thread.
ConsoleAction = Callable[[Any, Mapping[str, Any]], ConsolePlay | str | None]


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


def _root_key_step(runner: Any, facts: Mapping[str, Any]) -> ConsolePlay:
    """Both key steps: the simulator signs in as root with the password, as a person would,
    so that it sees the keys whatever their status (never with a root key, which may be
    inactive by now), and the play says what it changed."""
    from rootkeeper.ceremonies.root_keys import play_key_step_in_rehearsal_console

    return play_key_step_in_rehearsal_console(runner.environment.console, facts, runner.ceremony.current_step.id)


def _change_root_password(runner: Any, facts: Mapping[str, Any]) -> str | None:
    from rootkeeper.ceremonies.root_password import REHEARSAL_CONSOLE_NOTE, change_password_in_rehearsal_console

    change_password_in_rehearsal_console(runner.environment.console, facts, runner.ceremony.secrets)
    return REHEARSAL_CONSOLE_NOTE


def _sign_in_as_root(runner: Any, facts: Mapping[str, Any]) -> str | None:
    from rootkeeper.ceremonies.root_password import REHEARSAL_CONSOLE_NOTE, sign_in_in_rehearsal_console

    sign_in_in_rehearsal_console(runner.environment.console, facts, runner.ceremony.secrets)
    return REHEARSAL_CONSOLE_NOTE


REHEARSAL_CONSOLE_ACTIONS: dict[str, ConsoleAction] = {
    root_keys_runbook.DEACTIVATE_IN_CONSOLE: _root_key_step,
    root_keys_runbook.DELETE_IN_CONSOLE: _root_key_step,
    password_runbook.CHANGE_IN_CONSOLE: _change_root_password,
    password_runbook.SIGN_IN_WITH_NEW: _sign_in_as_root,
}
