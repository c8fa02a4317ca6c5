"""Witness co-signatures (the two-person rule): the challenge a witness signs, and the
checks a `witness` entry must pass, shared by ``Journal.append_witness`` and ``verify``.

A witness on another machine cannot sign a whole journal entry (its ts, seq and prev are
only known at append time), so the witness signs a short CHALLENGE naming the entry to
co-sign: ``rootkeeper-cosign:v1:<seq>:<hex SHA-256 of that entry's line>``. The journal
then appends an entry of kind ``witness``, signed by the journal key like any other, whose
body carries the challenge and the witness's Ed25519 signature over its UTF-8 bytes:

  {"name", "public_key" (base64 raw), "fingerprint", "of_seq", "of_hash", "challenge",
   "signature" (base64, the witness's)}

The witness key must be enrolled by an earlier roster entry ("enroll-witness", signed by
the journal key) carrying that public key, for the custodian named ``name``.
"""

from __future__ import annotations

import base64
import binascii
import enum
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from rootkeeper.journal.errors import JournalError
from rootkeeper.journal.format import key_fingerprint

CHALLENGE_PREFIX = "rootkeeper-cosign:v1"
_CHALLENGE = re.compile(r"rootkeeper-cosign:v1:(0|[1-9][0-9]{0,17}):([0-9a-f]{64})")
# verify.sh reads the name out of the line with sed: no quote, backslash or control character.
_NAME = re.compile(r"[^\"\\\x00-\x1f\x7f]{1,100}")


class WitnessError(JournalError):
    """A witness key or a co-signature cannot be used as asked."""


class WitnessProblem(enum.Enum):
    FORGED = "witness-forged"  # the signature does not verify with the witness key
    NOT_ENROLLED = "witness-not-enrolled"  # no earlier roster entry enrolls that key for that name
    WRONG_ENTRY = "witness-wrong-entry"  # the challenge does not name an earlier entry as it is
    MALFORMED = "witness-malformed"  # the body is not a co-signature at all


@dataclass(frozen=True)
class Challenge:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{CHALLENGE_PREFIX}:{self.seq}:{self.hash}"


def challenge_for(seq: int, line_hash: str) -> str:
    """The text a witness signs to co-sign the entry ``seq`` whose line hashes to ``line_hash``."""
    return str(Challenge(seq, line_hash))


def challenge_of(entry: Any) -> str:
    """The challenge for a journal ``Entry`` (its seq and the hash of its line as written)."""
    return challenge_for(entry.seq, entry.hash)


def parse_challenge(text: str) -> Challenge:
    match = _CHALLENGE.fullmatch(text.strip())
    if match is None:
        raise WitnessError(f"{text.strip()[:100]!r} is not a co-signing challenge.",
                           hint="A challenge reads rootkeeper-cosign:v1:SEQ:HASH (HASH: 64 lowercase hex "
                                "digits); copy it whole from the operator's screen.")
    return Challenge(int(match.group(1)), match.group(2))


