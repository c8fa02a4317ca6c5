"""An export is checkable with openssl and sha256sum alone, following VERIFY.txt."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess

import pytest

from rootkeeper.cli import main

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")

NO_PYTHON_PATH = "/usr/bin:/bin"  # the auditor's machine: no rootkeeper, no venv


def run_recipe(directory):
    return subprocess.run(["sh", "verify.sh"], cwd=directory, capture_output=True, text=True,
                          env={"PATH": NO_PYTHON_PATH}, timeout=60)


@pytest.fixture
def exported(journal, actor, tmp_path, capsys):
    for index in range(4):
        journal.record_step(actor=actor, runbook="rotate-root-password", step=f"step-{index}", step_kind="manual",
                            outcome="success", evidence={"index": index}, note="é ✓ done", witness="Bob")
    directory = tmp_path / "export"
    assert main(["audit", "export", str(directory), "--journal", str(journal.path)]) == 0
    assert "verify.sh" in capsys.readouterr().out
    return directory


def test_export_holds_the_journal_the_pem_key_and_the_instructions(exported, journal):
    assert (exported / "journal.jsonl").read_bytes() == journal.path.read_bytes()
    assert (exported / "key.pem").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    text = (exported / "VERIFY.txt").read_text()
    assert "openssl pkeyutl -verify -pubin -inkey key.pem -rawin" in text and "sha256sum" in text
    assert journal.fingerprint in text
    assert (exported / "head.txt").read_text().strip() == str(journal.head())


def test_every_signature_verifies_with_openssl_alone(exported, journal):
    names = sorted(p.stem for p in (exported / "entries").glob("*.sig"))
    assert len(names) == len(journal.entries()) == 5
    for name in names:  # the exact command VERIFY.txt gives
        result = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "key.pem", "-rawin",
                                 "-in", f"entries/{name}.signed", "-sigfile", f"entries/{name}.sig"],
                                cwd=exported, capture_output=True, text=True, env={"PATH": NO_PYTHON_PATH})
        assert result.returncode == 0 and "Signature Verified Successfully" in result.stdout
    # and the chain with sha256sum
    for name, entry in zip(names[:-1], journal.entries()[1:]):
        digest = subprocess.run(["sha256sum", f"entries/{name}.line"], cwd=exported, capture_output=True,
                                text=True).stdout.split()[0]
        assert digest == entry.prev


def test_the_shell_recipe_passes_on_an_intact_export(exported, journal):
    result = run_recipe(exported)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: 5 entries" in result.stdout and journal.fingerprint in result.stdout


def _rewrite_entry(directory, name, change):
    """Tamper as an attacker without the key would: change a line and its derived files."""
    line = (directory / "entries" / f"{name}.line").read_bytes()
    line = change(line)
    (directory / "entries" / f"{name}.line").write_bytes(line)
    lines = [p.read_bytes() for p in sorted((directory / "entries").glob("*.line"))]
    (directory / "journal.jsonl").write_bytes(b"".join(x + b"\n" for x in lines))


def test_the_shell_recipe_fails_on_a_changed_entry(exported):
    _rewrite_entry(exported, "000002", lambda line: line.replace(b'"outcome":"success"', b'"outcome":"skipped"'))
    signed = (exported / "entries" / "000002.line").read_bytes()
    obj = json.loads(signed)
    obj.pop("sig")
    (exported / "entries" / "000002.signed").write_bytes(
        json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode())
    result = run_recipe(exported)
    assert result.returncode == 1
    assert "signature of entry 2 does not verify" in result.stdout


def test_the_shell_recipe_fails_on_a_deleted_entry_and_a_cut_tail(exported):
    os.remove(exported / "entries" / "000002.line")
    lines = [p.read_bytes() for p in sorted((exported / "entries").glob("*.line"))]
    (exported / "journal.jsonl").write_bytes(b"".join(x + b"\n" for x in lines))
    result = run_recipe(exported)
    assert result.returncode == 1
    assert "entry 2 is not chained" in result.stdout and "not at the head" in result.stdout


def test_the_key_pem_is_the_genesis_key(exported):
    der = subprocess.run(["openssl", "pkey", "-pubin", "-in", "key.pem", "-outform", "DER"], cwd=exported,
                         capture_output=True).stdout
    genesis = json.loads((exported / "entries" / "000000.line").read_bytes())
    assert base64.b64encode(der[-32:]).decode() == genesis["body"]["public_key"]
    assert hashlib.sha256(der[-32:]).hexdigest() == genesis["key"]


def test_the_shell_recipe_says_a_journal_is_evidence_only_when_it_is_not_a_rehearsal(exported):
    result = run_recipe(exported)
    assert "practice" not in result.stdout.lower() and "REHEARSAL" not in result.stdout


def test_the_shell_recipe_says_a_rehearsal_journal_is_practice_not_evidence(tmp_path, clock, actor, capsys):
    from rootkeeper.journal import Journal

    rehearsal = Journal.open(rehearsal=True, path=tmp_path / "practice" / "journal.jsonl", clock=clock)
    rehearsal.record_step(actor=actor, runbook="root-mfa", step="verify-root-mfa", step_kind="check",
                          outcome="success", evidence={}, note=None, witness=None)
    directory = tmp_path / "export"
    assert main(["audit", "export", str(directory), "--journal", str(rehearsal.path), "--rehearse"]) == 0
    result = run_recipe(directory)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "practice, not evidence" in result.stdout
    assert "OK (PRACTICE, NOT EVIDENCE): 2 entries" in result.stdout
    assert "practice, not evidence" in (directory / "VERIFY.txt").read_text()
