"""The IAM-user MFA ceremony journaled in the real signed journal (rootkeeper.journal):
one entry per step, the chain intact as DESIGN.md's format v1 defines it, no secret in it.
Skipped until rootkeeper.journal provides Journal and Actor."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA
from rootkeeper.journal import Journal
from tests.support.mfa_ceremony import run_iam_user_mfa_to_the_end


def journal_lines(home: Path) -> list[bytes]:
    """The journal file under ROOTKEEPER_HOME: the one whose first line is a genesis entry."""
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        lines = path.read_bytes().splitlines()
        try:
            if lines and json.loads(lines[0]).get("kind") == "genesis":
                return lines
        except (ValueError, AttributeError):
            continue
    raise AssertionError("no journal file under ROOTKEEPER_HOME")


def test_the_real_journal_holds_one_entry_per_step_and_its_chain_holds(session, identity, clock):
    journal = Journal.open(rehearsal=True)
    ceremony, seed, codes = run_iam_user_mfa_to_the_end(journal, session, identity, clock,
                                                        operator="Olivia Operator", witness="Bob")

    lines = journal_lines(Path(os.environ["ROOTKEEPER_HOME"]))
    entries = [json.loads(line) for line in lines]
    steps = [e["body"] for e in entries if e["body"].get("ceremony_id") == ceremony.id and "step" in e["body"]]
    assert [s["step"] for s in steps] == [step.id for step in IAM_USER_VIRTUAL_MFA.steps]
    assert [e["seq"] for e in entries] == list(range(len(entries)))
    for previous, entry in zip(lines, entries[1:]):
        assert entry["prev"] == hashlib.sha256(previous).hexdigest()
    text = b"\n".join(lines).decode()
    assert seed not in text and codes["code_1"] not in text and codes["code_2"] not in text
