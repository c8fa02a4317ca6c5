"""Issue 13, as the operator on a bastion meets it: `status` appends to a journal whose key is in
the encrypted keyring file, `audit verify` verifies it, the key is never in any file in the
clear, and `keyring migrate` moves the same key to an OS keyring (a fake in-memory one here)
and back, journaled."""

from __future__ import annotations

import base64
import json

import keyring
import pytest

from rootkeeper.cli import main
from rootkeeper.journal import Journal, keyring_choice
from rootkeeper.journal.keys import SERVICE, load_signing_key
from tests.conftest import MemoryKeyring
from tests.support.passphrase import PASSPHRASE, ScriptedTerminal, headless_terminal


@pytest.fixture
def terminal(monkeypatch, test_keyring) -> ScriptedTerminal:
    yield from headless_terminal(monkeypatch)

def keyring_path(home):
    return home / "live" / "keyring.enc"


def private_bytes(journal: Journal) -> bytes:
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    return journal._signing_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def assert_nowhere_in_the_clear(secret: bytes, *roots) -> int:
    """No file under ``roots`` holds ``secret`` raw, in base64 (any alignment), hex or urlsafe base64."""
    forms = {secret, secret.hex().encode(), secret.hex().upper().encode(), base64.b64encode(secret),
             base64.urlsafe_b64encode(secret)}
    for shift in (1, 2):  # base64 of the bytes when they do not start on a 3-byte boundary
        forms.add(base64.b64encode(b"\0" * shift + secret)[4:-4])
    files = [p for root in roots for p in root.rglob("*") if p.is_file()]
    for path in files:
        data = path.read_bytes()
        for form in forms:
            assert form not in data, f"the private key is in {path} in the clear"
    return len(files)


def test_status_appends_behind_a_passphrase_and_verify_verifies(moto_account, terminal, isolated_home, capsys):
    terminal.type(PASSPHRASE, PASSPHRASE)
    code = main(["status", "--keyring", "file"])
    out, err = capsys.readouterr()
    assert code == 1 and "Not recorded" not in err
    assert f"Recorded as journal entry seq 1 in {isolated_home / 'live' / 'journal.jsonl'}; journal key: " \
           f"encrypted file {keyring_path(isolated_home)}" in out
    keyring_choice.forget_unlocked_files()
    terminal.type(PASSPHRASE)
    assert main(["--keyring", "file", "status"]) == 1
    assert "Recorded as journal entry seq 2" in capsys.readouterr().out
    keyring_choice.forget_unlocked_files()
    terminal.type(PASSPHRASE)
    assert main(["--keyring", "file", "audit", "verify"]) == 0
    assert "verified: 3 entries" in capsys.readouterr().out


def test_the_private_key_is_in_no_file_in_the_clear(moto_account, terminal, isolated_home, tmp_path, capsys):
    terminal.type(PASSPHRASE, PASSPHRASE)
    assert main(["--keyring", "file", "status"]) == 1
    assert main(["--keyring", "file", "audit", "export", str(tmp_path / "export")]) == 0
    journal = Journal.open(rehearsal=False)
    secret = private_bytes(journal)
    assert len(secret) == 32
    assert assert_nowhere_in_the_clear(secret, isolated_home, tmp_path / "export") >= 4
    document = json.loads(keyring_path(isolated_home).read_text())
    assert base64.b64encode(secret).decode() not in json.dumps(document)


def test_wrong_passphrase_for_status_reads_aws_but_writes_nothing(moto_account, terminal, isolated_home, capsys):
    terminal.type(PASSPHRASE, PASSPHRASE)
    assert main(["--keyring", "file", "status"]) == 1
    capsys.readouterr()
    keyring_choice.forget_unlocked_files()
    before = {p: p.read_bytes() for p in isolated_home.rglob("*") if p.is_file()}
    terminal.type("not it", "not it either", "no")
    assert main(["--keyring", "file", "status"]) == 1  # the posture was read: findings, as without a journal
    err = capsys.readouterr().err
    assert err.count("Wrong passphrase") == 3 and err.splitlines()[-1].startswith(
        "Not recorded in the journal: The keyring file") and "stays locked after 3 attempts" in err
    assert {p: p.read_bytes() for p in isolated_home.rglob("*") if p.is_file()} == before


