"""Which keyring holds real work's keys: the OS keyring, or the encrypted keyring file.

The file is used only when the operator chose it, by one of (first found wins):

  --keyring file|os                        the command-line option (``select``)
  ROOTKEEPER_KEYRING=file|os               the setting, for a shell profile
  PYTHON_KEYRING_BACKEND=rootkeeper.journal.keyring_backend.EncryptedFileKeyring
                                           keyring's own standard variable

Without a choice rootkeeper uses the OS keyring, and without one refuses real work, naming
these options. Rehearsal is not affected: it never touches the real keyring file.
"""

from __future__ import annotations

import enum
import os
import threading
from pathlib import Path

from rootkeeper.core.datadir import data_dir
from rootkeeper.core.errors import ValidationError

BACKEND_PATH = "rootkeeper.journal.keyring_backend.EncryptedFileKeyring"
KEYRING_FILE = "keyring.enc"
FILE_HINT = ("On a machine without one (a bastion, a container), keep the keys in an encrypted file behind a "
             "passphrase: add `--keyring file` (or set ROOTKEEPER_KEYRING=file).")


class KeyringChoice(str, enum.Enum):
    AUTO = "auto"  # the OS keyring, refusing real work without one
    OS = "os"
    FILE = "file"


_selected: KeyringChoice | None = None
_files: dict[Path, object] = {}
_files_lock = threading.Lock()


def select(choice: str | KeyringChoice | None) -> None:
    """The command line's --keyring, for this process (None forgets it)."""
    global _selected
    _selected = KeyringChoice(choice) if choice is not None else None


def current() -> KeyringChoice:
    if _selected is not None:
        return _selected
    setting = os.environ.get("ROOTKEEPER_KEYRING", "").strip().lower()
    if setting:
        if setting not in ("os", "file"):
            raise ValidationError(f"ROOTKEEPER_KEYRING={setting!r}: say `file` or `os`.")
        return KeyringChoice(setting)
    if os.environ.get("PYTHON_KEYRING_BACKEND", "").strip() == BACKEND_PATH:
        return KeyringChoice.FILE
    return KeyringChoice.AUTO


def is_file_backend(backend: object) -> bool:
    """True for the keyring backend class that fronts the encrypted file (never an OS keyring)."""
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}" == BACKEND_PATH


def keyring_file_path() -> Path:
    override = os.environ.get("ROOTKEEPER_KEYRING_FILE")
    return Path(override).expanduser().absolute() if override else data_dir(rehearsal=False) / KEYRING_FILE


def shared_keyring_file(path: Path | None = None):  # -> EncryptedKeyringFile
    """One EncryptedKeyringFile per path in this process, so that the passphrase is asked once."""
    from rootkeeper.journal.keyring_file import EncryptedKeyringFile

    path = Path(path or keyring_file_path()).expanduser().absolute()
    with _files_lock:
        if path not in _files:
            _files[path] = EncryptedKeyringFile(path)
        return _files[path]


def forget_unlocked_files() -> None:
    """Lock and forget every keyring file this process opened (tests; the end of a session)."""
    with _files_lock:
        for file in _files.values():
            file.lock()
        _files.clear()


def os_keyring_name() -> str:
    """The OS keyring backend in use, as `status` and `audit verify` name it."""
    import keyring

    backend = keyring.get_keyring()
    parts = getattr(backend, "backends", None) or [backend]
    return ", ".join(type(part).__name__ if type(part).__name__ != "Keyring" else
                     f"{type(part).__module__.rsplit('.', 1)[-1]}" for part in parts)
