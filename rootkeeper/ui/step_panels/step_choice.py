"""The message by which a panel takes another path instead of running its step (see choices.py)."""

from __future__ import annotations

from typing import Any, Callable

from textual.message import Message


class StepChoice(Message):
    """``choose(ceremony)`` runs in the worker thread; the screen then skips what no longer
    applies and shows the step the ceremony is at."""

    def __init__(self, choose: Callable[[Any], Any], busy_text: str) -> None:
        super().__init__()
        self.choose = choose
        self.busy_text = busy_text
