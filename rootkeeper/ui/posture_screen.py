"""The Posture screen: every root-related control, its status, evidence and where it is defined.

Reading the posture is a dozen AWS calls: it runs as a job of rootkeeper.ui.work (a thread
worker) that reports its progress by message, so the screen shows what it is reading and
never freezes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, LoadingIndicator, Static
from textual.worker import get_current_worker

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.findings import CONTROLS, Control, Finding, evaluate, summarize
from rootkeeper.core.identity import Identity
from rootkeeper.core.runbooks import runbook_for
from rootkeeper.ui import first_frame
from rootkeeper.ui.evidence_clip import clip_to_lines
from rootkeeper.ui.messages import EnvironmentOpened, IdentityKnown, RunbookRequested
from rootkeeper.ui.widgets.finding_details import FindingDetails
from rootkeeper.ui.widgets.session_header import SessionHeader
from rootkeeper.ui.widgets.status_badge import status_badge
from rootkeeper.ui.work import BlockingWork, Job, show_error_modal

ROW_HEIGHT = 2  # evidence wraps onto a second line rather than being cut short
FIXED_COLUMNS = (("Status", 10), ("Control", 24), ("CIS v5", 6), ("CIS v3", 6), ("Sec Hub", 12))
# Below WIDE_TABLE columns the evidence keeps its room; CIS v3 and Security Hub stay in the details.
NARROW_COLUMNS = (("Status", 10), ("Control", 20), ("CIS v5", 6))
WIDE_TABLE = 110
ROOMY_TABLE = 160
MIN_EVIDENCE_WIDTH = 20


@dataclass(frozen=True)
class PostureReading:
    identity: Identity
    observed_at: datetime
    findings: list[Finding]
    journal_warning: str | None


def check_entry_body(reading: PostureReading) -> dict:
    """The journal's "check" entry for one posture read from this screen."""
    return {
        "source": "tui-posture-refresh",
        "account_id": reading.identity.account_id,
        "identity_arn": reading.identity.arn,
        "observed_at": reading.observed_at.isoformat(),
        "findings": [{"id": f.control.id, "status": f.status.value} for f in reading.findings],
        "summary": summarize(reading.findings),
    }


def summary_line(reading: PostureReading) -> Text:
    counts = summarize(reading.findings)
    text = Text.assemble(f"Read {reading.observed_at:%Y-%m-%d %H:%M} UTC  ·  ",
                         (f"{counts['fail']} fail", "bold red" if counts["fail"] else ""), ", ",
                         (f"{counts['warn']} warn", "bold dark_orange" if counts["warn"] else ""), ", ",
                         (f"{counts['unknown']} unknown", "bold yellow" if counts["unknown"] else ""), ", ",
                         f"{counts['pass']} pass, {counts['not_applicable']} n/a")
    text.append("  ·  r refresh, f fix the highlighted control", style="dim")
    return text


def read_roster(rehearsal: bool):
    """The custodian roster of the app's journal (in a worker: it reads a file)."""
    from rootkeeper.journal.roster import journal_roster

    return journal_roster(rehearsal=rehearsal)


