"""Pilot tests of the Custodians screen: the journal's roster as a table, the custodian controls' verdicts."""

from __future__ import annotations

from textual.widgets import DataTable

from rootkeeper.core.controls import ROSTER_CONTROLS
from rootkeeper.core.custodians import remove_body
from rootkeeper.journal import Journal
from rootkeeper.journal.roster import append_roster
from rootkeeper.ui.custodians_screen import CustodiansScreen
from rootkeeper.ui.key_summary import key_actions
from tests.core.test_custodians import acme_roster_bodies
from tests.support.pilot import SIZE, settle, text_of
from tests.ui.test_posture_screen import build


def seed_rehearsal_roster(*extra: dict) -> None:
    journal = Journal.open(rehearsal=True)
    for body in [*acme_roster_bodies(), *extra]:
        append_roster(journal, body)


def statuses(app) -> dict[str, str]:
    table = app.screen.query_one("#custodian-controls", DataTable)
    return {control.id: str(table.get_cell(control.id, "Status")) for control in ROSTER_CONTROLS}


async def test_c_opens_the_roster_and_its_verdicts_read_in_a_worker():
    seed_rehearsal_roster()
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Custodians" in [action.name for action in key_actions(app.screen)]  # the footer and the palette
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CustodiansScreen)
        table = app.screen.query_one("#custodians", DataTable)
        assert [row.value for row in table.rows] == ["Ana Lima", "Ben Okafor", "Chloe Martin"]
        assert str(table.get_cell("Ana Lima", "MFA devices")) == "virtual ana-root-mfa"  # its ARN, by name
        assert str(table.get_cell("Ana Lima", "Recovery phone")) == "+1 555 0199"
        assert str(table.get_cell("Chloe Martin", "Leaving")) == "leaving"
        assert str(table.get_cell("Ben Okafor", "Witness key")) != "-"
        assert text_of(app, "#custodians-review") == "Last review: 2025-05-01 by Ana Lima."
        assert statuses(app) == {"custodian-count": "! WARN", "root-mfa-attributed": "✔ PASS",
                                 "custodian-review": "✔ PASS", "root-email-domain": "✔ PASS"}
        await pilot.press("escape")
        assert not isinstance(app.screen, CustodiansScreen)


async def test_refresh_shows_a_roster_change_made_meanwhile():
    seed_rehearsal_roster()
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        append_roster(Journal.open(rehearsal=True), remove_body("Ben Okafor"))
        await pilot.press("r")
        await settle(pilot)
        table = app.screen.query_one("#custodians", DataTable)
        assert [row.value for row in table.rows] == ["Ana Lima", "Chloe Martin"]
        assert statuses(app)["custodian-count"] == "✘ FAIL"


async def test_an_empty_roster_says_so_and_fails():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert text_of(app, "#custodians-title") == "Root custodians: none on the roster"
        assert text_of(app, "#custodians-review") == "Last review: never."
        assert statuses(app)["custodian-count"] == "✘ FAIL" and statuses(app)["custodian-review"] == "✘ FAIL"