@pytest.fixture
def os_keyring(terminal) -> MemoryKeyring:
    """An OS keyring appears on the machine (a fake, in memory): what migrate moves to and from."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def test_migrate_to_the_os_keyring_and_back_keeps_the_same_key(terminal, isolated_home, capsys):
    terminal.type(PASSPHRASE, PASSPHRASE)
    journal = Journal.open(rehearsal=False)
    journal.append("note", {"text": "written with the key in the file"})
    assert main(["--keyring", "file", "witness", "enroll", "--name", "Olivia"]) == 0
    fingerprint, secret = journal.fingerprint, private_bytes(journal)
    keyring_choice.forget_unlocked_files()

    os_side = MemoryKeyring()
    keyring.set_keyring(os_side)
    terminal.type(PASSPHRASE)
    assert main(["keyring", "migrate", "--to", "os"]) == 0
    out = capsys.readouterr().out
    assert "Moved from the encrypted file" in out and "to the OS keyring (MemoryKeyring)" in out
    assert f"journal key {fingerprint}" in out and "witness key" in out
    assert load_signing_key(_os_store(), fingerprint).public_key().public_bytes_raw() == \
        journal.public_key.public_bytes_raw()
    file_entries = _file_entries(isolated_home)
    assert file_entries == {}  # moved, not copied: the file keeps no key
    keyring_choice.select(None)  # from now on, the OS keyring
    assert main(["audit", "verify"]) == 0
    verified = capsys.readouterr().out
    assert "journal key: OS keyring (MemoryKeyring)" in verified and "verified: 3 entries" in verified
    [moved] = [e for e in Journal.open(rehearsal=False).entries() if e.body.get("event") == "keyring-migrated"]
    assert moved.body["from"] == "encrypted-file" and moved.body["to"] == "os-keyring"
    assert moved.body["key"] == fingerprint and moved.key == fingerprint

    assert main(["keyring", "migrate", "--to", "file"]) == 0  # the file exists: its passphrase, once
    assert "Moved from the OS keyring (MemoryKeyring) to the encrypted file" in capsys.readouterr().out
    assert not [k for k in os_side.values if k[0] == SERVICE]
    keyring_choice.forget_unlocked_files()
    keyring_choice.select("file")
    keyring.set_keyring(__import__("keyring.backends.fail", fromlist=["Keyring"]).Keyring())
    terminal.type(PASSPHRASE)
    back = Journal.open(rehearsal=False)
    assert back.fingerprint == fingerprint and private_bytes(back) == secret
    assert back.verify().ok and len(back.entries()) == 4


def test_migrate_refuses_cleanly_without_an_os_keyring(terminal, isolated_home, capsys):
    terminal.type(PASSPHRASE, PASSPHRASE)
    Journal.open(rehearsal=False)
    before = keyring_path(isolated_home).read_bytes(), (isolated_home / "live" / "journal.jsonl").read_bytes()
    assert main(["keyring", "migrate", "--to", "os"]) == 2
    assert "no usable OS keyring on this machine to move the keys to; nothing was moved" in capsys.readouterr().err
    assert (keyring_path(isolated_home).read_bytes(), (isolated_home / "live" / "journal.jsonl").read_bytes()) \
        == before


def _os_store():
    from rootkeeper.journal.keys import KeyringKeyStore

    return KeyringKeyStore(SERVICE)


def _file_entries(home) -> dict:
    from rootkeeper.journal.keyring_file import EncryptedKeyringFile

    file = EncryptedKeyringFile(keyring_path(home))
    file.unlock(PASSPHRASE)
    return {service: names for service, names in file.entries().items() if names}
