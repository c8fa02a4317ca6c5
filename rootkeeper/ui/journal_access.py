"""The journal as the UI uses it: opened once, lazily, in a worker thread.

A machine without a keyring (KeyringUnavailableError) must not take the app down: ``record``
then returns a warning for the screen to show.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from rootkeeper.core.errors import RootkeeperError

JournalOpener = Callable[[bool], Any]  # rehearsal -> a Journal (anything with .append(kind, body))


def open_default_journal(rehearsal: bool) -> Any:
    from rootkeeper.journal import Journal

    return Journal.open(rehearsal=rehearsal)


class JournalAccess:
    def __init__(self, opener: JournalOpener = open_default_journal) -> None:
        self._opener = opener
        self._lock = threading.Lock()
        self._journals: dict[bool, Any] = {}

    def open(self, *, rehearsal: bool) -> Any:
        """The journal (the rehearsal one in rehearsal). Raises RootkeeperError when unavailable."""
        with self._lock:
            if rehearsal not in self._journals:
                self._journals[rehearsal] = self._opener(rehearsal)
            return self._journals[rehearsal]

    def record(self, kind: str, body: dict, *, rehearsal: bool) -> str | None:
        """Append one entry; None when recorded, else a one-line warning for the operator."""
        try:
            self.open(rehearsal=rehearsal).append(kind, body)
        except RootkeeperError as error:
            return f"Not recorded in the journal: {' '.join(str(error).split())}"
        return None
