"""What a journal is checked against: the key and the head kept in this machine's
keyring, or a public key and head the auditor brings (--public-key, --expected-head)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from rootkeeper.core.datadir import data_dir
from rootkeeper.journal.errors import JournalError, KeyringUnavailableError
from rootkeeper.journal.keys import (Head, KeyStore, RehearsalFileKeyStore, load_head, load_signing_key,
                                     raw_public_bytes, rehearsal_key_note, store_for)
from rootkeeper.journal.store import read_first_line


@dataclass(frozen=True)
class Anchor:
    public_key: Ed25519PublicKey | None  # None: nothing trusted to check against
    head: Head | None
    source: str  # said in reports: what the key was checked against
    warning: str | None = None  # why the keyring could not help, in plain words
    key_note: str | None = None  # said beside every report: a practice key kept in a rehearsal key file
    holder: str | None = None  # which keyring held the key checked against, e.g. "OS keyring (SecretService)"


def default_journal_path(*, rehearsal: bool) -> Path:
    return data_dir(rehearsal=rehearsal) / "journal.jsonl"


def load_public_key_pem(path: Path) -> Ed25519PublicKey:
    try:
        key = load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError) as error:
        raise JournalError(f"Could not read a public key from {path}: {error}.",
                           hint="Give the key.pem of an export (a SubjectPublicKeyInfo PEM).") from error
    if not isinstance(key, Ed25519PublicKey):
        raise JournalError(f"{path} holds a {type(key).__name__}, not an Ed25519 public key.")
    return key


def genesis_fields(path: Path) -> dict:
    """The genesis entry as written (untrusted), or {} when there is none to read."""
    first = read_first_line(path)
    try:
        return json.loads(first) if first else {}
    except ValueError:
        return {}


def _keyring_key(keys: KeyStore, path: Path) -> tuple[Ed25519PublicKey | None, Head | None]:
    fingerprint = keys.get(f"journal:{path.absolute()}") or genesis_fields(path).get("key")
    if not isinstance(fingerprint, str):
        return None, None
    private = load_signing_key(keys, fingerprint)
    if private is None:
        return None, None
    return private.public_key(), load_head(keys, fingerprint)


def find_anchor(path: Path, *, rehearsal: bool, public_key_file: Path | None = None,
                expected_head: Head | None = None) -> Anchor:
    keys, warning = None, None
    try:
        keys = store_for(rehearsal=rehearsal)
    except KeyringUnavailableError as error:
        warning = str(error)
    keyring_key, keyring_head = _keyring_key(keys, path) if keys is not None else (None, None)
    note = rehearsal_key_note(keys.path) if isinstance(keys, RehearsalFileKeyStore) and keyring_key else None
    holder = keys.holder if keys is not None and keyring_key is not None else None
    if public_key_file is not None:
        key = load_public_key_pem(public_key_file)
        head = expected_head or (keyring_head if keyring_key and _same(keyring_key, key) else None)
        return Anchor(key, head, f"the public key in {public_key_file}", warning, note, holder)
    if keys is not None and keyring_key is not None:
        return Anchor(keyring_key, expected_head or keyring_head, keys.anchor_name, warning, note, holder)
    if warning is None and keys is not None:
        warning = f"{keys.anchor_name[0].upper()}{keys.anchor_name[1:]} holds no key for this journal."
    return Anchor(None, expected_head, "nothing", warning)


def _same(a: Ed25519PublicKey, b: Ed25519PublicKey) -> bool:
    return raw_public_bytes(a) == raw_public_bytes(b)


def genesis_public_key(path: Path) -> Ed25519PublicKey | None:
    """The key the genesis entry claims (for export when nothing better is known)."""
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(genesis_fields(path)["body"]["public_key"]))
    except (KeyError, TypeError, ValueError):
        return None
