"""Moving real work's keys between the OS keyring and the encrypted keyring file, keeping the
SAME keys: the journal key, its head, the journal's registration and the witness key are
copied, read back, the move is journaled (signed by that same key, so the chain goes on), and
only then are the entries removed from where they were.

Nothing is written when the target is unavailable, when the source holds nothing to move, or
when the target already holds a different key under the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rootkeeper.journal import witness_keys
from rootkeeper.journal.anchors import genesis_fields
from rootkeeper.journal.errors import JournalError, KeyringUnavailableError
from rootkeeper.journal.keyring_choice import FILE_HINT, KeyringChoice
from rootkeeper.journal.keys import (
    NO_KEYRING_HINT,
    SERVICE,
    KeyringKeyStore,
    KeyStore,
    keyring_usable,
)


@dataclass(frozen=True)
class Migration:
    source: str  # the holders, as status says them
    target: str
    fingerprint: str | None  # the journal key's
    witness_fingerprint: str | None
    seq: int | None  # the journal entry that records the move


def _stores(to: KeyringChoice, keyring_file: Path | None) -> tuple[dict[str, KeyStore], dict[str, KeyStore]]:
    from rootkeeper.journal.file_key_store import EncryptedFileKeyStore

    if not keyring_usable():
        side = "to" if to is KeyringChoice.OS else "from"
        raise KeyringUnavailableError(f"There is no usable OS keyring on this machine to move the keys {side}; "
                                      "nothing was moved.", hint=NO_KEYRING_HINT if side == "to" else FILE_HINT)
    os_side = {SERVICE: KeyringKeyStore(SERVICE), witness_keys.SERVICE: KeyringKeyStore(witness_keys.SERVICE)}
    file_side = {service: EncryptedFileKeyStore(service, keyring_file) for service in os_side}
    return (file_side, os_side) if to is KeyringChoice.OS else (os_side, file_side)


def _entries(source: dict[str, KeyStore], journal_path: Path) -> tuple[dict[tuple[str, str], str], str | None]:
    """What to move, {(service, name): value}, and the journal key's fingerprint."""
    journal_keys, found = source[SERVICE], {}
    registration = f"journal:{journal_path}"
    fingerprint = journal_keys.get(registration) or genesis_fields(journal_path).get("key")
    if isinstance(fingerprint, str) and journal_keys.get(f"key:{fingerprint}"):
        for name in (f"key:{fingerprint}", registration, f"head:{fingerprint}"):
            value = journal_keys.get(name) if name != registration else fingerprint
            if value:
                found[(SERVICE, name)] = value
    else:
        fingerprint = None
    for name in ("witness-key", "witness-name"):
        value = source[witness_keys.SERVICE].get(name)
        if value:
            found[(witness_keys.SERVICE, name)] = value
    return found, fingerprint


def migrate_keys(to: KeyringChoice, *, journal_path: Path, keyring_file: Path | None = None) -> Migration:
    from rootkeeper.journal.journal import Journal

    if to not in (KeyringChoice.OS, KeyringChoice.FILE):
        raise JournalError(f"Keys move to `os` or `file`, not {to.value!r}.")
    journal_path = Path(journal_path).expanduser().absolute()
    source, target = _stores(to, keyring_file)
    moving, fingerprint = _entries(source, journal_path)
    source_name, target_name = source[SERVICE].holder, target[SERVICE].holder
    if not moving:
        raise JournalError(f"The {source_name} holds no rootkeeper key to move: nothing was moved.",
                           hint="Check --keyring and ROOTKEEPER_HOME: the keys may already be where you want them.")
    for (service, name), value in moving.items():  # refuse before writing anything
        present = target[service].get(name)
        if name.startswith(("key:", "witness-key", "journal:")) and present and present != value:
            raise JournalError(f"The {target_name} already holds a different {name.split(':')[0]} under the same "
                               "name: nothing was moved.", hint="Move that one aside first; rootkeeper keeps both.")
    for (service, name), value in sorted(moving.items(), key=lambda item: item[0][1].startswith("head:")):
        target[service].put(name, value)  # the head last: a crash leaves it behind, never ahead
    if any(target[service].get(name) != value for (service, name), value in moving.items()):
        raise JournalError(f"The keys read back from the {target_name} differ from those written; the "
                           f"{source_name} still holds them.", hint="Nothing was removed; try again.")
    witness = moving.get((witness_keys.SERVICE, "witness-key"))
    witness_fingerprint = witness_keys.enrolled_key(target[witness_keys.SERVICE]).fingerprint if witness else None
    seq = None
    if fingerprint is not None:
        journal = Journal.open(rehearsal=False, path=journal_path, keys=target[SERVICE])
        body = {"text": f"journal key moved from the {source_name} to the {target_name}, unchanged",
                "event": "keyring-migrated", "from": source[SERVICE].storage.value,
                "to": target[SERVICE].storage.value, "from_holder": source_name, "to_holder": target_name,
                "key": fingerprint, "witness_key": witness_fingerprint}
        seq = journal.append("note", body).seq
    for service, name in moving:
        source[service].delete(name)
    return Migration(source_name, target_name, fingerprint, witness_fingerprint, seq)
