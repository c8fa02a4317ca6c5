"""The Incident screen: an incident of the journal as a timeline, reached with `i` from the
Journal screen (the incident of the highlighted entry), with whether the journal verifies;
and its snapshots. The journal is written by hand with fixed ids and times: deterministic."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from textual.app import App
from textual.widgets import DataTable

from rootkeeper.journal import Actor, Journal
from rootkeeper.ui.incident_screen import IncidentScreen
from rootkeeper.ui.journal_screen import JournalScreen
from tests.ui.test_journal_screen import plain

SIZE = (130, 40)
FIRST, SECOND = "INC-20250301-1a2b", "INC-20250301-3c4d"


class IncidentApp(App):
    def __init__(self, journal: Journal, screen: type = JournalScreen) -> None:
        super().__init__()
        self.journal, self.first = journal, screen

    def on_mount(self) -> None:
        self.push_screen(self.first(self.journal))


def incident_journal(path) -> Journal:
    moments = iter(datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=i) for i in range(100))
    journal = Journal.open(rehearsal=True, path=path, clock=lambda: next(moments))
    actor = Actor("Olivia Operator", "olivia", "laptop-7", "arn:aws:iam::123456789012:user/olivia", "123456789012")
    who = actor.to_json()
    for incident, ceremony, runbook in ((FIRST, "c-recover-1", "root-mfa"), (SECOND, "c-recover-2", "root-mfa")):
        journal.append("ceremony", {"runbook": runbook, "ceremony_id": ceremony, "event": "started",
                                    "facts": {"incident_id": incident}, "actor": who})
        journal.append("incident", {"incident_id": incident, "event": "opened", "ceremony_id": ceremony,
                                    "runbook": runbook, "actor": who})
        journal.record_step(actor=actor, runbook=runbook, step="verify-root-mfa", step_kind="check", outcome="failed",
                            evidence={}, ceremony_id=ceremony, incident_id=incident, evidence_kind="none",
                            note="AccountMFAEnabled = 0")
        journal.record_step(actor=actor, runbook=runbook, step="verify-root-mfa", step_kind="check", outcome="ok",
                            evidence={}, ceremony_id=ceremony, incident_id=incident, evidence_kind="verified")
    journal.append("note", {"text": "Phone owner confirmed the call.", "ceremony_id": "c-recover-1", "actor": who})
    journal.append("ceremony", {"runbook": "reseal-after-break-glass", "ceremony_id": "c-reseal-1",
                                "event": "started", "facts": {"incident_id": FIRST}, "actor": who})
    journal.append("incident", {"incident_id": FIRST, "event": "joined", "ceremony_id": "c-reseal-1",
                                "runbook": "reseal-after-break-glass", "actor": who})
    journal.append("incident", {"incident_id": FIRST, "event": "closed", "ceremony_id": "c-reseal-1",
                                "note": "Recovered; re-sealed.", "witness": "Walter Witness"})
    return journal


async def settle(pilot) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#incident-timeline", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_i_on_an_entry_shows_its_incident_as_a_timeline(tmp_path):
    app = IncidentApp(incident_journal(tmp_path / "journal.jsonl"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "i")  # the entry highlighted: the first incident's opening
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen) and app.screen.incident_id == FIRST
        facts = plain(app, "#incident-facts")
        assert f"Incident {FIRST} (1 of 2)" in facts and "closed 2025-03-01T09:12:00 — Recovered; re-sealed." in facts
        assert "verified" in facts
        whats = [row[4] for row in rows(app)]
        assert whats == ["ceremony started", "incident opened", "Verify the root user's MFA [check]",
                      "Verify the root user's MFA [check]",
                         "note", "ceremony started", "incident joined", "incident closed"]
        assert rows(app)[2][5:7] == ["failed", "none"] and rows(app)[-1][7] == "witness Walter Witness"
        await pilot.press("n")
        assert app.screen.incident_id == SECOND and "open" in plain(app, "#incident-facts")
        await pilot.press("escape")
        assert isinstance(app.screen, JournalScreen)


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.flaky(reruns=2)
@pytest.mark.parametrize("size", SIZES)
def test_incident_screen_snapshot(snap_compare, size, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = IncidentApp(incident_journal(tmp_path / "journal.jsonl"), screen=IncidentScreen)
    assert snap_compare(app, terminal_size=size, run_before=settle)
