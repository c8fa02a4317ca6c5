"""The journal as rootkeeper writes it: open (creating the genesis entry and its key on
first use), append one signed entry per write, seal a torn tail, read, verify."""

from __future__ import annotations

import enum
import json
import threading
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rootkeeper.core.datadir import data_dir
from rootkeeper.journal import store as disk
from rootkeeper.journal.actor import Actor
from rootkeeper.journal.errors import JournalError
from rootkeeper.journal.format import (GENESIS_PREV, KINDS, Entry, b64, canonical, line_hash, rfc3339,
                                       signed_line, unsigned_entry)
from rootkeeper.journal.guard import check_body
from rootkeeper.journal.keys import (Head, KeyStorage, KeyStore, load_head, load_signing_key, new_signing_key,
                                     raw_public_bytes, RehearsalFileKeyStore, rehearsal_key_note, save_head, store_for)

Clock = Callable[[], datetime]
JOURNAL_FILE = "journal.jsonl"
STEP_KINDS = frozenset({"action", "manual", "check", "attest"})


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return rfc3339(value) if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)


def normal_body(body: Any) -> dict[str, Any]:
    """The body exactly as it will be stored: plain JSON, dates as RFC 3339 text."""
    if not isinstance(body, dict):
        raise JournalError(f"A journal entry body must be a mapping, not {type(body).__name__}.")
    try:
        return json.loads(json.dumps(body, default=_jsonable, ensure_ascii=False))
    except (TypeError, ValueError) as error:
        raise JournalError(f"This entry cannot be journaled: a value of type {error} is not JSON.",
                           hint="This is a rootkeeper bug; please report it.") from error


