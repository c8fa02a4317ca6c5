"""The encrypted keyring file as a `keyring` backend, for keyring's standard variable:

  PYTHON_KEYRING_BACKEND=rootkeeper.journal.keyring_backend.EncryptedFileKeyring

rootkeeper itself reads that variable and uses the file directly (keyring_choice.py); this class
makes the same choice work for anything else that asks `keyring`, and the `keyring` command
line. It is never chosen silently: its priority refuses unless that variable names it.
"""

from __future__ import annotations

import os

from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from rootkeeper.journal.keyring_choice import BACKEND_PATH, shared_keyring_file
from rootkeeper.journal.passphrase import unlock


class EncryptedFileKeyring(KeyringBackend):
    """rootkeeper's encrypted keyring file (scrypt + AES-256-GCM), behind a passphrase."""

    @classmethod
    def _explicitly_chosen(cls) -> bool:
        return os.environ.get("PYTHON_KEYRING_BACKEND", "").strip() == BACKEND_PATH

    @properties.classproperty
    def priority(cls) -> float:
        if not cls._explicitly_chosen():
            raise RuntimeError("rootkeeper's encrypted file keyring is used only when chosen explicitly")
        return 1

    def get_password(self, service: str, username: str) -> str | None:
        file = shared_keyring_file()
        if not file.exists():
            return None
        unlock(file, create=False)
        return file.get(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        file = shared_keyring_file()
        unlock(file, create=True)
        file.put(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        file = shared_keyring_file()
        if not file.exists():
            raise PasswordDeleteError("no such entry")
        unlock(file, create=False)
        if not file.delete(service, username):
            raise PasswordDeleteError("no such entry")
