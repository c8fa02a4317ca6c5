"""`rootkeeper audit report CEREMONY_ID`: the printable record of a real ceremony from the
real signed journal, in Markdown and HTML, citing each entry's seq and line hash; an unknown
ceremony refused; no secret of the ceremony in it."""

from __future__ import annotations

import base64
import hashlib
import html
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rootkeeper.cli import main
from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA
from rootkeeper.journal import Journal
from rootkeeper.journal.cosign import challenge_of
from rootkeeper.journal.format import Entry, b64, key_fingerprint
from rootkeeper.journal.keys import raw_public_bytes
from rootkeeper.journal.report import Verification, build_record
from rootkeeper.journal.report_render import render_html, render_markdown
from tests.support.mfa_ceremony import run_iam_user_mfa_to_the_end


@pytest.fixture
def ceremony_run(session, identity, clock):
    """The IAM-user MFA ceremony, run to its end in the rehearsal journal, with a tied note."""
    journal = Journal.open(rehearsal=True)
    ceremony, seed, codes = run_iam_user_mfa_to_the_end(journal, session, identity, clock,
                                                        operator="Olivia <Operator>", witness="Bob & <Witness>")
    # Bob, enrolled on the roster, co-signs the attestation with his own key (the real format).
    bob = Ed25519PrivateKey.generate()
    raw = raw_public_bytes(bob.public_key())
    journal.append("roster", {"action": "enroll-witness", "custodian": "Bob", "public_key": b64(raw),
                              "fingerprint": key_fingerprint(raw)})
    attest = [e for e in journal.entries() if e.kind == "step" and e.body.get("ceremony_id") == ceremony.id][-1]
    challenge = challenge_of(attest)
    journal.append_witness(name="Bob", public_key=b64(raw), challenge=challenge,
                           signature=b64(bob.sign(challenge.encode())))
    assert main(["audit", "note", "Device kept in the safe, shelf 2.", "--ceremony", ceremony.id,
                 "--rehearse"]) == 0
    return journal, ceremony, [seed, codes["code_1"], codes["code_2"]], (attest.seq, key_fingerprint(raw))


def test_markdown_report_cites_every_step_with_seq_and_line_hash(ceremony_run, capsys):
    journal, ceremony, secrets, (attest_seq, bob_fingerprint) = ceremony_run
    capsys.readouterr()
    assert main(["audit", "report", ceremony.id, "--rehearse"]) == 0
    out = capsys.readouterr().out
    entries = journal.entries()
    mine = [e for e in entries if e.body.get("ceremony_id") == ceremony.id]
    steps = [e for e in mine if e.kind == "step"]
    assert len(steps) == len(IAM_USER_VIRTUAL_MFA.steps)
    assert out.startswith(f"# Ceremony report: {IAM_USER_VIRTUAL_MFA.title}")
    for entry in mine:  # every entry of the ceremony, cited by its seq and the SHA-256 of its line
        assert entry.hash == hashlib.sha256(entry.line).hexdigest() and entry.hash in out
    rows = [line for line in out.splitlines() if line.startswith(f"| {steps[0].seq} |")]
    assert rows and IAM_USER_VIRTUAL_MFA.steps[0].title in rows[0]
    for step in steps:
        row = next(line for line in out.splitlines() if line.startswith(f"| {step.seq} |"))
        assert f"| {step.body['outcome']} | {step.body['evidence_kind']} |" in row
    assert "Bob & <Witness>" in out  # Markdown is plain: the name as typed
    witness = next(e for e in journal.entries() if e.kind == "witness")
    assert f"Bob co-signed with key {bob_fingerprint} (seq {witness.seq})" in out
    assert f"Bob, key fingerprint {bob_fingerprint}, of seq {attest_seq} (seq {witness.seq}" in out
    assert witness.hash in out
    assert "Olivia <Operator>" in out and "Started" in out and "finished: seq" in out
    assert "Device kept in the safe, shelf 2." in out
    assert "verified: " in out and "chain and signatures intact" in out
    assert "- **Rehearsal**: yes: a rehearsal journal, practice, not evidence" in out
    for secret in secrets:
        assert secret not in out


