"""Helpers shared by the journal tests: writing entries the way an attacker would."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rootkeeper.journal.format import b64, canonical, key_fingerprint, line_hash
from rootkeeper.journal.keys import raw_public_bytes


def lines_of(data: bytes) -> list[bytes]:
    assert data.endswith(b"\n")
    return data.split(b"\n")[:-1]


def join(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


def resign(line: bytes, key: Ed25519PrivateKey, *, claim_key: bool, prev: str | None = None) -> bytes:
    """The entry signed again with ``key``; with claim_key its "key" member names that key,
    without it the entry still claims the journal's key."""
    obj = json.loads(line)
    del obj["sig"]
    if claim_key:
        obj["key"] = key_fingerprint(raw_public_bytes(key.public_key()))
        if obj["kind"] == "genesis":
            obj["body"]["public_key"] = b64(raw_public_bytes(key.public_key()))
    if prev is not None:
        obj["prev"] = prev
    return canonical({**obj, "sig": b64(key.sign(canonical(obj)))})


def resign_all(lines: list[bytes], key: Ed25519PrivateKey) -> list[bytes]:
    """A whole journal forged with another key: consistent in itself, chain and all."""
    result, prev = [], "0" * 64
    for line in lines:
        forged = resign(line, key, claim_key=True, prev=prev)
        result.append(forged)
        prev = line_hash(forged)
    return result
