"""Incidents in the signed journal: opened, joined and closed entries that verify like any
other; tampering with one is detected; `rootkeeper audit incident` lists them and prints one
as a timeline (md, html), with the journal's verification state."""

from __future__ import annotations

import pytest

from rootkeeper.ceremonies.recording import JournalRecorder
from rootkeeper.cli import main
from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.core.runbook import Requirement, Runbook, Step, StepKind
from rootkeeper.journal.errors import JournalError
from rootkeeper.journal.incidents import close_incident, incident_to_join, incidents_in
from rootkeeper.journal.notes import write_note

ATTEST = Step(id="attest", kind=StepKind.ATTEST, title="Confirm the recovery", verifies="It was recovered.")
RECOVERY = Runbook(id="recovery", title="Recovery", summary="", requirement=Requirement.ANY, steps=(ATTEST,),
                   incident=True)
RESEAL = Runbook(id="reseal", title="Reseal", summary="", requirement=Requirement.ANY, steps=(ATTEST,),
                 incident=True, closes_incident=True)
ADMIN = Identity("123456789012", "arn:aws:iam::123456789012:user/alice", PrincipalKind.IAM_USER)


def ceremony_of(runbook, journal, actor, clock, incident_id=None) -> Ceremony:
    ceremony = Ceremony.start(runbook, identity=ADMIN, handlers={}, recorder=JournalRecorder(journal, actor),
                              clock=clock, incident_id=incident_id)
    ceremony.run_step(attested_by="Olivia Operator")
    return ceremony


@pytest.fixture
def closed_incident(journal, actor, clock):
    recovery = ceremony_of(RECOVERY, journal, actor, clock)
    incident = recovery.facts["incident_id"]
    write_note(journal, "Phone call <b>confirmed</b> by the owner.", actor=actor, ceremony_id=recovery.id)
    reseal = ceremony_of(RESEAL, journal, actor, clock, incident_id=incident_to_join(journal.entries(), None)
                         .incident_id)
    close_incident(journal, incident, ceremony_id=reseal.id, note="Recovered and re-sealed.", witness="Bob Witness",
                   actor=actor.to_json())
    return incident


def test_a_closed_incident_verifies_and_lists(journal, closed_incident, capsys):
    assert journal.verify().ok
    (incident,) = incidents_in(journal.entries())
    assert (incident.incident_id, incident.runbooks, incident.state) == (closed_incident, ["recovery", "reseal"],
                                                                          "closed")
    kinds = [(e.kind, e.body.get("event")) for e in journal.entries() if e.kind in ("incident", "ceremony")]
    assert kinds[:2] == [("ceremony", "started"), ("incident", "opened")]
    assert ("incident", "joined") in kinds and kinds[-1] == ("incident", "closed")
    assert main(["audit", "incident", "--journal", str(journal.path)]) == 0
    out = capsys.readouterr().out
    assert closed_incident in out and "closed" in out and "recovery, reseal" in out and "verified" in out


def test_the_timeline_prints_in_markdown_and_html(journal, closed_incident, capsys):
    assert main(["audit", "incident", closed_incident, "--journal", str(journal.path)]) == 0
    out = capsys.readouterr().out
    assert f"# Incident {closed_incident}" in out and "Recovered and re-sealed." in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| seq")]
    whats = [row.split(" | ")[4] for row in rows]
    assert whats[:2] == ["ceremony started", "incident opened"] and whats[-1] == "incident closed"
    assert "note" in whats and "incident joined" in whats
    assert "witness Bob Witness" in out
    assert main(["audit", "incident", closed_incident, "--format", "html", "--journal", str(journal.path)]) == 0
    page = capsys.readouterr().out
    assert "&lt;b&gt;confirmed&lt;/b&gt;" in page and "<b>confirmed" not in page


def test_an_unknown_incident_is_a_usage_error(journal, closed_incident, capsys):
    assert main(["audit", "incident", "INC-20000101-0000", "--journal", str(journal.path)]) == 2
    assert "There is no incident" in capsys.readouterr().err


def test_a_closed_incident_cannot_be_closed_again_nor_joined(journal, closed_incident, actor, clock):
    with pytest.raises(JournalError, match="already closed"):
        close_incident(journal, closed_incident, ceremony_id="x", note="again", witness="Bob")
    with pytest.raises(JournalError, match="already closed"):
        incident_to_join(journal.entries(), closed_incident)
    assert incident_to_join(journal.entries(), None) is None  # none open: the re-seal opens its own
    with pytest.raises(JournalError, match="needs a note"):
        close_incident(journal, closed_incident, ceremony_id="x", note="  ", witness="Bob")


def test_tampering_with_an_incident_entry_is_detected(journal, closed_incident, capsys):
    data = journal.path.read_bytes()
    assert b"Recovered and re-sealed." in data
    journal.path.write_bytes(data.replace(b"Recovered and re-sealed.", b"Nothing happened here...."))
    assert main(["audit", "incident", closed_incident, "--journal", str(journal.path)]) == 1
    captured = capsys.readouterr()
    assert "modified" in captured.out and "does not verify" in captured.err


def test_audit_show_and_the_list_name_the_incident_and_any_drill(journal, closed_incident, actor, capsys):
    journal.append("drill", {"runbook": "recovery", "ceremony_id": "c-9", "duration_seconds": 452, "ended": "finished",
                             "mistakes": 2, "mistakes_detail": [], "steps_retried": ["attest"]})
    assert main(["audit", "show", "--journal", str(journal.path)]) == 0
    out = capsys.readouterr().out
    assert f"incident {closed_incident} opened (recovery)" in out
    assert f"incident {closed_incident} closed (closing) — Recovered and re-sealed." in out
    assert f"recovery/attest [attest] ok (attested) [{closed_incident}]" in out
    assert "drill: recovery drill finished in 452 s; 2 mistake(s); steps retried: attest" in out
    assert main(["audit", "incident", "--journal", str(journal.path)]) == 0
    assert "drill" in capsys.readouterr().out and journal.verify().ok
