"""A machine without a usable keyring: real work is refused in plain words; rehearsal goes
on with a key in memory, and says so."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import chainer, fail, null

from rootkeeper.cli import main
from rootkeeper.journal import Journal, KeyringUnavailableError


class EmptyChainer(chainer.ChainerBackend):
    backends = []  # a chainer that found no backend at all


@pytest.fixture(params=[fail.Keyring, EmptyChainer, null.Keyring], ids=["fail", "empty-chainer", "null"])
def no_keyring(request, test_keyring):
    keyring.set_keyring(request.param())  # the suite's fixture restores its own afterwards


def test_real_work_is_refused_with_what_to_do(no_keyring, isolated_home):
    with pytest.raises(KeyringUnavailableError) as raised:
        Journal.open(rehearsal=False)
    message = str(raised.value)
    assert "no usable OS keyring" in message
    assert "Secret Service" in message and "PYTHON_KEYRING_BACKEND" in message and "rehearse" in message
    assert not (isolated_home / "live" / "journal.jsonl").exists()  # nothing unsigned written


def test_rehearsal_keeps_its_key_in_memory_and_says_so(no_keyring, tmp_path, capsys):
    journal = Journal.open(rehearsal=True)
    assert journal.key_in_memory
    assert journal.entries()[0].body["key_in_memory"] is True
    journal.append("note", {"note": "practice run"})
    assert journal.verify().ok
    assert Journal.open(rehearsal=True).fingerprint == journal.fingerprint  # same process, same key

    assert main(["audit", "export", str(tmp_path / "export"), "--rehearse"]) == 0
    out = capsys.readouterr().out
    assert "kept in memory only" in out
    assert "KEPT IN MEMORY ONLY" in (tmp_path / "export" / "VERIFY.txt").read_text()


def test_a_new_process_without_keyring_starts_a_new_rehearsal_journal_beside_the_old(no_keyring, journal_path):
    from rootkeeper.journal import keys

    old = Journal.open(rehearsal=True, path=journal_path)
    keys._MEMORY_STORES.clear()  # what a new process would see
    new = Journal.open(rehearsal=True, path=journal_path)
    assert new.fingerprint != old.fingerprint and new.verify().ok
    assert (journal_path.parent / f"journal-{old.fingerprint[:12]}.jsonl").exists()


def test_verify_without_keyring_needs_the_public_key_and_head(journal, tmp_path, capsys, test_keyring):
    journal.append("note", {"note": "real work"})
    assert main(["audit", "export", str(tmp_path / "export"), "--journal", str(journal.path)]) == 0
    head = str(journal.head())
    keyring.set_keyring(fail.Keyring())
    capsys.readouterr()

    assert main(["audit", "verify", "--journal", str(journal.path)]) == 1
    captured = capsys.readouterr()
    assert "no usable OS keyring" in captured.err and "--public-key" in captured.out

    pem = str(tmp_path / "export" / "key.pem")
    assert main(["audit", "verify", "--journal", str(journal.path), "--public-key", pem,
                 "--expected-head", head]) == 0
    # the tail cut short is caught against --expected-head
    journal.path.write_bytes(journal.path.read_bytes().rsplit(b"\n", 2)[0] + b"\n")
    assert main(["audit", "verify", "--journal", str(journal.path), "--public-key", pem,
                 "--expected-head", head]) == 1
    assert "truncated" in capsys.readouterr().out
