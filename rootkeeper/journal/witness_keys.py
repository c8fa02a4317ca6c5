"""A witness's own Ed25519 key, held in the witness's OS keyring (never in a file), and the
simulated witness keys of the rehearsal world.

Keyring entries, under a service of their own ("rootkeeper-witness"; a separate one for
rehearsal):

  witness-key     the Ed25519 private key (base64 of its 32 raw bytes)
  witness-name    the name it was enrolled under

As for the journal key (keys.py), real work refuses without a usable OS keyring, and a
rehearsal on a machine without one keeps the entries in a practice file of the rehearsal
data directory. The rehearsal world's custodians sign with SIMULATED keys, made on demand
in another practice file there and never in any keyring, so that the TUI can offer
"Sign as <name> (simulated)".
"""

from __future__ import annotations

import base64
import getpass
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from rootkeeper.core.datadir import data_dir
from rootkeeper.journal.cosign import WitnessError, parse_challenge
from rootkeeper.journal.errors import KeyringUnavailableError
from rootkeeper.journal.format import b64, key_fingerprint
from rootkeeper.journal.keys import (NO_KEYRING_HINT, KeyringKeyStore, KeyStore, RehearsalFileKeyStore, keyring_usable,
                                     raw_public_bytes, store_for)

SERVICE = "rootkeeper-witness"
REHEARSAL_SERVICE = "rootkeeper-witness-rehearsal"
REHEARSAL_KEY_FILE = "rehearsal-witness-keyring.json"  # this machine's witness key, rehearsal without a keyring
SIMULATED_KEY_FILE = "rehearsal-simulated-witnesses.json"  # the rehearsal world's custodians' keys
_KEY, _NAME = "witness-key", "witness-name"


@dataclass(frozen=True)
class WitnessKey:
    """The public half of a witness key, as the roster records it."""

    name: str
    public_key: str  # base64 of the 32 raw bytes
    fingerprint: str  # hex SHA-256 of the raw bytes

    @classmethod
    def of(cls, name: str, private: Ed25519PrivateKey) -> "WitnessKey":
        raw = raw_public_bytes(private.public_key())
        return cls(name, b64(raw), key_fingerprint(raw))


def witness_store(*, rehearsal: bool) -> KeyStore:
    """The OS keyring, or the encrypted keyring file when the operator chose it; for a rehearsal
    on a machine without an OS keyring, a practice key file. Raises KeyringUnavailableError for
    real work with neither."""
    if rehearsal:
        if keyring_usable():
            return KeyringKeyStore(REHEARSAL_SERVICE)
        return RehearsalFileKeyStore(data_dir(rehearsal=True) / REHEARSAL_KEY_FILE, rehearsal=True)
    try:
        return store_for(rehearsal=False, service=SERVICE)
    except KeyringUnavailableError as error:
        raise KeyringUnavailableError("rootkeeper found no usable OS keyring to hold your witness key, and never "
                                      "keeps a real one in a file in the clear.",
                                      hint=NO_KEYRING_HINT.replace("`rootkeeper rehearse` still works without one.",
                                                                   "`--rehearse` makes a practice key without "
                                                                   "one.")) from error


def _private_bytes(private: Ed25519PrivateKey) -> str:
    return b64(private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))


def _load(store: KeyStore, name_entry: str, key_entry: str) -> tuple[str, Ed25519PrivateKey] | None:
    stored = store.get(key_entry)
    if not stored:
        return None
    return store.get(name_entry) or "", Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))


def enrolled_key(store: KeyStore) -> WitnessKey | None:
    found = _load(store, _NAME, _KEY)
    return WitnessKey.of(*found) if found else None


def enroll(store: KeyStore, name: str | None = None, *, replace: bool = False) -> tuple[WitnessKey, bool]:
    """This machine's witness key, created when there is none (or ``replace``): (key, created)."""
    existing = enrolled_key(store)
    if existing is not None and not replace:
        return existing, False
    name = (name or "").strip() or getpass.getuser()
    private = Ed25519PrivateKey.generate()
    store.put(_KEY, _private_bytes(private))
    store.put(_NAME, name)
    return WitnessKey.of(name, private), True


def sign(store: KeyStore, challenge: str) -> tuple[str, WitnessKey]:
    """(base64 signature over the challenge's UTF-8 bytes, the key that made it)."""
    text = str(parse_challenge(challenge))  # a malformed challenge is refused before the key is read
    found = _load(store, _NAME, _KEY)
    if found is None:
        raise WitnessError("No witness key is enrolled on this machine.",
                           hint="Run `rootkeeper witness enroll` first, and have the roster record its public key.")
    name, private = found
    return b64(private.sign(text.encode("utf-8"))), WitnessKey.of(name, private)


# ---- the rehearsal world's simulated witnesses ------------------------------------------

def simulated_key_file() -> Path:
    return data_dir(rehearsal=True) / SIMULATED_KEY_FILE


def _simulated_private(name: str, path: Path | None) -> Ed25519PrivateKey:
    store = RehearsalFileKeyStore(path or simulated_key_file(), rehearsal=True)  # refuses real work itself
    entry = f"simulated-witness-key:{name}"
    stored = store.get(entry)
    if stored:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))
    private = Ed25519PrivateKey.generate()
    store.put(entry, _private_bytes(private))
    return private


def simulated_witness_key(name: str, *, path: Path | None = None) -> WitnessKey:
    """The rehearsal custodian ``name``'s simulated witness key, created on first use in the
    rehearsal data directory's practice file (never a keyring): what to enroll on the roster."""
    return WitnessKey.of(name, _simulated_private(name, path))


def simulated_signature(name: str, challenge: str, *, path: Path | None = None) -> str:
    """``name`` signing ``challenge`` with their simulated key, as `witness sign` would (base64)."""
    text = str(parse_challenge(challenge))
    return b64(_simulated_private(name, path).sign(text.encode("utf-8")))
