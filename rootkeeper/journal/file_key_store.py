"""The KeyStore over the encrypted keyring file: the same entries, under the same services, as
the OS keyring holds (keys.py, witness_keys.py), so that moving between the two (migrate.py)
keeps every key as it is."""

from __future__ import annotations

from pathlib import Path

from rootkeeper.journal.keyring_choice import shared_keyring_file
from rootkeeper.journal.keyring_file import DESCRIPTION
from rootkeeper.journal.keys import KeyStorage
from rootkeeper.journal.passphrase import unlock


class EncryptedFileKeyStore:
    storage = KeyStorage.ENCRYPTED_FILE

    def __init__(self, service: str, path: Path | None = None) -> None:
        self.service = service
        self.file = shared_keyring_file(path)

    def __repr__(self) -> str:
        return f"EncryptedFileKeyStore({self.service!r}, {str(self.file.path)!r})"  # never the values

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def anchor_name(self) -> str:
        missing = "" if self.file.exists() else ", which does not exist"
        return f"the encrypted keyring file {self.file.path}{missing}"

    @property
    def holder(self) -> str:
        """What `status` and `audit verify` say holds the key."""
        return f"encrypted file {self.file.path} ({DESCRIPTION})"

    def get(self, name: str) -> str | None:
        if not self.file.exists() and not self.file.unlocked:
            return None  # nothing kept yet: no passphrase to ask for
        unlock(self.file, create=False)
        return self.file.get(self.service, name)

    def put(self, name: str, value: str) -> None:
        unlock(self.file, create=True)
        self.file.put(self.service, name, value)

    def delete(self, name: str) -> bool:
        if not self.file.exists():
            return False
        unlock(self.file, create=False)
        return self.file.delete(self.service, name)
