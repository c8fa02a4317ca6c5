"""Where the journal's signing key and its head live: the OS keyring, never a file.

Keyring entries, under a service of rootkeeper's own (a separate one for rehearsal, so a
rehearsal never touches the real entries), one key per journal:

  key:<fingerprint>      the Ed25519 private key (base64 of its 32 raw bytes)
  head:<fingerprint>     "<seq>:<line hash>" of the last entry appended
  journal:<path>         the fingerprint of the journal created at that path

A rehearsal on a machine without a usable keyring keeps its key in memory instead
(``MemoryKeyStore``), and says so on screen and in the export.
"""

from __future__ import annotations

import base64
import threading
from dataclasses import dataclass
from typing import Protocol

import keyring
import keyring.errors
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from rootkeeper.journal.errors import KeyringUnavailableError
from rootkeeper.journal.format import key_fingerprint

SERVICE = "rootkeeper-journal"
REHEARSAL_SERVICE = "rootkeeper-journal-rehearsal"

NO_KEYRING_HINT = ("Unlock your keyring, or install and start a Secret Service (e.g. gnome-keyring or KeePassXC) "
                   "on Linux, or choose a backend with the PYTHON_KEYRING_BACKEND environment variable. "
                   "`rootkeeper rehearse` still works without one.")


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
    in_memory: bool

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
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False
    return True


class KeyringKeyStore:
    """The OS keyring, through ``keyring``."""

    in_memory = False

    def __init__(self, service: str) -> None:
        if not keyring_usable():
            raise KeyringUnavailableError("rootkeeper found no usable OS keyring, and will not write audit "
                                          "entries it cannot sign with a key kept there.", hint=NO_KEYRING_HINT)
        self.service = service

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


class MemoryKeyStore:
    """For rehearsal without a keyring: the key lives as long as this process."""

    in_memory = True

    def __init__(self) -> None:
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> str | None:
        with self._lock:
            return self._values.get(name)

    def put(self, name: str, value: str) -> None:
        with self._lock:
            self._values[name] = value


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


# One store per service for the life of the process, so the in-memory rehearsal key survives
# every Journal.open of the same run.
_MEMORY_STORES: dict[str, MemoryKeyStore] = {}


def store_for(*, rehearsal: bool) -> KeyStore:
    service = REHEARSAL_SERVICE if rehearsal else SERVICE
    if keyring_usable() or not rehearsal:
        return KeyringKeyStore(service)
    return _MEMORY_STORES.setdefault(service, MemoryKeyStore())
