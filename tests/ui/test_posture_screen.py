"""Pilot tests of the app shell and the Posture screen, against fakes injected into make_app."""

from __future__ import annotations

import threading

from textual.widgets import DataTable, Static

from rootkeeper.core.environment import AwsTarget, Environment
from rootkeeper.core.errors import AccessDeniedError, RootkeeperError
from rootkeeper.core.findings import CONTROLS
from rootkeeper.ui.app import make_app
from rootkeeper.ui.error_screen import ErrorScreen
from rootkeeper.ui.posture_screen import PostureScreen
from tests.support.pilot import SIZE, settle, status_cells, text_of
from tests.support.ui_fakes import ROOT, FakeJournal, FakeReader, fixed_clock, journal_opener, rehearsal_environment


def build(reader=None, journal=None, closed=None, **kwargs):
    journal = journal if journal is not None else FakeJournal()
    return make_app(lambda: rehearsal_environment(closed), clock=fixed_clock, posture_reader=reader or FakeReader(),
                    journal_opener=journal_opener(journal), expected_scenario="acme", **kwargs)


async def test_every_control_is_listed_in_order_with_a_textual_status():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#findings", DataTable)
        assert [row.value for row in table.rows] == [control.id for control in CONTROLS]
        statuses = status_cells(app)
        assert statuses["root-mfa"] == "✘ FAIL"
        assert statuses["root-access-keys"] == "✘ FAIL"
        assert statuses["security-contact"] == "✘ FAIL"
        assert statuses["billing-contact"] == "✔ PASS"
        assert str(table.get_cell("root-mfa", "CIS v5")) == "1.4"
        assert str(table.get_cell("root-mfa", "CIS v3")) == "1.5"
        assert str(table.get_cell("root-mfa", "Sec Hub")) == "IAM.9"
        # The roster of this test's (empty) journal: no custodian, never reviewed.
        assert statuses["custodian-count"] == "✘ FAIL"
        assert statuses["custodian-review"] == "✘ FAIL"
        assert statuses["root-mfa-attributed"] == "✔ PASS"  # root has no MFA device at all
        assert statuses["root-email-domain"] == "✔ PASS"
        assert "8 fail" in text_of(app, "#posture-status")


async def test_loading_state_shows_what_is_being_read_and_the_ui_stays_responsive():
    gate = threading.Event()
    app = build(reader=FakeReader(gate=gate))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if "credential report" in text_of(app, "#posture-status"):
                break
        assert "Reading the root posture: Reading the credential report" in text_of(app, "#posture-status")
        assert app.screen.query_one("#posture-spinner").display is True
        assert app.screen.loading is False  # the screen stays readable: no overlay hides the controls
        assert set(status_cells(app).values()) == {"… reading"}
        await pilot.press("down")  # the UI answers keys while the read is held
        assert app.screen.query_one("#findings", DataTable).cursor_row == 1
        gate.set()
        await settle(pilot)
        assert app.screen.query_one("#posture-spinner").display is False
        assert status_cells(app)["root-mfa"] == "✘ FAIL"


