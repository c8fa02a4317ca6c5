"""The Organizations screen: every member's root credentials (a scan through AssumeRoot),
filtered and selected, then one remediation per batch — delete the root credentials or allow
password recovery — confirmed once by a typed phrase ('delete 50'), each account's outcome
shown as it ends (and journaled), failures retryable with `t`.

Work runs in thread workers (ui/org_work.py); results reach the table through an inbox drained
on a timer, so a scan of thousands of members keeps the screen responsive."""

from __future__ import annotations

import threading
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ProgressBar, Static

from rootkeeper.core.org_remediation import (
    BatchOutcome,
    MemberRemediation,
    RemediationAction,
    confirmation_phrase,
)
from rootkeeper.core.org_root import MemberRoot
from rootkeeper.ui import org_work
from rootkeeper.ui.org_rows import COLUMNS, MemberFilter, after_remediation, cells
from rootkeeper.ui.type_phrase_screen import TypePhraseScreen
from rootkeeper.ui.widgets.session_header import SessionHeader
from rootkeeper.ui.work import BlockingWork, Job

DRAIN_SECONDS = 0.2


class OrganizationsScreen(BlockingWork, Screen):
    CSS_PATH = "org_screen.tcss"
    help_title = "Organizations"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Stop a scan or batch in progress; else back to the posture"),
        Binding("s", "scan", "Scan", tooltip="Read every member's root credentials through AssumeRoot"),
        Binding("f", "next_filter", "Filter", tooltip="All / with credentials / clean / errors"),
        Binding("space", "toggle_member", "Select", tooltip="Select or unselect the highlighted member, then move "
                "to the next"),
        Binding("a", "select_filtered", "Select all", tooltip="Select every member the filter shows (again: none)"),
        Binding("d", "delete_credentials", "Delete creds", tooltip="Delete the selected members' root credentials"),
        Binding("p", "allow_recovery", "Allow recovery", tooltip="Allow root password recovery for the selected"),
        Binding("t", "retry_failed", "Retry failed", tooltip="Select the accounts the last batch failed on, and "
                "run it again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.members: dict[str, MemberRoot] = {}
        self.order: list[str] = []  # account ids, as Organizations lists them
        self.outcomes: dict[str, MemberRemediation] = {}
        self.selected: set[str] = set()
        self.filter = MemberFilter.ALL
        self.total = 0
        self.last_batch: BatchOutcome | None = None
        self._inbox: org_work.Inbox[Any] = org_work.Inbox()
        self._cancel = threading.Event()
        self._shown: list[str] = []  # the account ids in the table, in order

    def compose(self) -> ComposeResult:
        yield SessionHeader()
        yield Static("Press s to scan the Organization's member accounts.", id="org-status", markup=False)
        yield ProgressBar(id="org-progress", show_eta=False)
        yield DataTable(id="org-members", cursor_type="row", zebra_stripes=True)
        yield Static("", id="org-outcome", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#org-members", DataTable)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        self.set_interval(DRAIN_SECONDS, self._drain)

    # --- scanning ------------------------------------------------------------------------
    def action_scan(self) -> None:
        if self.busy:
            return
        for collection in (self.members, self.order, self.outcomes, self.selected):
            collection.clear()
        self.total = 0
        self._cancel = threading.Event()
        inbox, cancel = self._inbox, self._cancel
        self.run_job(Job(lambda: org_work.scan_organization(self.app, inbox, cancel), self._scanned,
                         "Scanning the member accounts…", doing="scan the Organization"))
        self._rebuild()

    def _scanned(self, results: list[MemberRoot]) -> None:
        self._drain()
        # rows came in as members were read; once all are in, the table takes Organizations' order
        self.order = [member.account_id for member in results]
        self._rebuild()
        stopped = len(results) < self.total
        self._say_status(("Scan stopped: " if stopped else "Scanned: ") + self._tally())

    def _tally(self) -> str:
        read = [m for m in self.members.values() if m.read]
        dirty = sum(1 for m in read if m.has_credentials)
        errors = len(self.members) - len(read)
        return (f"{len(self.members)} of {self.total} members read; {dirty} with root credentials, "
                f"{len(read) - dirty} clean, {errors} not read. Filter: {self.filter.value}; "
                f"{len(self.selected)} selected.")

    # --- the inbox, drained on the UI thread ---------------------------------------------
    def _drain(self) -> None:
        items = self._inbox.take()
        if not items:
            return
        table = self.query_one("#org-members", DataTable)
        changed: list[str] = []
        for item in items:
            if isinstance(item, org_work.ScanStart):
                self.total = len(item.members)
                self.query_one("#org-progress", ProgressBar).update(total=self.total, progress=0)
            elif isinstance(item, MemberRoot):
                if item.account_id not in self.members:
                    self.order.append(item.account_id)
                self.members[item.account_id] = item
                self.query_one("#org-progress", ProgressBar).advance(1)
                changed.append(item.account_id)
            elif isinstance(item, MemberRemediation):
                self.outcomes[item.account_id] = item
                member = self.members.get(item.account_id)
                if member is not None:
                    self.members[item.account_id] = after_remediation(member, item)
                self.query_one("#org-progress", ProgressBar).advance(1)
                changed.append(item.account_id)
        shown = set(self._shown)
        for account_id in changed:
            member = self.members.get(account_id)
            if member is None:
                continue
            if account_id in shown:
                row = cells(member, account_id in self.selected, self.outcomes.get(account_id))
                for (key, _, _), value in zip(COLUMNS, row):
                    table.update_cell(account_id, key, value)
            elif self.filter.keeps(member):
                table.add_row(*cells(member, account_id in self.selected, None), key=account_id)
                self._shown.append(account_id)
        if self.busy:
            self._say_status(self._tally())

    def _rebuild(self) -> None:
        table = self.query_one("#org-members", DataTable)
        table.clear()
        self._shown = [a for a in self.order if self.filter.keeps(self.members[a])]
        for account_id in self._shown:
            table.add_row(*cells(self.members[account_id], account_id in self.selected,
                                 self.outcomes.get(account_id)), key=account_id)
        self._say_status(self._tally() if self.members else "Press s to scan the Organization's member accounts.")

    def _say_status(self, text: str) -> None:
        self.query_one("#org-status", Static).update(text)

    # --- filters and selection -----------------------------------------------------------
    def action_next_filter(self) -> None:
        self.filter = self.filter.next()
        self._rebuild()

    def action_toggle_member(self) -> None:
        table = self.query_one("#org-members", DataTable)
        if not self._shown or self.busy:
            return
        account_id = self._shown[table.cursor_row]
        self.selected ^= {account_id}
        table.update_cell(account_id, "sel", "✓" if account_id in self.selected else " ")
        table.move_cursor(row=table.cursor_row + 1)  # space after space selects a run, as in a file manager
        self._say_status(self._tally())

    def action_select_filtered(self) -> None:
        if self.busy:
            return
        shown = set(self._shown)
        self.selected = set() if shown and shown <= self.selected else self.selected | shown
        table = self.query_one("#org-members", DataTable)
        for account_id in self._shown:  # one cell a row, not the table rebuilt
            table.update_cell(account_id, "sel", "✓" if account_id in self.selected else " ")
        self._say_status(self._tally())

    # --- remediation ---------------------------------------------------------------------
    def action_delete_credentials(self) -> None:
        self._confirm(RemediationAction.DELETE_CREDENTIALS)

    def action_allow_recovery(self) -> None:
        self._confirm(RemediationAction.ALLOW_PASSWORD_RECOVERY)

    def action_retry_failed(self) -> None:
        if self.last_batch is None or not self.last_batch.failed or self.busy:
            self.notify("No failed accounts to retry.", title="Retry")
            return
        self.selected = {r.account_id for r in self.last_batch.failed}
        self._rebuild()
        self._confirm(self.last_batch.action)

    def _confirm(self, action: RemediationAction) -> None:
        if self.busy:
            return
        chosen = [(a, self.members[a].name) for a in self.order if a in self.selected]
        if not chosen:
            self.notify("Select members first: space selects one, a selects all the filter shows.",
                        title="Nothing selected")
            return
        phrase = confirmation_phrase(action, len(chosen))
        effect = ("Their root password, access keys, signing certificates and MFA devices are deleted, through "
                  "AssumeRoot (IAMDeleteRootUserCredentials). This cannot be undone."
                  if action is RemediationAction.DELETE_CREDENTIALS else
                  "A root login profile without a password is created (IAMCreateRootUserPassword): whoever holds "
                  "each root mailbox can then set a password with 'Forgot password'.")
        question = f"{action.title} of {len(chosen)} member account(s)?"
        self.app.push_screen(TypePhraseScreen(question, phrase, effect),
                             lambda typed: self._remediate(chosen, action, typed) if typed else None)

    def _remediate(self, chosen: list[tuple[str, str]], action: RemediationAction, typed: str) -> None:
        self._cancel = threading.Event()
        inbox, cancel = self._inbox, self._cancel
        for account_id, _ in chosen:
            self.outcomes.pop(account_id, None)
        self.query_one("#org-progress", ProgressBar).update(total=len(chosen), progress=0)
        self.run_job(Job(lambda: org_work.remediate(self.app, chosen, action, typed, inbox, cancel),
                         self._remediated, f"{action.title}: {len(chosen)} account(s)…",
                         doing="remediate the selected members"))

    def _remediated(self, outcome: BatchOutcome) -> None:
        self._drain()
        self.last_batch = outcome
        self.selected -= {r.account_id for r in outcome.succeeded}
        failed = [f"{r.account_id} ({r.name})" for r in outcome.failed]
        text = (f"{outcome.action.title}: {len(outcome.succeeded)} done (read back), {len(failed)} failed"
                + (", stopped before the rest" if outcome.cancelled else "") + f". Journal batch {outcome.batch_id}.")
        if failed:
            text += " Failed: " + ", ".join(failed[:5]) + (" …" if len(failed) > 5 else "") + ". Press t to retry them."
        self.query_one("#org-outcome", Static).update(text)
        # the rows stay where they are (a filter would hide the ones just fixed): f shows them anew
        table = self.query_one("#org-members", DataTable)
        for result in outcome.succeeded:
            if result.account_id in self._shown:
                table.update_cell(result.account_id, "sel", " ")
        self._say_status(self._tally())

    # --- leaving -------------------------------------------------------------------------
    def show_busy(self, text: str | None) -> None:
        if text is not None:
            self._say_status(text)

    def work_failed(self, error: BaseException, message: str) -> None:
        self._say_status(f"{message.rstrip('.')}. Press s to scan again.")
        self.query_one("#org-progress", ProgressBar).update(total=1, progress=0)  # not spinning as if at work
        super().work_failed(error, message)

    def action_back(self) -> None:
        if self.busy:
            self._cancel.set()
            self._say_status("Stopping: the accounts in progress finish, the others are not started…")
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