class PostureScreen(BlockingWork, Screen):
    CSS_PATH = "posture_screen.tcss"
    BINDINGS = [
        Binding("r", "refresh_posture", "Refresh", tooltip="Read the root posture again"),
        Binding("f", "fix_with_runbook", "Fix with runbook", tooltip="Open the runbook for the highlighted control"),
        Binding("c", "show_custodians", "Custodians", tooltip="Who holds the root's factors, and their controls"),
        Binding("a", "show_alert_inbox", "Alerts", tooltip="The rehearsal mailbox: what root activity emailed"),
    ]

    class ReadingProgress(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.reading: PostureReading | None = None
        self.read_failed = False  # the last read failed (and none succeeded before it)

    def compose(self) -> ComposeResult:
        yield SessionHeader()
        with Horizontal(id="posture-status-bar"):
            yield LoadingIndicator(id="posture-spinner")
            yield Static("", id="posture-status")
        yield Static("", id="journal-warning", markup=False)
        yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield FindingDetails(id="finding-details")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#journal-warning").display = False
        self._render_rows()
        self._show_details()
        # The first frame comes before any AWS work: start reading only once it is drawn.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        if not first_frame.report_if_benchmarking(self.app):
            self.action_refresh_posture()

    # --- reading -------------------------------------------------------------------
    def action_refresh_posture(self) -> None:
        if self.read_failed:
            self.read_failed = False
            self._render_rows()
        self.run_job(Job(self.read_posture, self._posture_read, "Starting…", doing="read the root posture"))

    def read_posture(self) -> PostureReading | None:
        """In the worker thread: None when a newer read replaced this one."""
        app = self.app
        connection = app.connection
        say = lambda text: self.post_message(self.ReadingProgress(text))  # noqa: E731 - thread-safe
        if connection.environment is None:
            say("Starting the rehearsal world…" if app.expected_scenario else "Connecting…")
        environment = connection.open()
        app.post_message(EnvironmentOpened(environment))
        say("Finding out who we are")
        identity = connection.identify()
        app.post_message(IdentityKnown(identity))
        now = app.clock()
        posture = connection.reader.read(environment, identity, now=now, progress=say)
        say("Reading the custodian roster from the journal")
        findings = evaluate(posture, now, roster=read_roster(environment.rehearsal))
        if get_current_worker().is_cancelled:
            return None
        reading = PostureReading(identity, posture.observed_at, findings, None)
        say("Recording the check in the journal")
        warning = app.journal.record("check", check_entry_body(reading), rehearsal=environment.rehearsal)
        return PostureReading(identity, posture.observed_at, findings, warning)

    def on_posture_screen_reading_progress(self, message: ReadingProgress) -> None:
        if self.busy:
            self.show_busy(message.text)

    def _posture_read(self, reading: PostureReading | None) -> None:
        if reading is None:
            return
        self.reading = reading
        self.query_one("#posture-status", Static).update(summary_line(reading))
        warning = self.query_one("#journal-warning", Static)
        warning.display = reading.journal_warning is not None
        warning.update(f"⚠ {reading.journal_warning or ''}")
        self._render_rows()
        self._show_details()

    def work_failed(self, error: BaseException, message: str) -> None:
        self.read_failed = self.reading is None
        self._render_rows()
        self._show_details()
        self.query_one("#posture-status", Static).update(
            Text("Could not read the posture. Press r to try again.", style="bold red"))
        if self.app.identity is None and isinstance(error, RootkeeperError):
            self.app.connection_note = "Not connected: press r to try again."
        show_error_modal(self, error, message)

    def show_busy(self, text: str | None) -> None:
        self.query_one("#posture-spinner").display = text is not None
        if text is not None:
            self.query_one("#posture-status", Static).update(Text(f"Reading the root posture: {text}", style="italic"))

    # --- table and details -------------------------------------------------------------
    def _finding(self, control: Control) -> Finding | None:
        if self.reading is None:
            return None
        return next((f for f in self.reading.findings if f.control.id == control.id), None)

    def _render_rows(self) -> None:
        table = self.query_one("#findings", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        columns = FIXED_COLUMNS if table.size.width >= WIDE_TABLE else NARROW_COLUMNS
        if table.size.width >= ROOMY_TABLE:  # a control's title on one line
            columns = tuple((label, 36 if label == "Control" else width) for label, width in columns)
        for label, width in columns:
            table.add_column(label, width=width, key=label)
        used = sum(width + 2 * table.cell_padding for _, width in columns)
        evidence_width = max(MIN_EVIDENCE_WIDTH, table.size.width - used - 2 * table.cell_padding - 2)
        table.add_column("Evidence", width=evidence_width, key="Evidence")
        for control in CONTROLS:
            finding = self._finding(control)
            cells = [status_badge(finding.status if finding else None, reading=not self.read_failed),
                     Text(control.title), ", ".join(control.cis_v5) or "—", ", ".join(control.cis_v3) or "—",
                     control.security_hub or "—"][:len(columns)]
            table.add_row(*cells,
                          Text(clip_to_lines(finding.evidence if finding else self._no_evidence(), evidence_width)),
                          height=ROW_HEIGHT, key=control.id)
        table.move_cursor(row=min(max(cursor, 0), len(CONTROLS) - 1), animate=False)

    def _no_evidence(self) -> str:
        return "Not read: the posture could not be read." if self.read_failed else "Not read yet."

    def on_resize(self) -> None:
        self._render_rows()

    def _highlighted_control(self) -> Control:
        table = self.query_one("#findings", DataTable)
        return CONTROLS[min(max(table.cursor_row, 0), len(CONTROLS) - 1)]

    def _show_details(self) -> None:
        control = self._highlighted_control()
        self.query_one("#finding-details", FindingDetails).show(control, self._finding(control),
                                                                reading=not self.read_failed)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._show_details()
        self.query_one("#finding-details").scroll_visible()

    def action_show_custodians(self) -> None:
        from rootkeeper.ui.custodians_screen import CustodiansScreen

        self.app.push_screen(CustodiansScreen())

    def action_show_alert_inbox(self) -> None:
        from rootkeeper.ui.alert_inbox_screen import AlertInboxScreen

        self.app.push_screen(AlertInboxScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_alert_inbox":  # the rehearsal world's mailbox: no such thing against AWS
            environment = getattr(self.app, "environment", None)
            rehearsal = environment.rehearsal if environment else getattr(self.app, "expected_scenario", None)
            return True if rehearsal else None
        return True

    def action_fix_with_runbook(self) -> None:
        control = self._highlighted_control()
        runbook = runbook_for(control.id)
        if runbook is None:
            self.notify(f"No runbook fixes “{control.title}”: the details say what to do in the console.")
            return
        self.post_message(RunbookRequested(runbook.id))
