"""Checking a journal: every line once, at the speed of Ed25519 verification.

Each line is parsed once and hashed once; the signed bytes are the line with its
signature member cut out (see format.py), so nothing is serialised again.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from rootkeeper.journal.cosign import Enrollments, witness_problems
from rootkeeper.journal.format import GENESIS_PREV, key_fingerprint, split_signature
from rootkeeper.journal.keys import Head, raw_public_bytes


class ProblemKind(enum.Enum):
    UNREADABLE = "unreadable"  # not a JSON entry at all
    MODIFIED = "modified"  # its signature does not cover what it says now
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"
    CHAIN_BROKEN = "chain-broken"
    DIFFERENT_KEY = "different-key"
    BAD_GENESIS = "bad-genesis"
    TORN_TAIL = "torn-tail"
    TRUNCATED = "truncated"
    HEAD_MISMATCH = "head-mismatch"
    NO_ANCHOR = "no-anchor"
    WITNESS_FORGED = "witness-forged"  # a co-signature that does not verify with the witness key
    WITNESS_NOT_ENROLLED = "witness-not-enrolled"  # a witness key no earlier roster entry enrolled
    WITNESS_WRONG_ENTRY = "witness-wrong-entry"  # co-signs no earlier entry as it stands
    WITNESS_MALFORMED = "witness-malformed"


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    line: int | None  # 1-based line number in the file
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (seq {self.seq})" if self.seq is not None else "") if self.line else "journal"
        return f"{where}: {self.kind.value}: {self.message}"


@dataclass
class VerifyReport:
    path: Path
    entries: int = 0  # complete lines read
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    head: Head | None = None  # the last entry, as found in the file
    expected_head: Head | None = None
    key_fingerprint: str | None = None
    anchor: str = "none"  # what the key was checked against

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_lines(self) -> set[int]:
        return {p.line for p in self.problems if p.line is not None}

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    def summary(self) -> str:
        if self.ok:
            return f"verified: {self.entries} entries, chain and signatures intact (key checked against {self.anchor})"
        return f"BROKEN: {len(self.problems)} problem(s) in {self.entries} entries; first at {self.first_problem}"

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "ok": self.ok, "entries": self.entries, "anchor": self.anchor,
                "key_fingerprint": self.key_fingerprint, "head": str(self.head) if self.head else None,
                "expected_head": str(self.expected_head) if self.expected_head else None, "notes": self.notes,
                "problems": [{"kind": p.kind.value, "line": p.line, "seq": p.seq, "message": p.message}
                             for p in self.problems]}


def _genesis_key(obj: dict[str, Any]) -> Ed25519PublicKey | None:
    try:
        raw = base64.b64decode(obj["body"]["public_key"], validate=True)
        key = Ed25519PublicKey.from_public_bytes(raw)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None
    return key if key_fingerprint(raw) == obj.get("key") else None


def verify_bytes(data: bytes, *, path: Path, public_key: Ed25519PublicKey | None,
                 expected_head: Head | None, anchor: str) -> VerifyReport:
    """The whole check. Without ``public_key`` the genesis key is used, and the report says
    the key was anchored to nothing."""
    report = VerifyReport(path=path, expected_head=expected_head, anchor=anchor if public_key else "none")
    problems = report.problems
    lines = data.split(b"\n")
    torn = lines.pop()  # b"" when the file ends with a newline, as it should
    seqs_in_file: set[int] | None = None  # only needed once a seq is out of place

    trusted_fp = key_fingerprint(raw_public_bytes(public_key)) if public_key else None
    verify = public_key.verify if public_key else None
    expected_seq, prev_hash, prev_suspect = 0, GENESIS_PREV, False
    seen: set[int] = set()
    last_good: Head | None = None
    loads, sha256, b64decode = json.loads, hashlib.sha256, base64.b64decode
    hashes: dict[int, str] = {}  # seq -> line hash, for the entries a witness co-signs
    enrollments = Enrollments()  # witness keys enrolled by roster entries signed by the journal key
    for number, line in enumerate(lines, start=1):
        digest = sha256(line).hexdigest()
        try:
            obj = loads(line)
            seq, prev, key = obj["seq"], obj["prev"], obj["key"]
            parts = split_signature(line)
            if not isinstance(seq, int) or obj.get("v") != 1 or parts is None:
                raise ValueError
        except (ValueError, KeyError, TypeError):
            problems.append(Problem(ProblemKind.UNREADABLE, number, None, "not a signed journal entry (changed, or "
                                                                          "written by something else)"))
            prev_hash, prev_suspect, expected_seq = digest, True, expected_seq + 1
            continue
        suspect = False
        if number == 1:
            genesis_key = _genesis_key(obj) if obj.get("kind") == "genesis" and seq == 0 else None
            if genesis_key is None:
                problems.append(Problem(ProblemKind.BAD_GENESIS, 1, seq, "the first line is not a genesis entry "
                                                                         "carrying its public key"))
                suspect = True
            elif verify is None:
                verify, trusted_fp = genesis_key.verify, key
                report.notes.append("the key was taken from the genesis entry itself and checked against nothing; "
                                    "pass --public-key to anchor it")
            report.key_fingerprint = trusted_fp
        if seq != expected_seq:
            suspect = True
            if seqs_in_file is None:
                seqs_in_file = _seqs_in(lines)
            problems.append(_misplaced(number, seq, expected_seq, seen, seqs_in_file))
        seen.add(seq)
        if key != trusted_fp:
            problems.append(Problem(ProblemKind.DIFFERENT_KEY, number, seq, f"signed by key {str(key)[:16]}…, not "
                                                                            f"the journal's key {str(trusted_fp)[:16]}…"))
            suspect = True
        elif verify is not None:
            try:
                verify(b64decode(parts[1]), parts[0])
            except (InvalidSignature, ValueError, binascii.Error):
                problems.append(Problem(ProblemKind.MODIFIED, number, seq, "the signature does not match: the entry "
                                                                           "was modified or its signature forged"))
                suspect = True
        if prev != prev_hash and not suspect and not prev_suspect:
            problems.append(Problem(ProblemKind.CHAIN_BROKEN, number, seq, "prev does not match the line before: a line"
                                                                           " was changed, removed or inserted before it"))
        kind = obj.get("kind")
        if kind == "witness":
            for witness_kind, message in witness_problems(obj.get("body"), seq=seq, hash_of=hashes.get,
                                                          enrollments=enrollments):
                problems.append(Problem(ProblemKind(witness_kind.value), number, seq, message))
        elif kind == "roster" and not suspect:
            enrollments.see(kind, obj.get("body"))
        hashes.setdefault(seq, digest)
        if kind == "seal":
            body = obj.get("body") or {}
            report.notes.append(f"seq {seq} seals a torn line of {body.get('torn_length')} bytes (sha256 "
                                f"{body.get('torn_sha256')}) left by a crash")
        if expected_head is not None and seq == expected_head.seq and digest != expected_head.hash:
            problems.append(Problem(ProblemKind.HEAD_MISMATCH, number, seq,
                                    f"differs from the head recorded when it was written ({expected_head.hash[:16]}…)"))
        prev_hash, prev_suspect = digest, suspect
        expected_seq = seq + 1 if seq >= expected_seq else expected_seq
        last_good = Head(seq, digest)
    report.entries = len(lines)
    report.head = last_good
    if not lines and not torn:
        problems.append(Problem(ProblemKind.BAD_GENESIS, None, None, "the journal is empty"))
    if torn:
        problems.append(Problem(ProblemKind.TORN_TAIL, len(lines) + 1, None,
                                f"the last line is torn: {len(torn)} bytes without a newline (a crash mid-write, not "
                                "an edit of a signed entry); rootkeeper seals it off on its next append"))
    if public_key is None:
        problems.append(Problem(ProblemKind.NO_ANCHOR, None, None, "there is no trusted key to check the journal "
                                "against: no keyring entry for it here; pass --public-key key.pem"))
    _check_tail(report, expected_head)
    return report


def _misplaced(number: int, seq: int, expected: int, seen: set[int], seqs_in_file: set[int]) -> Problem:
    """Why an entry's seq is not the next one: a replay, a swap, or entries taken out."""
    if seq in seen:
        return Problem(ProblemKind.INSERTED, number, seq, f"seq {seq} appears a second time")
    if seq < expected or expected in seqs_in_file:
        return Problem(ProblemKind.REORDERED, number, seq, f"seq {seq} is out of order (expected {expected})")
    missing = f"seq {expected}" if seq == expected + 1 else f"seq {expected}..{seq - 1}"
    return Problem(ProblemKind.DELETED, number, seq, f"{missing} missing before this entry")


