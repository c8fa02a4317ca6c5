"""What the "Do it in the rehearsal console" button does, per manual step: the rehearsal
world's console simulator plays the operator's console steps, so that the check after
them verifies a real change. Only offered in rehearsal; never against AWS."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from rootkeeper.core.runbooks import mfa

# (runner, facts) -> the note journaled with the manual step. Runs in a worker thread.
ConsoleAction = Callable[[Any, Mapping[str, Any]], str | None]


def _assign_root_mfa(runner: Any, facts: Mapping[str, Any]) -> str | None:
    from rootkeeper.ceremonies.mfa import REHEARSAL_CONSOLE_NOTE, assign_root_mfa_in_rehearsal_console

    assign_root_mfa_in_rehearsal_console(runner.environment.console, facts)
    return REHEARSAL_CONSOLE_NOTE


REHEARSAL_CONSOLE_ACTIONS: dict[str, ConsoleAction] = {
    mfa.ASSIGN_IN_CONSOLE: _assign_root_mfa,
}
