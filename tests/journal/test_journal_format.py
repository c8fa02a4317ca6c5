"""Format v1 as DESIGN.md defines it: canonical lines, the chain, signatures, genesis, the
key and the head in the keyring."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from rootkeeper.journal import Journal, JournalError
from rootkeeper.journal.format import canonical, key_fingerprint, line_hash
from rootkeeper.journal.keys import REHEARSAL_SERVICE, SERVICE


def written(journal: Journal) -> list[bytes]:
    data = journal.path.read_bytes()
    assert data.endswith(b"\n")
    return data.split(b"\n")[:-1]


def test_every_line_is_canonical_json_with_the_v1_members(journal, actor):
    journal.record_step(actor=actor, runbook="root-mfa", step="verify", step_kind="check", outcome="success",
                        evidence={"account_mfa_enabled": 1}, note="Verified with Bob — ok", witness="Bob")
    for line in written(journal):
        obj = json.loads(line)
        assert line == canonical(obj)
        assert set(obj) == {"v", "seq", "ts", "prev", "kind", "body", "key", "sig"}
        assert obj["v"] == 1
    assert "—" in written(journal)[1].decode("utf-8")  # ensure_ascii=False: UTF-8, not \u escapes


def test_genesis_carries_the_public_key_and_the_chain_links_each_line_to_the_one_before(journal):
    for index in range(3):
        journal.append("note", {"note": f"entry {index}"})
    lines = written(journal)
    genesis = json.loads(lines[0])
    assert genesis["kind"] == "genesis" and genesis["seq"] == 0 and genesis["prev"] == "0" * 64
    raw = base64.b64decode(genesis["body"]["public_key"])
    assert genesis["key"] == key_fingerprint(raw) == journal.fingerprint
    for number, (previous, line) in enumerate(zip(lines, lines[1:]), start=1):
        obj = json.loads(line)
        assert obj["seq"] == number
        assert obj["prev"] == line_hash(previous)
        assert obj["key"] == genesis["key"]


def test_sig_is_ed25519_over_the_canonical_entry_without_sig(journal):
    journal.append("note", {"note": "signed"})
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(json.loads(written(journal)[0])["body"]["public_key"]))
    for line in written(journal):
        obj = json.loads(line)
        signature = base64.b64decode(obj.pop("sig"))
        public.verify(signature, canonical(obj))  # raises InvalidSignature if not


def test_timestamps_come_from_the_injected_clock_in_rfc3339_utc(journal):
    entry = journal.append("note", {"note": "at a known time"})
    assert entry.ts == "2025-03-14T09:26:00.002000Z"  # the step clock's second reading (the genesis had the first)


def test_the_private_key_is_in_the_keyring_and_nowhere_on_disk(journal, test_keyring, tmp_path):
    journal.append("note", {"note": "x"})
    private_entries = {k: v for k, v in test_keyring.values.items() if k[1].startswith("key:")}
    assert list(private_entries) == [(SERVICE, f"key:{journal.fingerprint}")]
    secret = private_entries[(SERVICE, f"key:{journal.fingerprint}")]
    raw = base64.b64decode(secret)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert secret.encode() not in content and raw not in content


def test_the_head_is_mirrored_in_the_keyring_after_every_append(journal, test_keyring):
    for index in range(3):
        entry = journal.append("note", {"note": str(index)})
        assert test_keyring.values[(SERVICE, f"head:{journal.fingerprint}")] == f"{entry.seq}:{entry.hash}"


def test_rehearsal_journals_use_their_own_keyring_entries(journal_path, clock, test_keyring):
    Journal.open(rehearsal=True, path=journal_path, clock=clock).append("note", {"note": "practice"})
    assert {service for service, _ in test_keyring.values} == {REHEARSAL_SERVICE}


def test_default_paths_keep_rehearsal_apart_from_real_work(isolated_home):
    real = Journal.open(rehearsal=False)
    rehearsal = Journal.open(rehearsal=True)
    assert real.path == isolated_home / "live" / "journal.jsonl"
    assert rehearsal.path == isolated_home / "rehearsal" / "journal.jsonl"
    assert real.fingerprint != rehearsal.fingerprint


def test_reopening_continues_the_same_chain_with_the_same_key(journal_path, clock):
    first = Journal.open(rehearsal=False, path=journal_path, clock=clock)
    first.append("note", {"note": "one"})
    again = Journal.open(rehearsal=False, path=journal_path, clock=clock)
    entry = again.append("note", {"note": "two"})
    assert again.fingerprint == first.fingerprint and entry.seq == 2
    assert again.verify().ok


def test_a_journal_replaced_by_one_with_another_key_is_refused(journal_path, clock, tmp_path):
    Journal.open(rehearsal=False, path=journal_path, clock=clock)
    other = Journal.open(rehearsal=False, path=tmp_path / "other.jsonl", clock=clock)
    journal_path.write_bytes(other.path.read_bytes())
    with pytest.raises(JournalError, match="replaced"):
        Journal.open(rehearsal=False, path=journal_path, clock=clock)


def test_a_journal_whose_key_is_not_in_the_keyring_is_not_written_to(journal_path, clock, test_keyring):
    Journal.open(rehearsal=False, path=journal_path, clock=clock)
    test_keyring.values.clear()
    with pytest.raises(JournalError, match="not in this machine's keyring"):
        Journal.open(rehearsal=False, path=journal_path, clock=clock)


def test_record_step_writes_who_what_and_the_witness(journal, actor):
    entry = journal.record_step(actor=actor, runbook="delete-root-keys", step="confirm", step_kind="attest",
                                outcome="success", evidence={"typed_account_id": "123456789012"},
                                note="done with Bob", witness="Bob Witness", ceremony_id="c-1")
    assert entry.kind == "step"
    assert entry.body == {"actor": {"operator": "Olivia Operator", "os_user": "olivia", "host": "laptop-7",
                                    "aws_arn": "arn:aws:iam::123456789012:user/olivia",
                                    "account_id": "123456789012"},
                          "runbook": "delete-root-keys", "step": "confirm", "step_kind": "attest",
                          "outcome": "success", "evidence": {"typed_account_id": "123456789012"},
                          "note": "done with Bob", "witness": "Bob Witness", "witnessed_by": "Bob Witness",
                          "ceremony_id": "c-1"}


def test_who_attested_and_who_witnessed_are_fields_of_the_step_entry(journal, actor):
    entry = journal.record_step(actor=actor, runbook="root-mfa", step="custodian-attests", step_kind="attest",
                                outcome="ok", evidence={}, witness="Bob Witness", attested_by="Alice Custodian")
    assert (entry.body["attested_by"], entry.body["witnessed_by"]) == ("Alice Custodian", "Bob Witness")
    assert "note" not in entry.body  # the names are not prose in a note


def test_unknown_kinds_and_step_kinds_are_refused(journal, actor):
    with pytest.raises(JournalError):
        journal.append("genesis", {})
    with pytest.raises(JournalError):
        journal.append("diary", {})
    with pytest.raises(JournalError):
        journal.record_step(actor=actor, runbook="r", step="s", step_kind="guess", outcome="ok", evidence={})


def test_entries_reads_back_what_was_written(journal):
    journal.append("check", {"command": "status", "summary": {"pass": 3}})
    assert [(e.seq, e.kind) for e in journal.entries()] == [(0, "genesis"), (1, "check")]
