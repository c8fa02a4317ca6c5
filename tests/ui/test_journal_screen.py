"""Pilot tests of the Journal screen in a tiny app: it lists the journal's entries, shows
one in full, and says at a glance whether the journal verifies and where it breaks."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import keyring
from keyring.backends import fail
from rich.console import Console
from textual.app import App
from textual.widgets import DataTable, Static

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.journal import Actor, Journal
from rootkeeper.ui.error_screen import ErrorScreen
from rootkeeper.ui.journal_screen import JournalScreen

SIZE = (130, 40)


class JournalApp(App):
    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def on_mount(self) -> None:
        self.push_screen(JournalScreen(self.journal))


def make_journal(path, *, rehearsal=False) -> Journal:
    moments = iter(datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=i) for i in range(100))
    journal = Journal.open(rehearsal=rehearsal, path=path, clock=lambda: next(moments))
    actor = Actor("Olivia Operator", "olivia", "laptop-7", "arn:aws:iam::123456789012:root", "123456789012")
    journal.record_step(actor=actor, runbook="root-mfa", step="assign-in-console", step_kind="manual",
                        outcome="success", evidence={"console": "iam"}, note="done", witness="Bob Witness")
    journal.record_step(actor=actor, runbook="root-mfa", step="verify", step_kind="check", outcome="success",
                        evidence={"account_mfa_enabled": 1})
    journal.append("check", {"command": "status", "account_id": "123456789012", "summary": {"pass": 7, "fail": 2}})
    return journal


def plain(app, selector: str) -> str:
    console = Console(width=300, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return " ".join(console.file.getvalue().split())


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_lists_every_entry_and_says_it_verifies(tmp_path):
    app = JournalApp(make_journal(tmp_path / "journal.jsonl"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#journal-entries", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[1] for row in rows] == ["0", "1", "2", "3"]
        assert rows[1][2:6] == ["2025-03-01 09:01:00", "step", "root-mfa/assign-in-console", "success (manual)"]
        assert rows[3][3] == "check" and rows[3][5] == "2 fail, 7 pass"
        assert {row[6] for row in rows} == {"✔"}
        assert plain(app, "#journal-verify-state").startswith("✔ Verified: 4 entries")
        assert not app.screen.has_class("-broken")


async def test_the_highlighted_entry_is_shown_in_full(tmp_path):
    app = JournalApp(make_journal(tmp_path / "journal.jsonl"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        detail = plain(app, "#journal-entry-detail")
        assert "Line 2 · seq 1 · step" in detail and "✔ this entry verifies" in detail
        assert '"witness": "Bob Witness"' in detail and '"sig":' in detail


async def test_a_tampered_journal_shows_broken_and_where_and_r_re_verifies(tmp_path):
    journal = make_journal(tmp_path / "journal.jsonl")
    app = JournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert plain(app, "#journal-verify-state").startswith("✔ Verified")
        journal.path.write_bytes(journal.path.read_bytes().replace(b'"outcome":"success"', b'"outcome":"failure"', 1))
        await pilot.press("r")
        await settle(pilot)
        state = plain(app, "#journal-verify-state")
        assert state.startswith("✘ BROKEN") and "line 2 (seq 1): modified" in state
        assert app.screen.has_class("-broken")
        table = app.screen.query_one("#journal-entries", DataTable)
        assert [str(table.get_row_at(i)[6]) for i in range(table.row_count)] == ["✔", "✘", "✔", "✔"]
        await pilot.press("down")
        assert "✘ modified: the signature does not match" in plain(app, "#journal-entry-detail")


async def test_escape_goes_back_and_bindings_are_described(tmp_path):
    app = JournalApp(make_journal(tmp_path / "journal.jsonl"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        descriptions = {b.key: b.description for b in JournalScreen.BINDINGS}
        assert descriptions == {"escape": "Back", "r": "Re-verify", "i": "Incident"}
        await pilot.press("escape")
        assert not isinstance(app.screen, JournalScreen)


async def test_a_rehearsal_key_kept_in_a_file_is_said_on_screen(tmp_path, test_keyring, isolated_home):
    keyring.set_keyring(fail.Keyring())  # a headless machine: no OS keyring
    app = JournalApp(make_journal(tmp_path / "journal.jsonl", rehearsal=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        state = plain(app, "#journal-verify-state")
        assert "✔ Verified" in state
        assert (f"rehearsal journal: this machine has no OS keyring, so its practice key is kept in "
                f"{isolated_home / 'rehearsal' / 'rehearsal-keyring.json'} — a rehearsal journal is practice, "
                "not evidence") in state


async def test_a_key_in_the_os_keyring_needs_no_note(tmp_path):
    app = JournalApp(make_journal(tmp_path / "journal.jsonl", rehearsal=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "practice" not in plain(app, "#journal-verify-state")


async def test_each_step_entry_shows_its_evidence(tmp_path):
    journal = make_journal(tmp_path / "journal.jsonl")
    actor = Actor("Olivia Operator", "olivia", "laptop-7", "arn:aws:iam::123456789012:user/olivia", "123456789012")
    journal.record_step(actor=actor, runbook="delete-root-keys", step="deactivate-in-console", step_kind="manual",
                        outcome="ok", evidence={}, evidence_kind="reported")
    app = JournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#journal-entries", DataTable)
        last = [str(cell) for cell in table.get_row_at(table.row_count - 1)]
        assert last[4:6] == ["delete-root-keys/deactivate-in-console", "ok (manual, reported)"]


class UnreadableOnce:
    """A journal whose first verification fails, as a file on a stale network mount might."""

    def __init__(self, journal: Journal) -> None:
        self.journal, self.path, self.failed = journal, journal.path, False

    def verify(self):
        if not self.failed:
            self.failed = True
            raise RootkeeperError("Cannot read the journal file: the disk went away.")
        return self.journal.verify()


async def test_a_failed_verification_says_why_in_a_modal_and_r_tries_again(tmp_path):
    # In any app, not only rootkeeper's: the failure path is the screen's own (rootkeeper.ui.work).
    app = JournalApp(UnreadableOnce(make_journal(tmp_path / "journal.jsonl")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert plain(app, "#error-message") == "Cannot read the journal file: the disk went away."
        await pilot.press("escape")
        assert plain(app, "#journal-verify-state") == ("Could not read the journal: Cannot read the journal file: "
                                                       "the disk went away. Press r to try again.")
        await pilot.press("r")
        await settle(pilot)
        assert plain(app, "#journal-verify-state").startswith("✔ Verified: 4 entries")
