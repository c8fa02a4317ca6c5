"""The message a panel posts to have the ceremony screen's worker run one page of a
rehearsal console dialogue (the root MFA assignment: rehearsal/console_plays.py). Steps
played in one go need no message: their panel submits the play with the step."""

from __future__ import annotations

from typing import Any, Callable

from textual.message import Message



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
