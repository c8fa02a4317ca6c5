"""Format v1 of the journal: canonical JSON lines, a SHA-256 chain, Ed25519 signatures.

Every line is ``canonical(entry)``; the signature covers ``canonical(entry - sig)``. Because
keys are sorted, ``sig`` sits between ``seq`` and ``ts``, and only ``ts`` and ``v`` follow it;
so the signed bytes are the line with its last ``,"sig":"..."`` member cut out. Verification
relies on that to check the bytes as written, without serialising anything again.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from datetime import datetime, timezone
from typing import Any

FORMAT_VERSION = 1
GENESIS_PREV = "0" * 64
KINDS = frozenset({"genesis", "check", "step", "ceremony", "seal", "note", "roster", "witness", "incident", "drill"})
SIG_MARKER = b',"sig":"'


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def line_hash(line: bytes) -> str:
    """The chain link: hex SHA-256 of a line's bytes, without its newline."""
    return hashlib.sha256(line).hexdigest()


def key_fingerprint(raw_public_key: bytes) -> str:
    return hashlib.sha256(raw_public_key).hexdigest()


def rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("journal timestamps must be timezone-aware")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def split_signature(line: bytes) -> tuple[bytes, str] | None:
    """(signed bytes, base64 signature) of a line as written, or None when it has no
    top-level signature member where format v1 puts it."""
    start = line.rfind(SIG_MARKER)
    if start < 0:
        return None
    value_start = start + len(SIG_MARKER)
    end = line.find(b'"', value_start)
    if end < 0:
        return None
    return line[:start] + line[end + 1:], line[value_start:end].decode("ascii", "replace")


@dataclass(frozen=True)
class Entry:
    """One journal entry, as written. ``line`` is its exact bytes, without the newline."""

    seq: int
    ts: str
    kind: str
    prev: str
    key: str
    body: dict[str, Any]
    sig: str
    line: bytes = field(repr=False, compare=False)

    @property
    def hash(self) -> str:
        return line_hash(self.line)

    @property
    def signature(self) -> bytes:
        return base64.b64decode(self.sig)

    @classmethod
    def from_line(cls, line: bytes) -> "Entry":
        obj = json.loads(line)
        return cls(seq=obj["seq"], ts=obj["ts"], kind=obj["kind"], prev=obj["prev"], key=obj["key"],
                   body=obj["body"], sig=obj["sig"], line=line)

    def as_dict(self) -> dict[str, Any]:
        return {"v": FORMAT_VERSION, "seq": self.seq, "ts": self.ts, "kind": self.kind, "prev": self.prev,
                "key": self.key, "body": self.body, "sig": self.sig}


def unsigned_entry(*, seq: int, ts: str, kind: str, prev: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"v": FORMAT_VERSION, "seq": seq, "ts": ts, "kind": kind, "prev": prev, "key": key, "body": body}


def signed_line(unsigned: dict[str, Any], signature: bytes) -> tuple[bytes, bytes]:
    """(signed bytes, line) for an entry: the line is the canonical entry with its signature."""
    signed = canonical(unsigned)
    line = canonical({**unsigned, "sig": b64(signature)})
    return signed, line


def entries_at(path: Path) -> list[Entry] | None:
    """The entries of the journal file at ``path``, read-only (no lock, no key, no keyring), for
    the posture's reads; None when there is no file. A torn or foreign line is skipped: whether
    the entries hold is ``audit verify``'s to say."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    entries = []
    for line in data.split(b"\n"):
        try:
            entries.append(Entry.from_line(line))
        except (ValueError, KeyError, TypeError):
            continue
    return entries