def _seqs_in(lines: list[bytes]) -> set[int]:
    """The seq of every line, read cheaply: the top-level seq is the last `,"seq":` member
    (only sig, ts and v follow it)."""
    found = set()
    for line in lines:
        marker = line.rfind(b',"seq":')
        if marker >= 0:
            end = line.find(b",", marker + 7)
            digits = line[marker + 7:end]
            if digits.isdigit():
                found.add(int(digits))
    return found


def _check_tail(report: VerifyReport, expected_head: Head | None) -> None:
    if expected_head is None:
        report.notes.append("no recorded head to check the tail against: a journal cut short would go unseen; "
                            "pass --expected-head SEQ:HASH")
        return
    last = report.head.seq if report.head else -1
    if last < expected_head.seq:
        report.problems.append(Problem(ProblemKind.TRUNCATED, None, None,
                                       f"the journal ends at seq {last} (line {report.entries}), but entry "
                                       f"{expected_head.seq} was written: {expected_head.seq - last} "
                                       f"entr{'y' if expected_head.seq - last == 1 else 'ies'} cut off the end, "
                                       f"from line {report.entries + 1} on"))
    elif last > expected_head.seq:
        report.notes.append(f"{last - expected_head.seq} entries after the recorded head (the head is updated after "
                            "each write; a crash in between leaves it behind)")


def verify_journal(path: Path, *, public_key: Ed25519PublicKey | None = None, expected_head: Head | None = None,
                   anchor: str = "the given public key") -> VerifyReport:
    """Verify the file at ``path`` against a trusted key and head (None: not available)."""
    from rootkeeper.journal.store import read_whole

    return verify_bytes(read_whole(Path(path)), path=Path(path), public_key=public_key,
                        expected_head=expected_head, anchor=anchor)
