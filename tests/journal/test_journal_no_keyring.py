"""A machine without a usable OS keyring (a headless server, CI): real work is refused in
plain words; a rehearsal keeps its practice key in a 0600 file of the rehearsal data
directory, so that several runs make ONE chain that verifies, and every view says the
journal is practice, not evidence."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import keyring
import pytest
from keyring.backends import chainer, fail, null

from rootkeeper.cli import main
from rootkeeper.journal import Journal, JournalError, KeyringUnavailableError
from rootkeeper.journal.keys import (REHEARSAL_KEY_FILE, KeyStorage, RehearsalFileKeyStore, rehearsal_key_note,
                                     store_for)


class EmptyChainer(chainer.ChainerBackend):
    backends = []  # a chainer that found no backend at all


@pytest.fixture(params=[fail.Keyring, EmptyChainer, null.Keyring], ids=["fail", "empty-chainer", "null"])
def no_keyring(request, test_keyring):
    keyring.set_keyring(request.param())  # the suite's fixture restores its own afterwards


@pytest.fixture
def headless(test_keyring):
    """This machine as it is: keyring's fail backend."""
    keyring.set_keyring(fail.Keyring())


def key_file(home):
    return home / "rehearsal" / REHEARSAL_KEY_FILE


def flat(text: str) -> str:
    return " ".join(text.split())


def test_real_work_is_refused_with_what_to_do(no_keyring, isolated_home):
    with pytest.raises(KeyringUnavailableError) as raised:
        Journal.open(rehearsal=False)
    message = str(raised.value)
    assert "no usable OS keyring" in message
    assert "Secret Service" in message and "PYTHON_KEYRING_BACKEND" in message and "rehearse" in message
    assert not (isolated_home / "live" / "journal.jsonl").exists()  # nothing unsigned written
    assert not key_file(isolated_home).exists() and not (isolated_home / "live" / REHEARSAL_KEY_FILE).exists()


def test_the_key_file_store_refuses_real_journals(tmp_path):
    with pytest.raises(KeyringUnavailableError, match="rehearsal journals only"):
        RehearsalFileKeyStore(tmp_path / "keys.json", rehearsal=False)
    assert not (tmp_path / "keys.json").exists()


def test_with_a_keyring_rehearsal_still_uses_it_not_a_file(isolated_home):
    journal = Journal.open(rehearsal=True)
    assert journal.key_storage is KeyStorage.OS_KEYRING and journal.key_storage_note is None
    assert journal.entries()[0].body["key_storage"] == "os-keyring"
    assert not key_file(isolated_home).exists()


def test_rehearsal_keeps_its_key_in_a_0600_file_that_holds_no_journal_line(no_keyring, isolated_home):
    journal = Journal.open(rehearsal=True)
    journal.append("note", {"note": "practice run"})
    path = key_file(isolated_home)
    assert isinstance(store_for(rehearsal=True), RehearsalFileKeyStore)
    assert journal.key_storage is KeyStorage.REHEARSAL_FILE and journal.key_storage == "rehearsal-file"
    assert journal.key_storage_note == rehearsal_key_note(path)
    genesis = journal.entries()[0].body
    assert genesis["key_storage"] == "rehearsal-file" and genesis["key_file"] == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = path.read_bytes()
    assert f"key:{journal.fingerprint}".encode() in stored and str(journal.head()).encode() in stored
    for line in journal.path.read_bytes().splitlines():
        assert line not in stored
    assert not list(path.parent.glob(".*.tmp"))  # the temp file was renamed, not left behind


def test_two_processes_worth_of_opens_make_one_chain_that_verifies(headless, isolated_home, clock, capsys):
    first = Journal.open(rehearsal=True, clock=clock)
    first.append("check", {"command": "status", "account_id": "314159265358"})
    del first  # nothing of the first run is kept in this process: every open reads the file again
    second = Journal.open(rehearsal=True, clock=clock)
    second.append("check", {"command": "status", "account_id": "314159265358"})

    assert [entry.seq for entry in second.entries()] == [0, 1, 2]
    assert len({entry.key for entry in second.entries()}) == 1
    assert second.verify().ok
    assert sorted(p.name for p in (isolated_home / "rehearsal").glob("journal*.jsonl")) == ["journal.jsonl"]

    assert main(["audit", "verify", "--rehearse"]) == 0
    out = capsys.readouterr().out
    assert "verified: 3 entries" in out and rehearsal_key_note(key_file(isolated_home)) in out


