"""The rehearsal mailbox: the alert emails root activity made SNS send in the rehearsal world
(rehearsal/alert_inbox.py), read through the console simulator, newest first. Against AWS there is
no such screen: alerts go to the operator's real mailbox.

``s`` plays a root sign-in in the rehearsal console (someone who holds the root password signs in),
so that the alert set up by 'Alert on root activity' (or its CIS 4.3 variant) can be seen arriving.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from rootkeeper.ui.widgets.session_header import SessionHeader
from rootkeeper.ui.work import BlockingWork, Job

COLUMNS = ("Received (UTC)", "What happened")
EMPTY = ("No alert email yet. Set up 'Alert on root activity' (u, then the runbook), then press s: a root "
         "sign-in in the rehearsal console raises the alert, and its email arrives here.")


def read_alert_emails(app: Any) -> list[dict[str, Any]]:
    """In a worker thread: the rehearsal mailbox of the account the app is signed in to."""
    environment = app.connection.open()
    if environment.console is None:
        raise LookupError("not a rehearsal world")
    return environment.console.alert_emails(app.connection.identify().account_id)


def sign_in_as_root(app: Any) -> list[dict[str, Any]]:
    """In a worker thread: a root sign-in in the rehearsal console, then the mailbox read again."""
    environment = app.connection.open()
    environment.console.sign_in_root_as_holder(app.connection.identify().account_id)
    return read_alert_emails(app)


def received(at: str) -> str:
    try:
        return f"{datetime.fromisoformat(at):%Y-%m-%d %H:%M:%S}"
    except ValueError:
        return at


class AlertInboxScreen(BlockingWork, Screen):
    CSS_PATH = "alert_inbox_screen.tcss"
    help_title = "Alert inbox (rehearsal)"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Return to the posture"),
        Binding("r", "refresh_inbox", "Refresh", tooltip="Read the rehearsal mailbox again"),
        Binding("s", "root_sign_in", "Root sign-in", tooltip="Play a root sign-in in the rehearsal console: "
                "root activity, as an alert rule sees it"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.emails: list[dict[str, Any]] | None = None

    def compose(self) -> ComposeResult:
        yield SessionHeader()
        yield Static("Alert inbox (rehearsal): what root activity emailed", id="inbox-title")
        yield DataTable(id="inbox", cursor_type="row", zebra_stripes=True)
        yield Static("", id="inbox-email", markup=False)
        yield Static("", id="inbox-note", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#inbox", DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label)
        self.action_refresh_inbox()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_refresh_inbox(self) -> None:
        self.run_job(Job(lambda: read_alert_emails(self.app), self._show, "Reading the rehearsal mailbox…",
                         doing="read the alert inbox"))

    def action_root_sign_in(self) -> None:
        self.run_job(Job(lambda: sign_in_as_root(self.app), self._show,
                         "Signing in as root in the rehearsal console…",
                         doing="sign in as root in the rehearsal console"))

    def show_busy(self, text: str | None) -> None:
        if text is not None:
            self.query_one("#inbox-note", Static).update(Text(text, style="italic"))

    def work_failed(self, error: BaseException, message: str) -> None:
        if isinstance(error, LookupError):
            message = "The alert inbox belongs to the rehearsal world: against AWS, alerts go to your real mailbox."
            self.query_one("#inbox-note", Static).update(Text(message, style="bold"))
            return
        self.query_one("#inbox-note", Static).update(
            Text(f"Could not read the alert inbox: {message.rstrip('.')}. Press r to try again.", style="bold red"))
        super().work_failed(error, message)

    def _show(self, emails: list[dict[str, Any]]) -> None:
        self.emails = emails
        table = self.query_one("#inbox", DataTable)
        table.clear()
        for index, email in enumerate(emails):
            table.add_row(received(email["at"]), Text(email["summary"]), key=str(index))
        self._show_email(0)
        note = f"{len(emails)} alert email(s), newest first." if emails else EMPTY
        self.query_one("#inbox-note", Static).update(note)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_email(event.cursor_row)

    def _show_email(self, index: int) -> None:
        """The highlighted email in full: its subject, who received it, what raised it."""
        panel = self.query_one("#inbox-email", Static)
        if not self.emails or not 0 <= index < len(self.emails):
            panel.display = False
            return
        email = self.emails[index]
        panel.display = True
        panel.update(f"Subject: {email['subject']}\nTo: {email['to']}\nRaised by: {email['via']}\n"
                     f"{email['summary']}.")
