"""Pilot tests of the Organizations screen against the real rehearsal world: scan (streamed
into the table), filter, select, one typed confirmation per batch, each account's outcome,
a failed account retried; the world and the journal checked after."""

from __future__ import annotations

from textual.widgets import Button, DataTable, ProgressBar

from rootkeeper.commands.tui import rehearsal_factory
from rootkeeper.journal import Journal
from rootkeeper.ui.app import make_app
from rootkeeper.ui.org_rows import MemberFilter
from rootkeeper.ui.org_screen import OrganizationsScreen
from rootkeeper.ui.type_phrase_screen import TypePhraseScreen
from tests.support.pilot import SIZE, settle, text_of

PROD, DATA = "314159265401", "314159265402"


def build(accounts: int = 20):
    return make_app(rehearsal_factory("acme", accounts, None), journal_opener=lambda rehearsal: Journal.open(
        rehearsal=rehearsal), expected_scenario="acme")


async def open_and_scan(pilot) -> OrganizationsScreen:
    await settle(pilot)
    await pilot.press("o")
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OrganizationsScreen)
    return screen


def credentials_left(app, account_id):
    from rootkeeper.aws.org_scan import read_member_root
    from rootkeeper.aws.session import AwsSession

    found = read_member_root(AwsSession(app.connection.environment.target), account_id).by_kind()
    return {kind: items for kind, items in found.items() if items}


async def test_scan_filter_select_delete_and_every_outcome_read_back():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_and_scan(pilot)
        table = screen.query_one("#org-members", DataTable)
        assert table.row_count == 24 == screen.total
        assert screen.query_one("#org-progress", ProgressBar).progress == 24
        assert str(table.get_cell(PROD, "password")) == "yes" and str(table.get_cell(PROD, "keys")) == "1"
        assert "24 of 24 members read" in text_of(app, "#org-status")
        await pilot.press("f")  # with root credentials
        assert screen.filter is MemberFilter.WITH_CREDENTIALS
        dirty = [row.value for row in table.rows]
        assert PROD in dirty and DATA not in dirty and len(dirty) == table.row_count
        await pilot.press("a")
        assert screen.selected == set(dirty)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TypePhraseScreen)
        assert app.screen.phrase == f"delete {len(dirty)}"
        await pilot.press(*"delete 99")
        await pilot.pause()
        assert app.screen.query_one("#confirm-yes", Button).disabled  # not the phrase: cannot confirm
        await pilot.press("backspace", "backspace", *str(len(dirty)))
        await pilot.pause()
        assert not app.screen.query_one("#confirm-yes", Button).disabled
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OrganizationsScreen)
        assert f"{len(dirty)} done (read back), 0 failed" in text_of(app, "#org-outcome")
        for account_id in dirty:
            assert credentials_left(app, account_id) == {}
            assert str(table.get_cell(account_id, "outcome")).startswith("✔ deleted")
        await pilot.press("f")  # clean: now every member
        assert table.row_count == 24
    journal = Journal.open(rehearsal=True)
    steps = [e.body for e in journal.entries() if e.kind == "step" and e.body.get("runbook") == "org-remediation"]
    assert {s["evidence"]["account_id"] for s in steps} == set(dirty)
    assert journal.verify().ok


async def test_cancelling_the_confirmation_changes_nothing():
    app = build(0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_and_scan(pilot)
        await pilot.press("space")  # the first row: acme-prod
        assert screen.selected == {PROD}
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert credentials_left(app, PROD) == {"login_profile": ["root"], "access_keys": ["AKIAACMEPRODROOT0001"]}
        assert text_of(app, "#org-outcome") == ""


async def test_a_failed_account_is_listed_and_retried_with_t():
    app = build(0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_and_scan(pilot)
        from rootkeeper.aws.session import AwsSession

        AwsSession(app.connection.environment.target).client("organizations").remove_account_from_organization(
            AccountId=DATA)  # it leaves after the scan: AssumeRoot into it is refused
        table = screen.query_one("#org-members", DataTable)
        await pilot.press("space", "space")  # space selects and moves on: two in a row
        assert screen.selected == {PROD, DATA}
        assert table.cursor_row == 2
        await pilot.press("p")  # allow password recovery
        await pilot.pause()
        assert app.screen.phrase == "allow 2"
        app.screen.query_one("#typed-confirmation").value = "allow 2"
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        outcome = text_of(app, "#org-outcome")
        assert "1 done (read back), 1 failed" in outcome and DATA in outcome and "Press t" in outcome
        assert str(table.get_cell(DATA, "outcome")).startswith("✘ failed")
        assert screen.selected == {DATA}  # the failed one stays selected
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TypePhraseScreen) and app.screen.phrase == "allow 1"
