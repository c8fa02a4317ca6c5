"""The Journal screen: the entries of the current journal, one in full, and whether the
whole journal verifies — at a glance, and where it breaks when it does.

Reading and verifying the file (every signature) is a job of rootkeeper.ui.work (a thread
worker); the screen stays responsive on a long journal.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from rootkeeper.journal import Journal, VerifyReport
from rootkeeper.journal.describe import numbered_entries, outcome, runbook_step
from rootkeeper.journal.format import Entry
from rootkeeper.ui.work import BlockingWork, Job, show_error_modal

COLUMNS = (("Line", 5), ("Seq", 6), ("Time (UTC)", 20), ("Kind", 9), ("Runbook / step", 34), ("Outcome", 20),
           ("", 3))


def verification_line(report: VerifyReport, key_note: str | None = None) -> Text:
    """``key_note``: Journal.key_storage_note — said for a rehearsal journal whose practice
    key is kept in a file (no OS keyring), None for a key in the OS keyring."""
    if report.ok:
        text = Text.assemble(("✔ Verified", "bold green"),
                             f": {report.entries} entries, every signature and the chain intact; key checked "
                             f"against {report.anchor}")
    else:
        first = report.first_problem
        text = Text.assemble(("✘ BROKEN", "bold red"), f": {len(report.problems)} problem(s); first at {first}")
    if key_note:
        text.append(f"\n{key_note}", style="bold yellow")
    return text


def entry_detail(number: int, entry: Entry | None, report: VerifyReport | None) -> str:
    problems = [p for p in report.problems if p.line == number] if report else []
    lines = [f"Line {number}" + (f" · seq {entry.seq} · {entry.kind} · {entry.ts}" if entry else "")]
    lines += [f"✘ {problem.kind.value}: {problem.message}" for problem in problems]
    if report and not problems:
        lines.append("✔ this entry verifies")
    if entry is None:
        lines.append("(not a journal entry)")
    else:
        lines.append(json.dumps(entry.as_dict(), indent=2, ensure_ascii=False, sort_keys=True))
    return "\n".join(lines)


class JournalScreen(BlockingWork, Screen):
    CSS_PATH = "journal_screen.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Return to the previous screen"),
        Binding("r", "reverify", "Re-verify", tooltip="Read the journal again and check every signature"),
        Binding("i", "show_incident", "Incident", tooltip="The incident of this entry (or the latest) as a timeline"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.rows: list[tuple[int, Entry | None]] = []
        self.report: VerifyReport | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"Journal {self.journal.path}", id="journal-title", markup=False)
        yield Static("", id="journal-verify-state")
        yield DataTable(id="journal-entries", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="journal-entry-pane"):
            yield Static("", id="journal-entry-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#journal-entries", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width, key=label or "state")
        self.action_reverify()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_show_incident(self) -> None:
        from rootkeeper.ui.incident_screen import IncidentScreen

        entry = self.selected
        body = entry.body if entry is not None and isinstance(entry.body, dict) else {}
        incident = body.get("incident_id") or (body.get("facts") or {}).get("incident_id")
        self.app.push_screen(IncidentScreen(self.journal, incident))

    def action_reverify(self) -> None:
        self.run_job(Job(self._read_and_verify, self._verified, "… verifying every signature",
                         doing="verify the journal"))

    def _read_and_verify(self) -> tuple[list[tuple[int, Entry | None]], VerifyReport]:
        return numbered_entries(self.journal.path), self.journal.verify()  # in the worker thread

    def show_busy(self, text: str | None) -> None:
        if text is not None:
            self.query_one("#journal-verify-state", Static).update(Text(text, style="italic"))

    def _verified(self, read: tuple[list[tuple[int, Entry | None]], VerifyReport]) -> None:
        self.rows, self.report = read
        self.query_one("#journal-verify-state", Static).update(
            verification_line(self.report, getattr(self.journal, "key_storage_note", None)))
        self.set_class(not self.report.ok, "-broken")
        self._render_rows()
        self._show_detail()

    def work_failed(self, error: BaseException, message: str) -> None:
        self.query_one("#journal-verify-state", Static).update(
            Text(f"Could not read the journal: {message.rstrip('.')}. Press r to try again.", style="bold red"))
        show_error_modal(self, error, message)

    def _render_rows(self) -> None:
        table = self.query_one("#journal-entries", DataTable)
        cursor = table.cursor_row
        table.clear()
        bad = self.report.bad_lines if self.report else set()
        for number, entry in self.rows:
            mark = Text("✘", style="bold red") if number in bad else Text("✔", style="green")
            if entry is None:
                table.add_row(str(number), "?", "", "?", "not a journal entry", "", mark, key=str(number))
                continue
            table.add_row(str(number), str(entry.seq), entry.ts[:19].replace("T", " "), entry.kind,
                          runbook_step(entry), outcome(entry), mark, key=str(number))
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, row: int | None = None) -> None:
        detail = self.query_one("#journal-entry-detail", Static)
        if not self.rows:
            detail.update("The journal is empty." if self.report else "")
            return
        row = self.query_one("#journal-entries", DataTable).cursor_row if row is None else row
        number, entry = self.rows[min(max(row, 0), len(self.rows) - 1)]
        detail.update(entry_detail(number, entry, self.report))

    @property
    def selected(self) -> Any:
        """The entry under the cursor (None for an unreadable line)."""
        if not self.rows:
            return None
        return self.rows[self.query_one("#journal-entries", DataTable).cursor_row][1]