class Journal:
    """One journal file and its signing key. Safe to share between threads; several
    processes may append to the same file."""

    def __init__(self, path: Path, keys: KeyStore, signing_key: Ed25519PrivateKey, fingerprint: str,
                 clock: Clock, rehearsal: bool) -> None:
        self.path = path
        self.rehearsal = rehearsal
        self.fingerprint = fingerprint
        self._keys = keys
        self._signing_key = signing_key
        self._clock = clock
        self._forbidden: dict[str, int] = {}  # live secret -> how many times forbidden
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Journal(path={str(self.path)!r}, key={self.fingerprint[:16]}, rehearsal={self.rehearsal})"

    @property
    def key_storage(self) -> KeyStorage:
        """Where the key and head are kept: the OS keyring, or (rehearsal without a keyring) a file."""
        return self._keys.storage

    @property
    def key_holder(self) -> str:
        """Which keyring holds the key, e.g. "OS keyring (SecretService)" or "encrypted file …"."""
        return self._keys.holder

    @property
    def key_storage_note(self) -> str | None:
        """The sentence to show beside this journal, or None for a key in the OS keyring."""
        if isinstance(self._keys, RehearsalFileKeyStore):
            return rehearsal_key_note(self._keys.path)
        return None

    @property
    def public_key(self):  # -> Ed25519PublicKey
        return self._signing_key.public_key()

    # ---- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, *, rehearsal: bool, path: Path | None = None, clock: Clock | None = None,
             keys: KeyStore | None = None) -> "Journal":
        """``keys``: a given key store (the migration's target) instead of the chosen one."""
        keys = keys or store_for(rehearsal=rehearsal)  # raises KeyringUnavailableError for real work
        path = Path(path) if path is not None else data_dir(rehearsal=rehearsal) / JOURNAL_FILE
        path = path.expanduser().absolute()
        path.parent.mkdir(parents=True, exist_ok=True)
        clock = clock or _utc_now
        with disk.locked(path):
            first = disk.read_first_line(path)
            if first is None and disk.read_tail(path).torn:
                # A crash while writing the genesis entry: nothing signed was lost.
                disk.cut_torn_tail(path, disk.read_tail(path))
            if first is None:
                return cls._create(path, keys, clock, rehearsal)
            return cls._resume(path, first, keys, clock, rehearsal)

    @classmethod
    def _create(cls, path: Path, keys: KeyStore, clock: Clock, rehearsal: bool) -> "Journal":
        signing_key, fingerprint = new_signing_key(keys)
        keys.put(f"journal:{path}", fingerprint)
        journal = cls(path, keys, signing_key, fingerprint, clock, rehearsal)
        body = {"public_key": b64(raw_public_bytes(signing_key.public_key())), "format": "rootkeeper-journal/1",
                "rehearsal": rehearsal, "key_storage": keys.storage.value, "created_by": Actor.current().to_json()}
        if isinstance(keys, RehearsalFileKeyStore) or keys.storage is KeyStorage.ENCRYPTED_FILE:
            body["key_file"] = str(keys.path)  # so every later view can say where the key is
        journal._write(seq=0, prev=GENESIS_PREV, kind="genesis", body=body)
        return journal

    @classmethod
    def _resume(cls, path: Path, first: bytes, keys: KeyStore, clock: Clock, rehearsal: bool) -> "Journal":
        try:
            genesis = Entry.from_line(first)
        except (ValueError, KeyError, TypeError) as error:
            raise JournalError(f"The journal {path} does not start with a genesis entry.",
                               hint="Run `rootkeeper audit verify` to see what happened to it.") from error
        fingerprint = genesis.key
        registered = keys.get(f"journal:{path}")
        if registered and registered != fingerprint:
            raise JournalError(f"The journal {path} is signed by a key this machine did not create for it: "
                               "it was replaced.", hint="Run `rootkeeper audit verify`; keep the file as evidence.")
        signing_key = load_signing_key(keys, fingerprint)
        if signing_key is None:
            raise JournalError(f"The signing key of the journal {path} is not in {keys.anchor_name}.",
                               hint="Keep the file (`rootkeeper audit export` still works), move it aside, and "
                                    "rootkeeper starts a new journal with a new key.")
        if not registered:
            keys.put(f"journal:{path}", fingerprint)
        return cls(path, keys, signing_key, fingerprint, clock, rehearsal)

    # ---- writing ---------------------------------------------------------------------

    def forbid(self, *secrets: str) -> None:
        """Refuse, from now on, any entry containing one of these exact strings."""
        with self._lock:
            for secret in secrets:
                if secret:
                    self._forbidden[secret] = self._forbidden.get(secret, 0) + 1

    def allow(self, *secrets: str) -> None:
        with self._lock:
            for secret in secrets:
                count = self._forbidden.get(secret, 0) - 1
                if count > 0:
                    self._forbidden[secret] = count
                else:
                    self._forbidden.pop(secret, None)

    def append(self, kind: str, body: dict[str, Any]) -> Entry:
        if kind not in KINDS or kind == "genesis":
            raise JournalError(f"{kind!r} is not a kind of journal entry rootkeeper writes.",
                               hint="This is a rootkeeper bug; please report it.")
        stored = normal_body(body)
        with self._lock:
            check_body(stored, frozenset(self._forbidden))
            with disk.locked(self.path):
                tail = disk.read_tail(self.path)
                if tail.torn:
                    tail = self._seal(tail)
                last = self._last_entry(tail)
                return self._write(seq=last.seq + 1, prev=line_hash(last.line), kind=kind, body=stored)

    def record_step(self, *, actor: Actor, runbook: str, step: str, step_kind: str, outcome: str,
                    evidence: str | dict[str, Any], note: str | None = None, witness: str | None = None,
                    ceremony_id: str | None = None, attested_by: str | None = None,
                    evidence_kind: str | None = None, incident_id: str | None = None) -> Entry:
        """One step outcome (of the incident ``incident_id``, for a break-glass ceremony). Who attested and who witnessed are fields of the body
        (``attested_by``, ``witnessed_by``: the names as typed), never only prose in the note;
        ``witness`` is kept beside ``witnessed_by`` for readers of earlier v1 journals.
        ``evidence_kind`` says how the outcome is known (verified, performed, reported,
        attested, witnessed, rehearsed, none), as named by the ceremony engine."""
        if step_kind not in STEP_KINDS:
            raise JournalError(f"{step_kind!r} is not a step kind (action, manual, check or attest).",
                               hint="This is a rootkeeper bug; please report it.")
        actor_json = actor.to_json() if hasattr(actor, "to_json") else dict(vars(actor))
        body: dict[str, Any] = {"actor": actor_json, "runbook": runbook, "step": step, "step_kind": step_kind,
                                "outcome": outcome, "evidence": evidence}
        for name, value in (("note", note), ("witness", witness), ("ceremony_id", ceremony_id),
                            ("attested_by", attested_by), ("witnessed_by", witness),
                            ("evidence_kind", evidence_kind), ("incident_id", incident_id)):
            if value is not None:
                body[name] = value
        return self.append("step", body)

    def append_witness(self, *, name: str, public_key: str, challenge: str, signature: str) -> Entry:
        """A witness's co-signature of an earlier entry (see cosign.py), signed by the journal
        key. Refused, with what is wrong, unless it would verify."""
        from rootkeeper.journal.cosign import Enrollments, WitnessError, witness_body, witness_problems

        body = witness_body(name=name, public_key=public_key, challenge=challenge, signature=signature)
        with self._lock:
            entries = self.entries()
            mine = [e for e in entries if e.key == self.fingerprint]
            hashes = {e.seq: e.hash for e in entries}
            problems = witness_problems(body, seq=len(entries), hash_of=hashes.get,
                                        enrollments=Enrollments.of((e.kind, e.body) for e in mine))
            if problems:
                raise WitnessError(f"This co-signature was not journaled: {problems[0][1]}.",
                                   hint="Check the witness, and that they signed the challenge shown here.")
            return self.append("witness", body)

    def seal_torn_tail(self) -> Entry | None:
        """Cut a torn last line off and record that it was there. None when there was none."""
        with self._lock, disk.locked(self.path):
            tail = disk.read_tail(self.path)
            if not tail.torn:
                return None
            self._seal(tail)
            return Entry.from_line(disk.read_tail(self.path).last_line or b"")

    def _seal(self, tail: disk.Tail) -> disk.Tail:
        """Under the lock: replace the torn bytes by a signed "seal" entry naming them."""
        last = self._last_entry(tail)
        disk.cut_torn_tail(self.path, tail)
        body = {"torn_length": len(tail.torn), "torn_sha256": line_hash(tail.torn), "torn_offset": tail.good_size,
                "reason": "a write cut short (a crash mid-append) left these bytes; they were removed"}
        self._write(seq=last.seq + 1, prev=line_hash(last.line), kind="seal", body=body)
        return disk.read_tail(self.path)

    def _last_entry(self, tail: disk.Tail) -> Entry:
        try:
            last = Entry.from_line(tail.last_line or b"")
        except (ValueError, KeyError, TypeError) as error:
            raise JournalError(f"The last line of the journal {self.path} is not a journal entry.",
                               hint="Run `rootkeeper audit verify` before writing to it again.") from error
        if last.key != self.fingerprint:
            raise JournalError(f"The journal {self.path} now ends with an entry signed by another key.",
                               hint="Run `rootkeeper audit verify`; keep the file as evidence.")
        return last

    def _write(self, *, seq: int, prev: str, kind: str, body: dict[str, Any]) -> Entry:
        unsigned = unsigned_entry(seq=seq, ts=rfc3339(self._clock()), kind=kind, prev=prev,
                                  key=self.fingerprint, body=body)
        signature = self._signing_key.sign(canonical(unsigned))
        _, line = signed_line(unsigned, signature)
        disk.write_line(self.path, line)
        # After the line is on disk: a crash in between leaves the head behind, never ahead.
        save_head(self._keys, self.fingerprint, Head(seq, line_hash(line)))
        return Entry.from_line(line)

    # ---- reading ---------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every entry that parses, in file order (``verify`` says whether they hold)."""
        result = []
        try:
            data = disk.read_whole(self.path)
        except FileNotFoundError:
            return []
        for line in data.split(b"\n")[:-1]:
            try:
                result.append(Entry.from_line(line))
            except (ValueError, KeyError, TypeError):
                continue
        return result

    def head(self) -> Head | None:
        return load_head(self._keys, self.fingerprint)

    def verify(self):  # -> VerifyReport
        from rootkeeper.journal.verify import verify_bytes

        with self._lock, disk.locked(self.path):  # the head and the file as of one moment
            head, data = self.head(), self.path.read_bytes()
        return verify_bytes(data, path=self.path, public_key=self.public_key, expected_head=head,
                            anchor=self._keys.anchor_name)
