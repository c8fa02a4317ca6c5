"""Issue 13: real work on a machine without an OS keyring, with the keys in an encrypted file
behind a passphrase: created 0600 after asking twice, refused with nothing changed on a wrong
passphrase, a file others can read, a missing or a damaged file."""

from __future__ import annotations

import json
import os
import stat

import keyring
import pytest

from rootkeeper.cli import main
from rootkeeper.journal import Journal, KeyringUnavailableError, keyring_choice
from rootkeeper.journal.keyring_file import EncryptedKeyringFile, KeyringFileError
from rootkeeper.journal.keys import SERVICE, KeyStorage
from tests.support.passphrase import PASSPHRASE, ScriptedTerminal, headless_terminal


@pytest.fixture
def terminal(monkeypatch, test_keyring) -> ScriptedTerminal:
    yield from headless_terminal(monkeypatch)

def keyring_path(home):
    return home / "live" / "keyring.enc"


def snapshot(home) -> dict[str, bytes]:
    """Every file under the data directory, by name, with its bytes."""
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


def test_a_new_journal_asks_the_passphrase_twice_and_keeps_its_key_in_a_0600_file(terminal, isolated_home):
    terminal.type(PASSPHRASE, PASSPHRASE)
    journal = Journal.open(rehearsal=False)
    assert terminal.prompts == ["New passphrase: ", "The same passphrase again: "]
    path = keyring_path(isolated_home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert journal.key_storage is KeyStorage.ENCRYPTED_FILE
    assert journal.key_holder.startswith(f"encrypted file {path} (")
    genesis = journal.entries()[0]
    assert genesis.body["key_storage"] == "encrypted-file" and genesis.body["key_file"] == str(path)
    journal.append("note", {"text": "first"})
    # Only ciphertext: no entry name, service or value in the clear.
    text = path.read_text()
    assert SERVICE not in text and journal.fingerprint not in text and "head:" not in text
    assert set(json.loads(text)) == {"format", "cipher", "kdf", "check", "nonce", "ciphertext"}


def test_the_next_process_asks_once_and_verifies_against_the_file(terminal, isolated_home, capsys):
    terminal.type(PASSPHRASE, PASSPHRASE)
    Journal.open(rehearsal=False).append("note", {"text": "first"})
    keyring_choice.forget_unlocked_files()  # a new process: the file is locked again
    terminal.type(PASSPHRASE)
    assert main(["--keyring", "file", "audit", "note", "second"]) == 0
    keyring_choice.forget_unlocked_files()
    terminal.type(PASSPHRASE)
    assert main(["audit", "verify", "--keyring", "file"]) == 0
    out = capsys.readouterr().out
    assert f"journal key: encrypted file {keyring_path(isolated_home)}" in out
    assert "verified: 3 entries" in out and "encrypted keyring file" in out
    assert terminal.prompts.count(f"Passphrase of the rootkeeper keyring file {keyring_path(isolated_home)}: ") == 2


def test_a_wrong_passphrase_is_refused_and_nothing_is_written(terminal, isolated_home, capsys):
    terminal.type(PASSPHRASE, PASSPHRASE)
    Journal.open(rehearsal=False).append("note", {"text": "first"})
    keyring_choice.forget_unlocked_files()
    before = snapshot(isolated_home)
    terminal.type("wrong one", "still wrong", "nope")
    assert main(["--keyring", "file", "audit", "note", "should not be written"]) == 2
    err = capsys.readouterr().err
    assert "stays locked after 3 attempts" in err and "Wrong passphrase" in err and "Traceback" not in err
    assert snapshot(isolated_home) == before  # not a byte changed: journal, keyring file, lock files


def test_a_wrong_passphrase_then_the_right_one_goes_on(terminal, isolated_home):
    terminal.type(PASSPHRASE, PASSPHRASE)
    Journal.open(rehearsal=False)
    keyring_choice.forget_unlocked_files()
    terminal.type("wrong one", PASSPHRASE)
    assert Journal.open(rehearsal=False).append("note", {"text": "after a typo"}).seq == 1


def test_a_file_others_can_read_is_refused_before_any_passphrase(terminal, isolated_home, capsys):
    terminal.type(PASSPHRASE, PASSPHRASE)
    Journal.open(rehearsal=False)
    keyring_choice.forget_unlocked_files()
    os.chmod(keyring_path(isolated_home), 0o644)
    before = snapshot(isolated_home)
    assert main(["--keyring", "file", "audit", "note", "x"]) == 2
    err = capsys.readouterr().err
    assert "can be read or written by others (mode 644)" in err and "chmod 600" in err
    assert terminal.prompts == ["New passphrase: ", "The same passphrase again: "]  # not asked again
    assert snapshot(isolated_home) == before


@pytest.mark.parametrize("damage", ["flip a ciphertext byte", "not json", "swap the salt"])
def test_a_damaged_file_is_refused_with_nothing_changed(terminal, isolated_home, damage):
    terminal.type(PASSPHRASE, PASSPHRASE)
    Journal.open(rehearsal=False)
    keyring_choice.forget_unlocked_files()
    path = keyring_path(isolated_home)
    document = json.loads(path.read_text())
    if damage == "flip a ciphertext byte":
        raw = bytearray(__import__("base64").b64decode(document["ciphertext"]))
        raw[3] ^= 1
        document["ciphertext"] = __import__("base64").b64encode(bytes(raw)).decode()
        path.write_text(json.dumps(document))
    elif damage == "not json":
        path.write_text("[keyring]\nnot = ours\n")
    else:
        document["kdf"]["salt"] = __import__("base64").b64encode(b"0" * 16).decode()
        path.write_text(json.dumps(document))
    before = snapshot(isolated_home)
    terminal.type(PASSPHRASE, PASSPHRASE, PASSPHRASE)
    with pytest.raises(KeyringUnavailableError) as raised:
        Journal.open(rehearsal=False).append("note", {"text": "x"})
    message = str(raised.value)
    if damage == "flip a ciphertext byte":
        assert "is damaged: it does not authenticate" in message and "passphrase itself is right" in message
    elif damage == "not json":
        assert "damaged or not a rootkeeper keyring file" in message
    else:  # another salt derives another key: indistinguishable from a wrong passphrase, and refused as one
        assert "stays locked" in message
    assert snapshot(isolated_home) == before


def test_a_missing_file_is_refused_and_no_new_key_is_made(terminal, isolated_home, capsys):
    terminal.type(PASSPHRASE, PASSPHRASE)
    Journal.open(rehearsal=False).append("note", {"text": "first"})
    keyring_choice.forget_unlocked_files()
    keyring_path(isolated_home).unlink()
    before = snapshot(isolated_home)
    assert main(["--keyring", "file", "audit", "note", "x"]) == 2
    err = capsys.readouterr().err
    assert "is not in the encrypted keyring file" in err and "which does not exist" in err
    assert snapshot(isolated_home) == before and not keyring_path(isolated_home).exists()


def test_without_an_os_keyring_and_without_the_choice_real_work_is_refused_naming_the_option(terminal,
                                                                                            isolated_home):
    keyring_choice.select(None)  # the operator did not choose the file
    with pytest.raises(KeyringUnavailableError) as raised:
        Journal.open(rehearsal=False)
    assert "--keyring file" in str(raised.value) and "ROOTKEEPER_KEYRING=file" in str(raised.value)
    assert not (isolated_home / "live").exists() or snapshot(isolated_home) == {}
    assert terminal.prompts == []


def test_the_setting_and_keyrings_own_variable_choose_the_file_too(terminal, monkeypatch):
    keyring_choice.select(None)
    monkeypatch.setenv("ROOTKEEPER_KEYRING", "file")
    assert keyring_choice.current() is keyring_choice.KeyringChoice.FILE
    monkeypatch.delenv("ROOTKEEPER_KEYRING")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", keyring_choice.BACKEND_PATH)
    assert keyring_choice.current() is keyring_choice.KeyringChoice.FILE
    from rootkeeper.journal.keyring_backend import EncryptedFileKeyring

    backend = keyring.core.load_keyring(keyring_choice.BACKEND_PATH)
    assert isinstance(backend, EncryptedFileKeyring)
    terminal.type(PASSPHRASE, PASSPHRASE)
    backend.set_password("some-service", "entry", "value")
    assert backend.get_password("some-service", "entry") == "value"
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    assert keyring_choice.current() is keyring_choice.KeyringChoice.AUTO
    assert not EncryptedFileKeyring.viable  # never picked by keyring's own discovery


def test_a_rehearsal_never_touches_the_keyring_file(terminal, isolated_home):
    Journal.open(rehearsal=True).append("note", {"text": "practice"})
    assert terminal.prompts == [] and not keyring_path(isolated_home).exists()


def test_a_new_passphrase_must_be_long_enough_and_typed_the_same_twice(terminal, isolated_home):
    terminal.type("short", "short", PASSPHRASE, "typo " + PASSPHRASE, PASSPHRASE, PASSPHRASE)
    Journal.open(rehearsal=False)
    assert len(terminal.prompts) == 6 and keyring_path(isolated_home).exists()


def test_the_container_authenticates_the_whole_file(tmp_path, monkeypatch):
    from rootkeeper.journal import keyring_file

    monkeypatch.setattr(keyring_file, "SCRYPT_N", 2**14)
    file = EncryptedKeyringFile(tmp_path / "k.enc")
    file.create(PASSPHRASE)
    file.put("svc", "head:abc", "1:old")
    old = (tmp_path / "k.enc").read_bytes()
    file.put("svc", "head:abc", "2:new")
    (tmp_path / "k.enc").write_bytes(old)  # a whole older file still opens (said in the README) ...
    assert file.get("svc", "head:abc") == "1:old"
    document = json.loads(old)
    document["nonce"] = json.loads((tmp_path / "k.enc").read_text())["nonce"][:-4] + "AAA="
    (tmp_path / "k.enc").write_text(json.dumps(document))  # ... but no part of one is accepted alone
    with pytest.raises(KeyringFileError, match="damaged"):
        file.get("svc", "head:abc")
