"""`rootkeeper audit show|verify|export`: output and exit codes (0 holds, 1 problems, 2 usage)."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rootkeeper.cli import main
from rootkeeper.journal import Journal
from rootkeeper.journal.keys import public_key_pem


def test_show_lists_entries_as_a_table_and_as_json(journal, actor, capsys):
    journal.record_step(actor=actor, runbook="root-mfa", step="attest", step_kind="attest", outcome="success",
                        evidence={}, witness="Bob", attested_by="Alice Custodian")
    assert main(["audit", "show", "--journal", str(journal.path)]) == 0
    out = capsys.readouterr().out
    assert "genesis" in out
    assert "root-mfa/attest [attest] success — attested by Alice Custodian, witnessed by Bob" in out
    assert main(["audit", "show", "--json", "--journal", str(journal.path)]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["seq"] for e in entries] == [0, 1]
    assert (entries[1]["body"]["attested_by"], entries[1]["body"]["witnessed_by"]) == ("Alice Custodian", "Bob")


def test_verify_uses_the_default_journal_and_the_keyring(capsys):
    Journal.open(rehearsal=True).append("note", {"note": "practice"})
    assert main(["audit", "verify", "--rehearse"]) == 0
    assert "verified: 2 entries" in capsys.readouterr().out
    assert main(["audit", "verify"]) == 2  # no real journal yet: a usage error, said plainly
    assert "There is no journal" in capsys.readouterr().err


def test_verify_reports_each_problem_per_entry_and_exits_1(journal, capsys):
    for index in range(4):
        journal.append("note", {"note": f"entry {index}"})
    lines = journal.path.read_bytes().split(b"\n")[:-1]
    lines[2] = lines[2].replace(b"entry 1", b"entry X")
    del lines[3]
    journal.path.write_bytes(b"".join(line + b"\n" for line in lines) + b'{"torn')
    assert main(["audit", "verify", "--journal", str(journal.path)]) == 1
    out = capsys.readouterr().out
    assert "line 3 (seq 2): modified" in out
    assert "line 4 (seq 4): deleted: seq 3 missing" in out
    assert "torn-tail" in out and out.strip().splitlines()[-1].startswith("BROKEN")


def test_verify_against_another_public_key_reports_a_different_key(journal, tmp_path, capsys):
    other = tmp_path / "other.pem"
    other.write_bytes(public_key_pem(Ed25519PrivateKey.generate().public_key()))
    assert main(["audit", "verify", "--journal", str(journal.path), "--public-key", str(other)]) == 1
    assert "different-key" in capsys.readouterr().out


def test_usage_errors_exit_2(journal, tmp_path, capsys):
    assert main(["audit", "verify", "--journal", str(tmp_path / "missing.jsonl")]) == 2
    assert main(["audit", "verify", "--journal", str(journal.path), "--expected-head", "nonsense"]) == 2
    assert "--expected-head" in capsys.readouterr().err
    not_a_key = tmp_path / "key.pem"
    not_a_key.write_text("hello")
    assert main(["audit", "verify", "--journal", str(journal.path), "--public-key", str(not_a_key)]) == 2


def test_a_journal_copied_elsewhere_still_finds_its_key_in_the_keyring(journal, tmp_path, capsys):
    journal.append("note", {"note": "x"})
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(journal.path.read_bytes())
    assert main(["audit", "verify", "--journal", str(copy)]) == 0
    assert "this machine's keyring" in capsys.readouterr().out


def test_show_names_each_step_outcomes_evidence(journal, actor, capsys):
    journal.record_step(actor=actor, runbook="delete-root-keys", step="delete-in-console", step_kind="manual",
                        outcome="ok", evidence={}, evidence_kind="rehearsed")
    journal.record_step(actor=actor, runbook="delete-root-keys", step="verify-no-root-keys", step_kind="check",
                        outcome="ok", evidence={}, evidence_kind="verified")
    assert main(["audit", "show", "--journal", str(journal.path)]) == 0
    out = capsys.readouterr().out
    assert "delete-root-keys/delete-in-console [manual] ok (rehearsed)" in out
    assert "delete-root-keys/verify-no-root-keys [check] ok (verified)" in out
    assert main(["audit", "show", "--json", "--journal", str(journal.path)]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["body"]["evidence_kind"] for e in entries[1:]] == ["rehearsed", "verified"]


def test_verify_writes_nothing_beside_an_exported_journal(journal, actor, tmp_path, capsys):
    """An auditor's evidence folder stays as it was handed over: no lock file, no change."""
    journal.record_step(actor=actor, runbook="root-mfa", step="verify-root-mfa", step_kind="check",
                        outcome="success", evidence={}, note=None, witness=None)
    evidence = tmp_path / "evidence"
    assert main(["audit", "export", str(evidence), "--journal", str(journal.path)]) == 0
    before = {path: path.read_bytes() for path in evidence.rglob("*") if path.is_file()}
    assert main(["audit", "verify", "--journal", str(evidence / "journal.jsonl")]) == 0
    assert main(["audit", "show", "--journal", str(evidence / "journal.jsonl")]) == 0
    after = {path: path.read_bytes() for path in evidence.rglob("*") if path.is_file()}
    assert after == before
    assert not (evidence / "journal.jsonl.lock").exists()


def test_show_of_the_rehearsal_journal_names_the_verify_command_that_finds_it(capsys):
    """`audit show --rehearse` ended with "`rootkeeper audit verify` checks them", which looks
    for the real journal and says there is none."""
    Journal.open(rehearsal=True).append("note", {"note": "practice"})
    assert main(["audit", "show", "--rehearse"]) == 0
    assert "`rootkeeper audit verify --rehearse` checks them" in capsys.readouterr().out
