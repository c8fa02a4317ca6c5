"""Where the journal's signing key and its head live: the OS keyring.

Keyring entries, under a service of rootkeeper's own (a separate one for rehearsal, so a
rehearsal never touches the real entries), one key per journal:

  key:<fingerprint>      the Ed25519 private key (base64 of its 32 raw bytes)
  head:<fingerprint>     "<seq>:<line hash>" of the last entry appended
  journal:<path>         the fingerprint of the journal created at that path

Real work refuses to journal without a usable OS keyring. A REHEARSAL on such a machine (a
headless server, CI) keeps the same entries in a practice key file of the rehearsal data
directory (``RehearsalFileKeyStore``), so that several runs share one chain that verifies;
the screen, `audit show|verify` and the export all say that such a journal is practice,
not evidence.
"""

from __future__ import annotations

import base64
import enum
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import keyring
import keyring.errors
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from rootkeeper.core.datadir import data_dir
from rootkeeper.journal import store as disk
from rootkeeper.journal.errors import JournalError, KeyringUnavailableError
from rootkeeper.journal.format import key_fingerprint

SERVICE = "rootkeeper-journal"
REHEARSAL_SERVICE = "rootkeeper-journal-rehearsal"

NO_KEYRING_HINT = ("Unlock your keyring, or install and start a Secret Service (e.g. gnome-keyring or KeePassXC) "
                   "on Linux, or choose a backend with the PYTHON_KEYRING_BACKEND environment variable. "
                   "Without one (a bastion, a container), `--keyring file` keeps the keys in an encrypted file "
                   "behind a passphrase (or set ROOTKEEPER_KEYRING=file). "
                   "`rootkeeper rehearse` still works without one.")
REHEARSAL_KEY_FILE = "rehearsal-keyring.json"
_KEY_FILE_FORMAT = "rootkeeper-rehearsal-keyring/1"


class KeyStorage(str, enum.Enum):
    """Where a journal's key and head are kept; recorded in the genesis entry."""

    OS_KEYRING = "os-keyring"
    REHEARSAL_FILE = "rehearsal-file"
    ENCRYPTED_FILE = "encrypted-file"  # real work: the encrypted keyring file (file_key_store.py)


def rehearsal_key_file() -> Path:
    return data_dir(rehearsal=True) / REHEARSAL_KEY_FILE


def rehearsal_key_note(location: Path | str) -> str:
    """The one sentence every view of a file-keyed rehearsal journal shows."""
    return (f"rehearsal journal: this machine has no OS keyring, so its practice key is kept in {location} "
            "— a rehearsal journal is practice, not evidence")


def raw_public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> "Head":
        seq, _, digest = text.strip().partition(":")
        if not seq.isdigit() or len(digest) != 64:
            raise ValueError(f"not a journal head (SEQ:HASH): {text!r}")
        return cls(int(seq), digest.lower())


class KeyStore(Protocol):
    storage: KeyStorage
    anchor_name: str  # what verify says the key was checked against
    holder: str  # what status and verify say holds the key

    def get(self, name: str) -> str | None: ...

    def put(self, name: str, value: str) -> None: ...


