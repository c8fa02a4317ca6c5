"""Witness co-signatures: a witness key signs a challenge naming an entry; the journal
appends the co-signature only if it verifies, and `audit verify` checks it again."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rootkeeper.journal.cosign import WitnessError, challenge_for, challenge_of, parse_challenge
from rootkeeper.journal.format import b64, key_fingerprint
from rootkeeper.journal.keys import raw_public_bytes
from rootkeeper.journal.verify import ProblemKind


def witness_key():
    private = Ed25519PrivateKey.generate()
    raw = raw_public_bytes(private.public_key())
    return private, b64(raw), key_fingerprint(raw)


def enroll(journal, name, public_key, fingerprint):
    return journal.append("roster", {"action": "enroll-witness", "custodian": name, "public_key": public_key,
                                     "fingerprint": fingerprint})


@pytest.fixture
def cosigned(journal, actor):
    """A journal with Bob enrolled, a step, and the challenge of that step."""
    private, public, fingerprint = witness_key()
    enroll(journal, "Bob", public, fingerprint)
    step = journal.record_step(actor=actor, runbook="rotate-root-password", step="close", step_kind="manual",
                               outcome="success", evidence={})
    assert challenge_of(step) == challenge_for(step.seq, step.hash)
    return private, public, challenge_of(step), step


def sign(private, challenge):
    return b64(private.sign(challenge.encode("utf-8")))


def test_the_challenge_reads_as_text_and_parses_back():
    text = challenge_for(7, "ab" * 32)
    assert text == "rootkeeper-cosign:v1:7:" + "ab" * 32
    assert parse_challenge(" " + text + "\n").seq == 7
    for bad in ("rootkeeper-cosign:v1:7:abc", "cosign:7:" + "ab" * 32, "rootkeeper-cosign:v1:x:" + "ab" * 32,
                "rootkeeper-cosign:v1:7:" + "AB" * 32):
        with pytest.raises(WitnessError, match="not a co-signing challenge"):
            parse_challenge(bad)


def test_a_good_cosignature_is_journaled_signed_by_the_journal_key_and_verifies(journal, cosigned):
    private, public, challenge, step = cosigned
    entry = journal.append_witness(name="Bob", public_key=public, challenge=challenge,
                                   signature=sign(private, challenge))
    assert entry.kind == "witness" and entry.key == journal.fingerprint
    assert entry.body == {"name": "Bob", "public_key": public, "fingerprint": key_fingerprint(
        base64.b64decode(public)), "of_seq": step.seq, "of_hash": step.hash, "challenge": challenge,
                          "signature": sign(private, challenge)}
    report = journal.verify()
    assert report.ok, report.problems


def test_a_forged_signature_is_refused(journal, cosigned):
    _, public, challenge, _ = cosigned
    other, _, _ = witness_key()
    with pytest.raises(WitnessError, match="does not verify"):
        journal.append_witness(name="Bob", public_key=public, challenge=challenge, signature=sign(other, challenge))


def test_an_unenrolled_key_or_another_custodians_key_is_refused(journal, cosigned):
    _, public, challenge, _ = cosigned
    stranger, stranger_public, _ = witness_key()
    with pytest.raises(WitnessError, match="not enrolled"):
        journal.append_witness(name="Bob", public_key=stranger_public, challenge=challenge,
                               signature=sign(stranger, challenge))
    private = cosigned[0]
    with pytest.raises(WitnessError, match="not enrolled for 'Carol'"):
        journal.append_witness(name="Carol", public_key=public, challenge=challenge,
                               signature=sign(private, challenge))


def test_a_challenge_naming_no_entry_as_it_stands_is_refused(journal, cosigned):
    private, public, _, step = cosigned
    for challenge in (challenge_for(step.seq, "0" * 64), challenge_for(step.seq + 5, step.hash)):
        with pytest.raises(WitnessError, match="not the hash of the earlier entry"):
            journal.append_witness(name="Bob", public_key=public, challenge=challenge,
                                   signature=sign(private, challenge))
    with pytest.raises(WitnessError, match="not a co-signing challenge"):
        journal.append_witness(name="Bob", public_key=public, challenge="sign this", signature="AAAA")
    assert [e.kind for e in journal.entries()][-1] == "step"  # nothing was written


def test_an_enrollment_after_the_cosignature_does_not_count(journal, actor):
    private, public, fingerprint = witness_key()
    step = journal.record_step(actor=actor, runbook="r", step="s", step_kind="manual", outcome="success",
                               evidence={})
    challenge = challenge_for(step.seq, step.hash)
    body = {"name": "Bob", "public_key": public, "fingerprint": fingerprint, "of_seq": step.seq,
            "of_hash": step.hash, "challenge": challenge, "signature": sign(private, challenge)}
    journal.append("witness", body)  # past append_witness's checks: verify must catch it
    enroll(journal, "Bob", public, fingerprint)
    kinds = [p.kind for p in journal.verify().problems]
    assert kinds == [ProblemKind.WITNESS_NOT_ENROLLED]


@pytest.mark.parametrize("change, expected", [
    (lambda body, other, _: body.update(signature=sign(other, body["challenge"])), ProblemKind.WITNESS_FORGED),
    # the witness really signed, but a challenge naming no entry as it stands
    (lambda body, _, witness: body.update(of_hash="1" * 64, challenge=challenge_for(body["of_seq"], "1" * 64),
                                          signature=sign(witness, challenge_for(body["of_seq"], "1" * 64))),
     ProblemKind.WITNESS_WRONG_ENTRY),
    (lambda body, other, _: body.update(public_key=b64(raw_public_bytes(other.public_key())),
                                     fingerprint=key_fingerprint(raw_public_bytes(other.public_key())),
                                     signature=sign(other, body["challenge"])), ProblemKind.WITNESS_NOT_ENROLLED),
])
def test_verify_reports_each_bad_cosignature_even_when_the_journal_key_signed_it(journal, cosigned, change,
                                                                                  expected):
    private, public, challenge, _ = cosigned
    good = journal.append_witness(name="Bob", public_key=public, challenge=challenge,
                                  signature=sign(private, challenge))
    body = json.loads(json.dumps(good.body))
    change(body, Ed25519PrivateKey.generate(), private)
    journal.append("witness", body)  # the journal key signs it: only the witness checks see it
    problems = journal.verify().problems
    assert [p.kind for p in problems] == [expected], problems
    assert problems[0].seq == good.seq + 1


def test_audit_show_says_who_cosigned_what(journal, cosigned, capsys):
    from rootkeeper.cli import main

    private, public, challenge, step = cosigned
    journal.append_witness(name="Bob", public_key=public, challenge=challenge, signature=sign(private, challenge))
    assert main(["audit", "show", "--journal", str(journal.path)]) == 0
    fingerprint = key_fingerprint(base64.b64decode(public))
    assert f"witness   Bob co-signs seq {step.seq} (witness key {fingerprint[:16]}…)" in capsys.readouterr().out