async def test_refresh_reads_again_and_records_a_check_each_time():
    reader, journal = FakeReader(), FakeJournal()
    app = build(reader=reader, journal=journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert reader.reads == 2
        assert [kind for kind, _ in journal.written] == ["check", "check"]
        body = journal.written[-1][1]
        assert body["source"] == "tui-posture-refresh"
        assert body["account_id"] == "314159265358"
        assert body["identity_arn"] == "arn:aws:iam::314159265358:user/operator"
        assert {"id": "root-mfa", "status": "fail"} in body["findings"]
        assert body["summary"]["fail"] == 8


async def test_details_follow_the_highlighted_control():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")  # the third control: root access keys
        details = text_of(app, "#finding-details")
        assert "No root access keys" in details
        assert "IAM.4" in details and "1.3" in details and "1.4" in details
        assert "cannot be limited by any policy" in details  # the rationale
        assert "1100 days old" in details  # the full evidence
        assert "delete-root-keys" in details


async def test_fix_with_runbook_asks_for_the_control_runbook():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert_runbooks_screen_highlights(app, "root-mfa")


async def test_a_rootkeeper_error_opens_a_modal_with_its_message_and_no_traceback():
    error = AccessDeniedError("This identity may not read the account summary.", hint="Grant iam:GetAccountSummary.")
    app = build(reader=FakeReader(error=error))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        message = text_of(app, "#error-message")
        assert message == "This identity may not read the account summary. Grant iam:GetAccountSummary."
        assert "Traceback" not in message
        await pilot.press("escape")
        assert isinstance(app.screen, PostureScreen)
        assert "Could not read the posture" in text_of(app, "#posture-status")
        assert set(status_cells(app).values()) == {"· not read"}  # not "reading" forever


async def test_no_credentials_on_the_live_path_says_so_and_suggests_rehearse():
    # The real reader (boto3) against a machine with no credentials at all (see tests/conftest.py).
    app = make_app(lambda: Environment(target=AwsTarget(region="us-east-1")), clock=fixed_clock,
                   journal_opener=journal_opener(FakeJournal()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        message = text_of(app, "#error-message")
        assert "No AWS credentials" in message and "rootkeeper rehearse" in message
        assert message.count(". ") == 0  # one sentence
        posture = next(screen for screen in app.screen_stack if isinstance(screen, PostureScreen))
        assert posture.query_one("#rehearsal-band").display is False


async def test_rehearsal_band_shows_from_the_first_frame_and_after_connecting():
    gate = threading.Event()
    app = build(reader=FakeReader(gate=gate))
    async with app.run_test(size=SIZE) as pilot:
        band = app.screen.query_one("#rehearsal-band", Static)
        assert band.display is True
        assert str(band.render()) == "REHEARSAL — acme — nothing here touches real AWS"
        gate.set()
        await settle(pilot)
        assert app.screen.query_one("#rehearsal-band").display is True
        assert "acme-mgmt (314159265358)" in text_of(app, "#identity-line")
        assert "IAM user operator" in text_of(app, "#identity-line")


async def test_root_is_unmistakable_in_the_header():
    app = build(reader=FakeReader(identity=ROOT))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "⚠ ROOT USER" in text_of(app, "#identity-line")


async def test_journal_unavailable_shows_a_warning_line_and_keeps_the_findings():
    def no_keyring(rehearsal: bool):
        raise RootkeeperError("No OS keyring is available to hold the journal's signing key.")

    app = make_app(rehearsal_environment, clock=fixed_clock, posture_reader=FakeReader(), journal_opener=no_keyring)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PostureScreen)
        warning = app.screen.query_one("#journal-warning", Static)
        assert warning.display is True
        assert "Not recorded in the journal: No OS keyring" in str(warning.render())
        assert status_cells(app)["root-mfa"] == "✘ FAIL"


async def test_quitting_closes_the_environment():
    closed: list = []
    app = build(closed=closed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert closed == [True]


async def test_the_command_palette_offers_every_action_by_name():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"fix with")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert_runbooks_screen_highlights(app, "root-mfa")


def assert_runbooks_screen_highlights(app, runbook_id: str) -> None:
    from rootkeeper.ui.runbooks_screen import RunbooksScreen

    assert isinstance(app.screen, RunbooksScreen)
    assert app.screen.highlighted_runbook().id == runbook_id


def test_long_evidence_is_clipped_to_the_row_with_an_ellipsis():
    from rootkeeper.ui.posture_screen import clip_to_lines

    assert clip_to_lines("short evidence", 20) == "short evidence"
    clipped = clip_to_lines("one two three four five six seven eight nine ten", 10)
    assert clipped == "one two\nthree fou…"
    assert all(len(line) <= 10 for line in clipped.splitlines())


async def test_j_opens_the_journal_screen_with_the_rehearsal_journal(monkeypatch):
    import sys
    import types

    from textual.screen import Screen

    class StandInJournalScreen(Screen):
        def __init__(self, journal) -> None:
            super().__init__()
            self.journal = journal

    module = types.ModuleType("rootkeeper.ui.journal_screen")
    module.JournalScreen = StandInJournalScreen
    monkeypatch.setitem(sys.modules, "rootkeeper.ui.journal_screen", module)
    opened: list[bool] = []
    journal = FakeJournal()

    def opener(rehearsal: bool):
        opened.append(rehearsal)
        return journal

    app = make_app(rehearsal_environment, clock=fixed_clock, posture_reader=FakeReader(), journal_opener=opener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, StandInJournalScreen)
        assert app.screen.journal is journal
        assert opened == [True]  # opened once, the rehearsal journal, shared with the check entries
