"""`rootkeeper witness enroll|sign`: a custodian's own key in their OS keyring, a signature
the journal accepts, and one-line errors (exit 2) for what cannot be done."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from rootkeeper.cli import main
from rootkeeper.journal import Journal
from rootkeeper.journal.cosign import challenge_for, signature_verifies
from rootkeeper.journal.witness_keys import (REHEARSAL_KEY_FILE, SERVICE, SIMULATED_KEY_FILE, simulated_signature,
                                             simulated_witness_key)


def fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.splitlines() if line.startswith(("public key", "fingerprint",
                                                                                      "signature")))


def test_enroll_keeps_the_key_in_the_os_keyring_and_prints_its_public_half(capsys, test_keyring):
    assert main(["witness", "enroll", "--name", "Bob Builder"]) == 0
    printed = fields(capsys.readouterr().out)
    assert len(printed["public key"]) == 44 and len(printed["fingerprint"]) == 64
    stored = {user: value for (service, user), value in test_keyring.values.items() if service == SERVICE}
    assert stored["witness-name"] == "Bob Builder" and "witness-key" in stored
    assert stored["witness-key"] not in printed.values()  # only the public half is shown


def test_enrolling_again_keeps_the_key_unless_replace_is_given(capsys):
    main(["witness", "enroll", "--name", "Bob"])
    first = fields(capsys.readouterr().out)
    assert main(["witness", "enroll", "--name", "Bob"]) == 0
    out = capsys.readouterr().out
    assert "already enrolled" in out and fields(out) == first
    assert main(["witness", "enroll", "--replace"]) == 0
    assert fields(capsys.readouterr().out)["fingerprint"] != first["fingerprint"]


def test_sign_makes_a_signature_the_journal_accepts(capsys, tmp_path, clock):
    main(["witness", "enroll", "--name", "Bob"])
    key = fields(capsys.readouterr().out)
    journal = Journal.open(rehearsal=False, path=tmp_path / "j.jsonl", clock=clock)
    journal.append("roster", {"action": "enroll-witness", "custodian": "Bob", "public_key": key["public key"],
                              "fingerprint": key["fingerprint"]})
    last = journal.entries()[-1]
    challenge = challenge_for(last.seq, last.hash)
    assert main(["witness", "sign", challenge]) == 0
    signed = fields(capsys.readouterr().out)
    assert signed["fingerprint"] == key["fingerprint"]
    assert signature_verifies(key["public key"], challenge, signed["signature"])
    entry = journal.append_witness(name="Bob", public_key=key["public key"], challenge=challenge,
                                   signature=signed["signature"])
    assert entry.body["fingerprint"] == key["fingerprint"] and journal.verify().ok


def test_sign_without_a_key_or_with_a_malformed_challenge_is_one_line_and_exit_2(capsys):
    assert main(["witness", "sign", challenge_for(3, "ab" * 32)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No witness key is enrolled" in err and "witness enroll" in err
    main(["witness", "enroll"])
    capsys.readouterr()
    assert main(["witness", "sign", "please sign this"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a co-signing challenge" in err


def test_without_an_os_keyring_real_enrollment_is_refused_and_a_rehearsal_uses_a_practice_file(
        capsys, test_keyring, isolated_home):
    keyring.set_keyring(fail.Keyring())
    assert main(["witness", "enroll"]) == 2
    err = capsys.readouterr().err
    assert "no usable OS keyring to hold your witness key" in err and "--rehearse" in err
    assert main(["witness", "enroll", "--rehearse", "--name", "Carol"]) == 0
    assert (isolated_home / "rehearsal" / REHEARSAL_KEY_FILE).is_file()
    assert main(["witness", "sign", "--rehearse", challenge_for(0, "cd" * 32)]) == 0


def test_simulated_witnesses_sign_from_a_rehearsal_file_never_a_keyring(isolated_home, test_keyring):
    bob = simulated_witness_key("Bob")
    assert simulated_witness_key("Bob") == bob != simulated_witness_key("Carol")
    challenge = challenge_for(2, "ef" * 32)
    assert signature_verifies(bob.public_key, challenge, simulated_signature("Bob", challenge))
    assert not signature_verifies(bob.public_key, challenge, simulated_signature("Carol", challenge))
    assert (isolated_home / "rehearsal" / SIMULATED_KEY_FILE).is_file()
    assert test_keyring.values == {}


@pytest.mark.parametrize("argv", [["witness"], ["witness", "sign"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
