"""Messages that cross screens: posted by one screen, handled by the app (or a later screen)."""

from __future__ import annotations

from textual.message import Message


class RunbookRequested(Message):
    """The operator asked for the runbook that fixes a control (e.g. "root-mfa")."""

    def __init__(self, runbook_id: str) -> None:
        super().__init__()
        self.runbook_id = runbook_id


class EnvironmentOpened(Message):
    """The environment factory returned (the rehearsal world is running)."""

    def __init__(self, environment: object) -> None:
        super().__init__()
        self.environment = environment


class IdentityKnown(Message):
    """GetCallerIdentity answered: the header can say who we are."""

    def __init__(self, identity: object) -> None:
        super().__init__()
        self.identity = identity
