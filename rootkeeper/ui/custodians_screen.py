"""The Custodians screen: who holds the root's factors (the journal's roster), and the
custodian controls' verdicts (the roster beside what AWS shows of root).

Reading is a job of rootkeeper.ui.work: the roster is a file read, the verdicts need the
root posture (the MFA devices on root, the root email), read as the Posture screen reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from rootkeeper.core.controls import ROSTER_CONTROLS
from rootkeeper.core.custodians import Roster
from rootkeeper.core.findings import Finding, evaluate
from rootkeeper.core.posture import Unknown
from rootkeeper.core.roster_view import ROSTER_HEADER, review_line, roster_rows
from rootkeeper.ui.evidence_clip import clip_to_lines
from rootkeeper.ui.widgets.session_header import SessionHeader
from rootkeeper.ui.widgets.status_badge import status_badge
from rootkeeper.ui.work import BlockingWork, Job

CONTROL_COLUMNS = (("Status", 10), ("Control", 22))
EVIDENCE_LINES = 3


@dataclass(frozen=True)
class CustodiansReading:
    roster: Roster | Unknown
    findings: list[Finding]


def read_custodians(app) -> CustodiansReading:
    """In a worker thread: the roster from the journal, then the posture from AWS."""
    from rootkeeper.journal.roster import journal_roster

    connection = app.connection
    environment = connection.open()
    roster = journal_roster(rehearsal=environment.rehearsal)
    identity = connection.identify()
    now = app.clock()
    posture = connection.reader.read(environment, identity, now=now, progress=lambda text: None)
    findings = [f for f in evaluate(posture, now, roster=roster) if f.control in ROSTER_CONTROLS]
    return CustodiansReading(roster, findings)


class CustodiansScreen(BlockingWork, Screen):
    CSS_PATH = "custodians_screen.tcss"
    help_title = "Custodians"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Return to the posture"),
        Binding("r", "refresh_custodians", "Refresh", tooltip="Read the roster and the custodian controls again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reading: CustodiansReading | None = None

    def compose(self) -> ComposeResult:
        yield SessionHeader()
        yield Static("Root custodians", id="custodians-title")
        yield DataTable(id="custodians", cursor_type="row", zebra_stripes=True)
        yield Static("", id="custodians-review", markup=False)
        yield DataTable(id="custodian-controls", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        roster_table = self.query_one("#custodians", DataTable)
        for label in ROSTER_HEADER:
            roster_table.add_column(label, key=label)
        self._render_controls()
        self.action_refresh_custodians()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_refresh_custodians(self) -> None:
        self.run_job(Job(lambda: read_custodians(self.app), self._read, "Reading the roster and the root posture…",
                         doing="read the custodians"))

    def show_busy(self, text: str | None) -> None:
        if text is not None:
            self.query_one("#custodians-review", Static).update(Text(text, style="italic"))

    def work_failed(self, error: BaseException, message: str) -> None:
        self.query_one("#custodians-review", Static).update(
            Text(f"Could not read the custodians: {message.rstrip('.')}. Press r to try again.", style="bold red"))
        super().work_failed(error, message)

    def _read(self, reading: CustodiansReading) -> None:
        self.reading = reading
        roster = reading.roster
        table = self.query_one("#custodians", DataTable)
        table.clear()
        title = self.query_one("#custodians-title", Static)
        if isinstance(roster, Unknown):
            title.update(Text(f"Root custodians: not read. {roster.reason}", style="bold red"))
            self.query_one("#custodians-review", Static).update("")
        else:
            for row in roster_rows(roster, short=True):
                table.add_row(*row, key=row[0])
            count = len(roster.current)
            title.update(f"Root custodians: {count} on the roster" if count else
                         "Root custodians: none on the roster")
            self.query_one("#custodians-review", Static).update(review_line(roster))
        self._render_controls()

    def _finding(self, control_id: str) -> Finding | None:
        if self.reading is None:
            return None
        return next((f for f in self.reading.findings if f.control.id == control_id), None)

    def _render_controls(self) -> None:
        table = self.query_one("#custodian-controls", DataTable)
        table.clear(columns=True)
        for label, width in CONTROL_COLUMNS:
            table.add_column(label, width=width, key=label)
        used = sum(width + 2 * table.cell_padding for _, width in CONTROL_COLUMNS)
        width = max(20, table.size.width - used - 2 * table.cell_padding - 2)
        table.add_column("Evidence", width=width, key="Evidence")
        for control in ROSTER_CONTROLS:
            finding = self._finding(control.id)
            evidence = clip_to_lines(finding.evidence if finding else "Not read yet.", width, EVIDENCE_LINES)
            table.add_row(status_badge(finding.status if finding else None), Text(control.title), Text(evidence),
                          height=EVIDENCE_LINES, key=control.id)

    def on_resize(self) -> None:
        self._render_controls()
