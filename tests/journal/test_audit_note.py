"""`rootkeeper audit note TEXT [--ceremony ID]`: a signed, chained note entry; secrets and
unknown ceremonies refused with one line and exit 2."""

from __future__ import annotations

import json

from rootkeeper.cli import main
from rootkeeper.journal import Journal
from rootkeeper.journal.notes import write_note


def _started(journal: Journal, ceremony_id: str) -> None:
    journal.append("ceremony", {"runbook": "root-mfa", "ceremony_id": ceremony_id, "event": "started",
                                "facts": {}, "actor": {"operator": None}})


def test_a_note_is_signed_chained_and_verifies(journal, capsys):
    _started(journal, "c-1")
    assert main(["audit", "note", "Bob arrived late; the ceremony waited ten minutes.", "--ceremony", "c-1",
                 "--operator", "Olivia Operator", "--journal", str(journal.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Noted as seq 2 (ceremony c-1)")
    note = journal.entries()[-1]
    assert note.kind == "note" and note.hash in out
    assert note.body["text"] == "Bob arrived late; the ceremony waited ten minutes."
    assert note.body["ceremony_id"] == "c-1"
    assert note.body["actor"]["operator"] == "Olivia Operator" and note.body["actor"]["host"]
    assert journal.verify().ok
    assert main(["audit", "show", "--journal", str(journal.path)]) == 0
    assert "Bob arrived late; the ceremony waited ten minutes. (ceremony c-1)" in capsys.readouterr().out


def test_a_note_without_a_ceremony_in_the_rehearsal_journal(capsys):
    assert main(["audit", "note", "Quarterly review of the roster held.", "--rehearse"]) == 0
    assert "Noted as seq 1 in" in capsys.readouterr().out
    assert main(["audit", "verify", "--rehearse"]) == 0
    entries = Journal.open(rehearsal=True).entries()
    assert entries[-1].body["text"] == "Quarterly review of the roster held."
    assert "ceremony_id" not in entries[-1].body


def test_an_unknown_ceremony_is_refused_in_one_line(journal, capsys):
    _started(journal, "c-1")
    assert main(["audit", "note", "hello", "--ceremony", "c-404", "--journal", str(journal.path)]) == 2
    err = capsys.readouterr().err
    assert "No ceremony 'c-404' started" in err and len(err.strip().splitlines()) == 1
    assert [e.kind for e in journal.entries()] == ["genesis", "ceremony"]


def test_secrets_are_refused_and_never_written(journal, capsys):
    for secret in ("123 456", "seed JBSWY3DPEHPK3PXP JBSWY3DP", "otpauth://totp/x?secret=ABC",
                   "key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"):
        assert main(["audit", "note", secret, "--journal", str(journal.path)]) == 2
        err = capsys.readouterr().err
        assert "Refused to journal" in err and len(err.strip().splitlines()) == 1
    text = journal.path.read_text()
    assert "123456" not in text and "JBSWY3DP" not in text and "otpauth" not in text and "wJalr" not in text
    assert [e.kind for e in journal.entries()] == ["genesis"]


def test_an_empty_note_is_refused(journal, capsys):
    assert main(["audit", "note", "   ", "--journal", str(journal.path)]) == 2
    assert "A note needs some text." in capsys.readouterr().err


def test_write_note_returns_the_entry_and_may_skip_the_ceremony_check(journal, actor):
    entry = write_note(journal, "screen note", actor=actor, ceremony_id="c-9", check_ceremony=False)
    assert entry.seq == 1 and json.loads(entry.line)["body"]["ceremony_id"] == "c-9"
