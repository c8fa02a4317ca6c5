"""The Incident screen: an incident of the journal as a timeline (what `rootkeeper audit
incident ID` prints), with whether the journal verifies; `n` and `p` step through the
incidents. Reading and verifying the journal is a job of rootkeeper.ui.work."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.journal.describe import numbered_entries
from rootkeeper.journal.format import Entry
from rootkeeper.journal.incident_render import HEADERS, cells
from rootkeeper.journal.incident_timeline import IncidentTimeline, build_timeline
from rootkeeper.journal.incidents import Incident, incidents_in
from rootkeeper.journal.report import Verification
from rootkeeper.ui.work import BlockingWork, Job

WIDTHS = (4, 19, 8, 16, 30, 8, 9, 24, 40)


class IncidentScreen(BlockingWork, Screen):
    DEFAULT_CSS = """
    #incident-facts { height: auto; padding: 0 1; border-bottom: solid $primary; }
    #incident-timeline { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Return to the journal"),
        Binding("n", "next_incident", "Next incident", tooltip="The incident opened after this one"),
        Binding("p", "previous_incident", "Previous incident", tooltip="The incident opened before this one"),
    ]

    def __init__(self, journal: Any, incident_id: str | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.incident_id = incident_id
        self.entries: list[Entry] = []
        self.incidents: list[Incident] = []
        self.verification = Verification(False, "not read yet")

    def compose(self) -> ComposeResult:
        yield Static("Reading the journal…", id="incident-facts", markup=False)
        yield DataTable(id="incident-timeline", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#incident-timeline", DataTable)
        for label, width in zip(HEADERS, WIDTHS):
            table.add_column(label, width=width)
        self.run_job(Job(self._read, self._shown, "… verifying every signature", doing="read the incidents"))

    def _read(self) -> tuple[list[Entry], Verification]:  # in the worker thread
        report = self.journal.verify()
        entries = [entry for _, entry in numbered_entries(self.journal.path) if entry is not None]
        return entries, Verification(report.ok, report.summary(), tuple(str(p) for p in report.problems))

    def _shown(self, read: tuple[list[Entry], Verification]) -> None:
        self.entries, self.verification = read
        self.incidents = incidents_in(self.entries)
        known = [incident.incident_id for incident in self.incidents]
        if self.incident_id not in known:
            self.incident_id = known[-1] if known else None
        self._show_incident()

    def _show_incident(self) -> None:
        facts = self.query_one("#incident-facts", Static)
        table = self.query_one("#incident-timeline", DataTable)
        table.clear()
        if self.incident_id is None:
            facts.update("No incident in this journal: a break-glass ceremony opens one.")
            return
        titles = {rb.id: (rb.title, {step.id: step.title for step in rb.steps}) for rb in RUNBOOKS.values()}
        timeline = build_timeline(self.entries, self.incident_id, journal=str(self.journal.path),
                                  verification=self.verification, titles=titles)
        facts.update(_facts_text(timeline, self.incidents))
        for line in timeline.lines:
            row = cells(line)
            row[1] = row[1][:19].replace("T", " ")  # to the second, as the journal screen shows it
            table.add_row(*row)

    def _move(self, step: int) -> None:
        known = [incident.incident_id for incident in self.incidents]
        if self.incident_id in known:
            self.incident_id = known[max(0, min(len(known) - 1, known.index(self.incident_id) + step))]
            self._show_incident()

    def action_next_incident(self) -> None:
        self._move(1)

    def action_previous_incident(self) -> None:
        self._move(-1)

    def action_back(self) -> None:
        self.app.pop_screen()


def _facts_text(timeline: IncidentTimeline, incidents: list[Incident]) -> Text:
    incident = timeline.incident
    position = [i.incident_id for i in incidents].index(incident.incident_id) + 1
    state = (Text("open", style="bold yellow") if incident.is_open
             else Text(f"closed {incident.closed.ts[:19]} — {incident.close_note or ''}", style="green"))  # type: ignore[union-attr]
    verified = Text(timeline.verification.summary, style="green" if timeline.verification.ok else "bold red")
    return Text.assemble((f"Incident {incident.incident_id}", "bold"), f"  ({position} of {len(incidents)})  ",
                         f"opened {incident.opened.ts[:19]} · runbooks: {', '.join(incident.runbooks)} · ", state,
                         "\n", verified)