def test_a_rehearsal_cut_short_is_caught_against_the_head_in_the_key_file(headless, clock, capsys):
    journal = Journal.open(rehearsal=True, clock=clock)
    for index in range(3):
        journal.append("note", {"note": f"practice {index}"})
    journal.path.write_bytes(b"".join(line + b"\n" for line in journal.path.read_bytes().splitlines()[:-1]))
    assert main(["audit", "verify", "--rehearse"]) == 1
    out = capsys.readouterr().out
    assert "truncated" in out and "from line 4 on" in out


def test_show_verify_and_export_say_it_is_practice_not_evidence(headless, isolated_home, tmp_path, capsys):
    Journal.open(rehearsal=True).append("note", {"note": "practice run"})
    note = rehearsal_key_note(key_file(isolated_home))
    assert "no OS keyring" in note and "practice, not evidence" in note
    for command in (["audit", "show", "--rehearse"], ["audit", "verify", "--rehearse"],
                    ["audit", "export", str(tmp_path / "export"), "--rehearse"]):
        assert main(command) == 0, command
        assert note in capsys.readouterr().out, command
    assert note in flat((tmp_path / "export" / "VERIFY.txt").read_text())


def test_a_damaged_key_file_is_named_with_what_to_do(headless, isolated_home):
    Journal.open(rehearsal=True)
    key_file(isolated_home).write_text("{not json")
    with pytest.raises(JournalError, match="rehearsal key file") as raised:
        Journal.open(rehearsal=True)
    assert "Move it" in str(raised.value)


def test_concurrent_processes_lose_no_entry_of_the_key_file(tmp_path):
    path = tmp_path / "keys.json"
    script = ("import sys; from pathlib import Path; from rootkeeper.journal.keys import RehearsalFileKeyStore as S\n"
              "store = S(Path(sys.argv[1]), rehearsal=True)\n"
              "for i in range(30): store.put(f'{sys.argv[2]}:{i}', str(i))\n")
    writers = [subprocess.Popen([sys.executable, "-c", script, str(path), name]) for name in ("a", "b")]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0]
    store = RehearsalFileKeyStore(path, rehearsal=True)
    assert all(store.get(f"{name}:{i}") == str(i) for name in ("a", "b") for i in range(30))


@pytest.mark.slow
def test_a_new_user_on_a_headless_machine_gets_a_journal_that_verifies(isolated_home):
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}

    def rootkeeper(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "rootkeeper.cli", *args], env=env, capture_output=True,
                              text=True, timeout=120)

    for _ in range(2):
        status = rootkeeper("status", "--rehearse")
        assert status.returncode in (0, 1), status.stderr  # 1: the rehearsal world has findings
        assert "Not recorded" not in status.stderr
    verify = rootkeeper("audit", "verify", "--rehearse")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "verified: 3 entries" in verify.stdout
    assert "practice, not evidence" in verify.stdout
    assert sorted(p.name for p in (isolated_home / "rehearsal").glob("journal*.jsonl")) == ["journal.jsonl"]
    real = rootkeeper("audit", "verify")
    assert real.returncode == 2  # no real journal was written without a keyring


def test_verify_without_keyring_needs_the_public_key_and_head(journal, tmp_path, capsys, test_keyring):
    journal.append("note", {"note": "real work"})
    assert main(["audit", "export", str(tmp_path / "export"), "--journal", str(journal.path)]) == 0
    head = str(journal.head())
    keyring.set_keyring(fail.Keyring())
    capsys.readouterr()

    assert main(["audit", "verify", "--journal", str(journal.path)]) == 1
    captured = capsys.readouterr()
    assert "no usable OS keyring" in captured.err and "--public-key" in captured.out
    assert "practice" not in captured.out  # a real journal is never called one

    pem = str(tmp_path / "export" / "key.pem")
    assert main(["audit", "verify", "--journal", str(journal.path), "--public-key", pem,
                 "--expected-head", head]) == 0
    # the tail cut short is caught against --expected-head
    journal.path.write_bytes(journal.path.read_bytes().rsplit(b"\n", 2)[0] + b"\n")
    assert main(["audit", "verify", "--journal", str(journal.path), "--public-key", pem,
                 "--expected-head", head]) == 1
    assert "truncated" in capsys.readouterr().out
