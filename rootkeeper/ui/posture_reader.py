"""The UI's window on the account: who we are there, and its root posture.

The app receives a PostureReader so that tests and screenshots can inject a fake one.
The real one imports aws/ (boto3) inside its methods, which only ever run in thread
workers after the first frame: importing this module costs nothing.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Callable, Protocol

from rootkeeper.core.environment import AwsTarget, Environment
from rootkeeper.core.identity import Identity
from rootkeeper.core.posture import RootPosture

if TYPE_CHECKING:
    from rootkeeper.aws.session import AwsSession

Progress = Callable[[str], None]


class PostureReader(Protocol):
    def identify(self, environment: Environment) -> Identity:
        """Who the environment's credentials are. Raises RootkeeperError (e.g. no credentials)."""

    def read(self, environment: Environment, identity: Identity, *, now: datetime,
             progress: Progress) -> RootPosture:
        """The account's root posture; ``progress`` is called from worker threads."""


class AwsPostureReader:
    """Reads through aws/, one AwsSession per target (clients are slow to create)."""

    def __init__(self) -> None:
        self._sessions: dict[AwsTarget, AwsSession] = {}
        self._lock = threading.Lock()

    def _session(self, environment: Environment) -> AwsSession:
        from rootkeeper.aws.session import AwsSession

        with self._lock:
            session = self._sessions.get(environment.target)
            if session is None:
                session = self._sessions[environment.target] = AwsSession(environment.target)
            return session

    def identify(self, environment: Environment) -> Identity:
        from rootkeeper.aws.identity import who_am_i

        return who_am_i(self._session(environment))

    def read(self, environment: Environment, identity: Identity, *, now: datetime,
             progress: Progress) -> RootPosture:
        from rootkeeper.aws.posture import read_root_posture
        from rootkeeper.journal.root_use import journal_root_use

        posture = read_root_posture(self._session(environment), now=now, progress=progress, identity=identity)
        # What the app itself did as root (its journal): the credential report forgets the
        # last use of deleted keys, the journal does not.
        progress("Reading this app's journal for root sessions")
        return replace(posture, journal_root_use=journal_root_use(identity.account_id,
                                                                  rehearsal=environment.rehearsal))