def raw_public_key(public_key_b64: str) -> bytes:
    try:
        raw = base64.b64decode(public_key_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (TypeError, ValueError, binascii.Error) as error:
        raise WitnessError("That witness public key is not base64 of 32 raw Ed25519 bytes.",
                           hint="Copy it as `rootkeeper witness enroll` printed it.") from error
    return raw


def signature_verifies(public_key_b64: str, challenge: str, signature_b64: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        key.verify(base64.b64decode(signature_b64.strip(), validate=True), challenge.encode("utf-8"))
    except (InvalidSignature, TypeError, ValueError, binascii.Error):
        return False
    return True


def clean_signature(text: str) -> str:
    """A signature as pasted: `witness sign` prints "signature: <base64>"; either is taken."""
    text = text.strip()
    return text[len("signature:"):].strip() if text.lower().startswith("signature:") else text


def signature_problem(text: str) -> str | None:
    """Why a pasted signature cannot be an Ed25519 signature (None: it can). Never quotes it."""
    try:
        raw = base64.b64decode(clean_signature(text), validate=True)
    except (ValueError, binascii.Error):
        return "a signature is base64, as `rootkeeper witness sign` prints it"
    return None if len(raw) == 64 else "an Ed25519 signature is 64 bytes (88 base64 characters)"


def enrolled_names(body: Mapping[str, Any]) -> tuple[str, str] | None:
    """(public key, custodian) of an "enroll-witness" roster body, else None."""
    if body.get("action") != "enroll-witness":
        return None
    key, name = body.get("public_key"), body.get("custodian")
    return (key, name) if isinstance(key, str) and isinstance(name, str) else None


class Enrollments:
    """Which witness keys the roster has enrolled so far, for whom (journal order)."""

    def __init__(self) -> None:
        self._names: dict[str, set[str]] = {}

    def see(self, kind: str, body: Any) -> None:
        found = enrolled_names(body) if kind == "roster" and isinstance(body, dict) else None
        if found:
            self._names.setdefault(found[0], set()).add(found[1])

    def enrolled(self, public_key: str, name: str) -> bool:
        return name in self._names.get(public_key, ())

    @classmethod
    def of(cls, entries: Iterable[tuple[str, Any]]) -> "Enrollments":
        enrollments = cls()
        for kind, body in entries:
            enrollments.see(kind, body)
        return enrollments


def witness_body(*, name: str, public_key: str, challenge: str, signature: str) -> dict[str, Any]:
    parsed = parse_challenge(challenge)
    raw = raw_public_key(public_key)
    return {"name": name, "public_key": public_key, "fingerprint": key_fingerprint(raw), "of_seq": parsed.seq,
            "of_hash": parsed.hash, "challenge": str(parsed), "signature": clean_signature(signature)}


def witness_problems(body: Any, *, seq: int, hash_of: Callable[[int], str | None],
                     enrollments: Enrollments) -> list[tuple[WitnessProblem, str]]:
    """Everything wrong with a `witness` body at ``seq``; ``hash_of(n)`` is the line hash of
    an earlier entry n as found (None when there is none)."""
    if not isinstance(body, dict):
        return [(WitnessProblem.MALFORMED, "the witness entry has no body")]
    name, key, signature = body.get("name"), body.get("public_key"), body.get("signature")
    challenge, of_seq, of_hash = body.get("challenge"), body.get("of_seq"), body.get("of_hash")
    if not all(isinstance(v, str) for v in (name, key, signature, challenge, of_hash)) or not isinstance(of_seq, int):
        return [(WitnessProblem.MALFORMED, "the witness entry lacks name, public_key, signature, challenge, "
                                           "of_seq or of_hash")]
    problems = []
    if not _NAME.fullmatch(name):
        problems.append((WitnessProblem.MALFORMED, "a witness name must not hold quotes, backslashes or "
                                                   "control characters"))
    try:
        fingerprint_ok = key_fingerprint(raw_public_key(key)) == body.get("fingerprint")
    except WitnessError:
        fingerprint_ok = False
    if not fingerprint_ok:
        problems.append((WitnessProblem.MALFORMED, "the fingerprint is not the SHA-256 of the witness public key"))
    if not signature_verifies(key, challenge, signature):
        problems.append((WitnessProblem.FORGED, f"the signature of witness {name!r} does not verify over the "
                                                "challenge with that witness key"))
    if not enrollments.enrolled(key, name):
        problems.append((WitnessProblem.NOT_ENROLLED, f"the witness key {key_fingerprint_of(key)[:16]}… is not "
                                                      f"enrolled for {name!r} by an earlier roster entry"))
    if challenge != challenge_for(of_seq, of_hash):
        problems.append((WitnessProblem.WRONG_ENTRY, "the challenge does not name of_seq and of_hash"))
    elif not 0 <= of_seq < seq or hash_of(of_seq) != of_hash:
        problems.append((WitnessProblem.WRONG_ENTRY, f"of_hash is not the hash of the earlier entry {of_seq} "
                                                     "as it stands"))
    return problems


def key_fingerprint_of(public_key_b64: str) -> str:
    try:
        return key_fingerprint(base64.b64decode(public_key_b64, validate=True))
    except (TypeError, ValueError, binascii.Error):
        return "(not base64)"