def test_html_report_is_escaped_and_written_to_a_file(ceremony_run, tmp_path, capsys):
    journal, ceremony, secrets, _ = ceremony_run
    target = tmp_path / "binder.html"
    assert main(["audit", "report", ceremony.id, "--format", "html", "--rehearse", "--output", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "Bob &amp; &lt;Witness&gt;" in page and "<Witness>" not in page
    assert "Olivia &lt;Operator&gt;" in page and "<Operator>" not in page
    assert all(e.hash in page for e in journal.entries() if e.body.get("ceremony_id") == ceremony.id)
    assert html.escape(IAM_USER_VIRTUAL_MFA.title) in page
    for secret in secrets:
        assert secret not in page


def test_an_unknown_ceremony_is_refused_in_one_line(ceremony_run, capsys):
    capsys.readouterr()
    assert main(["audit", "report", "no-such-ceremony", "--rehearse"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "No ceremony 'no-such-ceremony'" in captured.err


def test_a_broken_journal_is_reported_as_broken(ceremony_run, capsys):
    journal, ceremony, _, _ = ceremony_run
    lines = journal.path.read_bytes().split(b"\n")
    assert b'"outcome":"ok"' in lines[3]
    lines[3] = lines[3].replace(b'"outcome":"ok"', b'"outcome":"failed"')  # rewritten after the fact
    journal.path.write_bytes(b"\n".join(lines))
    capsys.readouterr()
    assert main(["audit", "report", ceremony.id, "--rehearse"]) == 1
    captured = capsys.readouterr()
    assert "BROKEN" in captured.out and "modified" in captured.out and "does not verify" in captured.err


def _line(seq: int, kind: str, body: dict) -> Entry:
    obj = {"v": 1, "seq": seq, "ts": f"2025-06-11T09:3{seq}:00.000000Z", "kind": kind, "prev": "0" * 64,
           "key": "ab" * 32, "body": body, "sig": "c2ln"}
    return Entry.from_line(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode())


def test_a_witness_co_signature_gives_its_key_fingerprint_and_its_absence_is_said():
    raw = bytes(range(32))
    public_key, fingerprint = base64.b64encode(raw).decode(), hashlib.sha256(raw).hexdigest()
    entries = [_line(0, "genesis", {}),
               _line(1, "ceremony", {"runbook": "root-mfa", "ceremony_id": "c-1", "event": "started",
                                     "actor": {"operator": "Olivia", "os_user": "olivia", "host": "laptop"}}),
               _line(2, "step", {"runbook": "root-mfa", "step": "attest", "step_kind": "attest", "outcome": "ok",
                                 "evidence_kind": "witnessed", "attested_by": "Alice", "witnessed_by": "Bob",
                                 "ceremony_id": "c-1"}),
               _line(3, "witness", {"name": "Bob", "public_key": public_key, "of_seq": 2, "of_hash": "x"})]
    ok = Verification(True, "verified: 4 entries")
    record = build_record(entries, "c-1", journal="j.jsonl", verification=ok,
                          titles={"root-mfa": ("Enable MFA on root", {"attest": "Attest the device"})})
    text = render_markdown(record)
    assert f"Bob; Bob co-signed with key {fingerprint} (seq 3)" in text
    assert f"Bob, key fingerprint {fingerprint}, of seq 2 (seq 3," in text
    assert "Enable MFA on root (root-mfa)" in text and "Attest the device (attest)" in text
    assert "not finished" in text and "Olivia (olivia@laptop)" in text
    assert fingerprint in render_html(record)
    assert "Rehearsal" not in text
    alone = render_markdown(build_record(entries[:3], "c-1", journal="j.jsonl", verification=ok))
    assert "None in the journal" in alone and "co-signed" not in alone
