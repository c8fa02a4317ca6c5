"""`audit export`: everything an auditor needs to check the journal with openssl and
sha256sum alone — the journal, its public key, the head, and each entry's signed bytes
and raw signature as files."""

from __future__ import annotations

import base64
import json
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from rootkeeper.journal.errors import JournalError
from rootkeeper.journal.format import key_fingerprint, split_signature
from rootkeeper.journal.keys import Head, public_key_pem, raw_public_bytes
from rootkeeper.journal.recipe import VERIFY_SH, VERIFY_TXT
from rootkeeper.journal.store import read_whole


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    entries: int
    fingerprint: str
    torn_tail_bytes: int  # left out of the export; `audit verify` names them


def export_journal(journal_path: Path, directory: Path, *, public_key: Ed25519PublicKey, head: Head | None,
                   head_source: str, key_note: str | None = None) -> ExportResult:
    """``key_note``: the rehearsal key-file sentence, for a practice journal (VERIFY.txt says it)."""
    data = read_whole(Path(journal_path))
    lines = data.split(b"\n")
    torn = lines.pop()
    directory = Path(directory)
    entries_dir = directory / "entries"
    if entries_dir.exists():
        shutil.rmtree(entries_dir)  # an earlier export of the same journal, perhaps longer
    entries_dir.mkdir(parents=True)
    width = max(6, len(str(len(lines))))
    for index, line in enumerate(lines):
        parts = split_signature(line)
        if parts is None:
            raise JournalError(f"Line {index + 1} of {journal_path} is not a signed entry; nothing to export for it.",
                               hint="Run `rootkeeper audit verify` to see what happened to the journal.")
        name = entries_dir / f"{index:0{width}d}"
        name.with_suffix(".line").write_bytes(line)
        name.with_suffix(".signed").write_bytes(parts[0])
        try:
            name.with_suffix(".sig").write_bytes(base64.b64decode(parts[1], validate=True))
        except ValueError as error:
            raise JournalError(f"Line {index + 1} of {journal_path} has a signature that is not base64.",
                               hint="Run `rootkeeper audit verify`.") from error
        _write_cosignature(name, line)
    (directory / "journal.jsonl").write_bytes(b"".join(line + b"\n" for line in lines))
    (directory / "key.pem").write_bytes(public_key_pem(public_key))
    (directory / "head.txt").write_text(f"{head}\n" if head else "")
    (directory / "verify.sh").write_text(VERIFY_SH)
    fingerprint = key_fingerprint(raw_public_bytes(public_key))
    # Paths are never broken across lines: a reader must be able to copy one.
    note_text = ("\n\n" + textwrap.fill(f"THIS IS A PRACTICE JOURNAL: {key_note}.", width=88, initial_indent="   ",
                                        subsequent_indent="   ", break_long_words=False, break_on_hyphens=False)
                 if key_note else "")
    practice_note = ("\n\n   THIS JOURNAL IS A REHEARSAL JOURNAL: practice, not evidence."
                     if lines and _is_rehearsal(lines[0]) else "")
    (directory / "VERIFY.txt").write_text(VERIFY_TXT.format(
        head_source=head_source if head else "not available: the tail cannot be checked", fingerprint=fingerprint,
        key_note=note_text, practice_note=practice_note, entries=len(lines), head=head or "unknown"))
    return ExportResult(directory, len(lines), fingerprint, len(torn))


def _write_cosignature(name: Path, line: bytes) -> None:
    """For a witness entry, the files openssl checks the witness's signature with (verify.sh
    checks they are what the line says). A malformed one gets none: verify.sh names it."""
    try:
        obj = json.loads(line)
        body = obj["body"] if obj.get("kind") == "witness" else None
        if body is None:
            return
        pem = public_key_pem(Ed25519PublicKey.from_public_bytes(base64.b64decode(body["public_key"], validate=True)))
        signature = base64.b64decode(body["signature"], validate=True)
        challenge = body["challenge"].encode("utf-8")
    except (ValueError, KeyError, TypeError, AttributeError):
        return
    name.with_suffix(".witness.pem").write_bytes(pem)
    name.with_suffix(".witness.sig").write_bytes(signature)
    name.with_suffix(".challenge").write_bytes(challenge)


def _is_rehearsal(genesis_line: bytes) -> bool:
    """What the genesis entry says (untrusted: saying "practice" can only lower its weight)."""
    try:
        body = json.loads(genesis_line).get("body")
    except (ValueError, AttributeError):
        return False
    return isinstance(body, dict) and body.get("rehearsal") is True