def keyring_usable() -> bool:
    """False on a machine whose keyring is the fail backend, or a chainer with no backend."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is as good as none  # noqa: BLE001
        return False
    from keyring.backends import chainer, fail, null

    if isinstance(backend, (fail.Keyring, null.Keyring)):  # null would silently forget the key
        return False
    from rootkeeper.journal.keyring_choice import is_file_backend

    if is_file_backend(backend):  # the encrypted file is not an OS keyring: store_for uses it directly
        return False
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False
    return True


class KeyringKeyStore:
    """The OS keyring, through ``keyring``."""

    storage = KeyStorage.OS_KEYRING
    anchor_name = "this machine's keyring"

    def __init__(self, service: str) -> None:
        if not keyring_usable():
            raise KeyringUnavailableError("rootkeeper found no usable OS keyring, and will not write audit "
                                          "entries it cannot sign with a key kept there.", hint=NO_KEYRING_HINT)
        self.service = service

    @property
    def holder(self) -> str:
        """What `status` and `audit verify` say holds the key."""
        from rootkeeper.journal.keyring_choice import os_keyring_name

        return f"OS keyring ({os_keyring_name()})"

    def get(self, name: str) -> str | None:
        try:
            return keyring.get_password(self.service, name)
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailableError(f"The OS keyring could not be read ({error}).", hint=NO_KEYRING_HINT) from error

    def put(self, name: str, value: str) -> None:
        try:
            keyring.set_password(self.service, name, value)
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailableError(f"The OS keyring could not be written ({error}).",
                                          hint=NO_KEYRING_HINT) from error

    def delete(self, name: str) -> bool:
        try:
            keyring.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailableError(f"The OS keyring could not be written ({error}).",
                                          hint=NO_KEYRING_HINT) from error
        return True


class RehearsalFileKeyStore:
    """For REHEARSAL on a machine without a usable OS keyring: the keyring entries in a
    0600 JSON file of the rehearsal data directory. Never for real journals."""

    storage = KeyStorage.REHEARSAL_FILE

    def __init__(self, path: Path, *, rehearsal: bool) -> None:
        if not rehearsal:  # an explicit check, not an assert: it must hold under python -O too
            raise KeyringUnavailableError("A key file is for rehearsal journals only; real work keeps its "
                                          "key in the OS keyring.", hint=NO_KEYRING_HINT)
        self.path = Path(path).absolute()
        self.anchor_name = f"the rehearsal key file {self.path}"
        self._lock = threading.Lock()  # threads of one process queue here, processes on the flock

    def __repr__(self) -> str:
        return f"RehearsalFileKeyStore({str(self.path)!r})"  # never the values

    @property
    def holder(self) -> str:
        return f"rehearsal key file {self.path} (practice, not evidence)"

    def get(self, name: str) -> str | None:
        # os.replace makes every reader see a whole file, old or new: no lock needed to read.
        return self._read().get(name)

    def put(self, name: str, value: str) -> None:
        with self._lock, disk.locked(self.path):  # read-modify-write, one process at a time
            values = self._read()
            values[name] = value
            self._write(values)

    def _read(self) -> dict[str, str]:
        try:
            document = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise JournalError(f"The rehearsal key file {self.path} cannot be read ({error}).",
                               hint="Move it and the rehearsal journal beside it aside; the next rehearsal "
                                    "starts a new practice journal.") from error
        if not isinstance(document, dict) or document.get("format") != _KEY_FILE_FORMAT \
                or not isinstance(document.get("entries"), dict):
            raise JournalError(f"{self.path} is not a rootkeeper rehearsal key file.",
                               hint="Move it aside; the next rehearsal starts a new practice journal.")
        return {str(k): str(v) for k, v in document["entries"].items()}

    def _write(self, values: dict[str, str]) -> None:
        document = {"format": _KEY_FILE_FORMAT, "service": REHEARSAL_SERVICE, "entries": values,
                    "note": "practice keys of rootkeeper rehearsal journals; never used for real work"}
        disk.replace_whole(self.path, json.dumps(document, sort_keys=True, indent=1).encode("utf-8") + b"\n")


def new_signing_key(store: KeyStore) -> tuple[Ed25519PrivateKey, str]:
    """Create a private key, keep it in ``store``, return it and its fingerprint."""
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    fingerprint = key_fingerprint(raw_public_bytes(private.public_key()))
    store.put(f"key:{fingerprint}", base64.b64encode(raw).decode("ascii"))
    return private, fingerprint


def load_signing_key(store: KeyStore, fingerprint: str) -> Ed25519PrivateKey | None:
    stored = store.get(f"key:{fingerprint}")
    if not stored:
        return None
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))


def load_head(store: KeyStore, fingerprint: str) -> Head | None:
    stored = store.get(f"head:{fingerprint}")
    return Head.parse(stored) if stored else None


def save_head(store: KeyStore, fingerprint: str, head: Head) -> None:
    store.put(f"head:{fingerprint}", str(head))


def store_for(*, rehearsal: bool, service: str | None = None) -> KeyStore:
    """Real work: the encrypted keyring file when the operator chose it (keyring_choice.py),
    else the OS keyring. A rehearsal: the OS keyring, or without one the rehearsal key file.
    Raises KeyringUnavailableError for real work with neither."""
    from rootkeeper.journal.keyring_choice import FILE_HINT, KeyringChoice, current

    if rehearsal:
        if keyring_usable():
            return KeyringKeyStore(service or REHEARSAL_SERVICE)
        return RehearsalFileKeyStore(rehearsal_key_file(), rehearsal=True)
    choice = current()
    if choice is KeyringChoice.FILE:
        from rootkeeper.journal.file_key_store import EncryptedFileKeyStore

        return EncryptedFileKeyStore(service or SERVICE)
    if choice is KeyringChoice.OS and not keyring_usable():
        raise KeyringUnavailableError("--keyring os was chosen, and this machine has no usable OS keyring.",
                                      hint=FILE_HINT)
    return KeyringKeyStore(service or SERVICE)
