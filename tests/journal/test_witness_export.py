"""The export's verify.sh checks witness co-signatures with openssl alone: the witness's
signature over the challenge, the challenge naming an earlier entry as it stands, the key
enrolled for that name by an earlier roster entry. The bad ones are signed by the journal
key here (as a journal holder gone rogue would), so only the witness checks can see them."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rootkeeper.cli import main
from rootkeeper.journal.cosign import challenge_for
from rootkeeper.journal.format import b64, key_fingerprint
from rootkeeper.journal.keys import raw_public_bytes

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")

NAME = "Bob O'Brien-Éloïse"  # a space, an apostrophe, UTF-8: as the roster may spell a name


class Witness:
    def __init__(self, name: str = NAME) -> None:
        self.name = name
        self.private = Ed25519PrivateKey.generate()
        raw = raw_public_bytes(self.private.public_key())
        self.public_key, self.fingerprint = b64(raw), key_fingerprint(raw)

    def sign(self, challenge: str) -> str:
        return b64(self.private.sign(challenge.encode("utf-8")))

    def body(self, challenge: str, of_seq: int, of_hash: str, signer: "Witness | None" = None) -> dict:
        return {"name": self.name, "public_key": self.public_key, "fingerprint": self.fingerprint,
                "of_seq": of_seq, "of_hash": of_hash, "challenge": challenge,
                "signature": (signer or self).sign(challenge)}


@pytest.fixture
def bob(journal, actor):
    witness = Witness()
    journal.append("roster", {"action": "enroll-witness", "custodian": witness.name,
                              "public_key": witness.public_key, "fingerprint": witness.fingerprint})
    journal.record_step(actor=actor, runbook="offboard-custodian", step="close", step_kind="manual",
                        outcome="success", evidence={})
    return witness


def last_challenge(journal):
    last = journal.entries()[-1]
    return challenge_for(last.seq, last.hash), last


def export_and_check(journal, tmp_path):
    directory = tmp_path / "export"
    assert main(["audit", "export", str(directory), "--journal", str(journal.path)]) == 0
    return subprocess.run(["sh", "verify.sh"], cwd=directory, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin"}, timeout=60), directory


def test_a_good_cosignature_verifies_with_openssl_alone(journal, bob, tmp_path, capsys):
    challenge, step = last_challenge(journal)
    entry = journal.append_witness(name=bob.name, public_key=bob.public_key, challenge=challenge,
                                   signature=bob.sign(challenge))
    result, directory = export_and_check(journal, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"witness: entry {entry.seq} co-signs entry {step.seq}, signed by {NAME}" in result.stdout
    assert "and 1 witness co-signature(s)" in result.stdout
    base = directory / "entries" / f"{entry.seq:06d}"
    verified = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", f"{base}.witness.pem", "-rawin",
                               "-in", f"{base}.challenge", "-sigfile", f"{base}.witness.sig"],
                              capture_output=True, text=True)  # the command VERIFY.txt gives
    assert "Signature Verified Successfully" in verified.stdout
    assert "witness.pem" in (directory / "VERIFY.txt").read_text()
    assert main(["audit", "verify", "--journal", str(journal.path)]) == 0


def test_a_forged_cosignature_fails(journal, bob, tmp_path, capsys):
    challenge, step = last_challenge(journal)
    journal.append("witness", bob.body(challenge, step.seq, step.hash, signer=Witness()))
    result, _ = export_and_check(journal, tmp_path)
    assert result.returncode == 1
    assert f"signature of witness {NAME} does not verify (forged)" in result.stdout
    capsys.readouterr()
    assert main(["audit", "verify", "--journal", str(journal.path)]) == 1
    assert "witness-forged" in capsys.readouterr().out


def test_an_unenrolled_key_fails(journal, bob, tmp_path, capsys):
    challenge, step = last_challenge(journal)
    stranger = Witness()  # same name, a key the roster never enrolled
    journal.append("witness", stranger.body(challenge, step.seq, step.hash))
    result, _ = export_and_check(journal, tmp_path)
    assert result.returncode == 1
    assert "is not enrolled by an earlier roster entry" in result.stdout
    assert "does not verify" not in result.stdout
    capsys.readouterr()
    assert main(["audit", "verify", "--journal", str(journal.path)]) == 1
    assert "witness-not-enrolled" in capsys.readouterr().out


def test_an_enrollment_of_the_key_for_someone_else_does_not_count(journal, bob, tmp_path):
    challenge, step = last_challenge(journal)
    carol = Witness("Carol")
    journal.append("roster", {"action": "enroll-witness", "custodian": "Carol", "public_key": carol.public_key,
                              "fingerprint": carol.fingerprint})
    impostor = Witness(NAME)
    impostor.private, impostor.public_key, impostor.fingerprint = carol.private, carol.public_key, carol.fingerprint
    journal.append("witness", impostor.body(challenge, step.seq, step.hash))
    result, _ = export_and_check(journal, tmp_path)
    assert result.returncode == 1 and "is not enrolled by an earlier roster entry" in result.stdout


def test_a_wrong_of_hash_fails(journal, bob, tmp_path, capsys):
    _, step = last_challenge(journal)
    wrong = "0" * 64
    journal.append("witness", bob.body(challenge_for(step.seq, wrong), step.seq, wrong))
    result, _ = export_and_check(journal, tmp_path)
    assert result.returncode == 1
    assert f"of_hash is not the hash of the earlier entry {step.seq}" in result.stdout
    assert "does not verify" not in result.stdout and "not enrolled" not in result.stdout
    capsys.readouterr()
    assert main(["audit", "verify", "--journal", str(journal.path)]) == 1
    assert "witness-wrong-entry" in capsys.readouterr().out


def test_a_challenge_that_does_not_match_its_of_hash_fails(journal, bob, tmp_path):
    challenge, step = last_challenge(journal)
    body = bob.body(challenge, step.seq, "1" * 64)
    journal.append("witness", body)
    result, _ = export_and_check(journal, tmp_path)
    assert result.returncode == 1 and "its challenge does not name of_seq and of_hash" in result.stdout


def test_a_swapped_witness_key_file_in_the_export_fails(journal, bob, tmp_path):
    challenge, _ = last_challenge(journal)
    entry = journal.append_witness(name=bob.name, public_key=bob.public_key, challenge=challenge,
                                   signature=bob.sign(challenge))
    directory = tmp_path / "export"
    assert main(["audit", "export", str(directory), "--journal", str(journal.path)]) == 0
    other = Witness()
    (directory / "entries" / f"{entry.seq:06d}.witness.pem").write_bytes(
        f"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA{other.public_key}\n-----END PUBLIC KEY-----\n".encode())
    result = subprocess.run(["sh", "verify.sh"], cwd=directory, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 1 and f"{entry.seq:06d}.witness.pem is not the witness key" in result.stdout
