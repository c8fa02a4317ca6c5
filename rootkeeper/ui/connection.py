"""The app's link to one account: the environment, made lazily in a worker, and who we are.

Thread-safe: workers call ``open()``/``identify()``; the app calls ``close()`` on exit, even
while a worker is still starting the rehearsal world (that world is then closed as soon
as it exists).
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Callable

from rootkeeper.core.environment import Environment
from rootkeeper.core.identity import Identity
from rootkeeper.ui.posture_reader import PostureReader


class ConnectionClosed(Exception):
    """The app closed the connection while a worker was still opening it."""


class Connection:
    def __init__(self, environment_factory: Callable[[], Environment], reader: PostureReader) -> None:
        self._factory = environment_factory
        self.reader = reader
        self._opening = threading.Lock()  # one factory call at a time
        self._state = threading.Lock()  # guards environment/_closed; never held across the factory
        self._closed = False
        self.environment: Environment | None = None
        self.identity: Identity | None = None

    def open(self) -> Environment:
        """The environment, made on first call (slow for the rehearsal world: moto)."""
        with self._opening:
            if self.environment is not None:
                return self.environment
            environment = self._factory()
            with self._state:
                if not self._closed:
                    self.environment = environment
                    return environment
            environment.close()  # the app quit while the world was starting
            raise ConnectionClosed()

    def identify(self) -> Identity:
        environment = self.open()
        if self.identity is None:
            self.identity = self.reader.identify(environment)
        return self.identity

    def switch_identity(self, name: str) -> bool:
        """In the rehearsal world, act as another identity of the scenario from now on (after
        a ceremony ended the session's own credentials, say). False where that is not possible:
        against real AWS rootkeeper never picks credentials for the operator."""
        with self._state:
            environment = self.environment
            if environment is None or not environment.rehearsal or name not in environment.identities:
                return False
            target = environment.identities[name].target
            if environment.target == target:
                return False
            self.environment = dataclasses.replace(environment, target=target)
            self.identity = None
            return True

    def close(self) -> None:
        with self._state:
            self._closed = True
            environment, self.environment = self.environment, None
        if environment is not None:
            environment.close()
