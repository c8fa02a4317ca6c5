"""The app against the real rehearsal world and the real aws/ gateways, as `rootkeeper rehearse` runs it."""

from __future__ import annotations

from textual.widgets import DataTable

from rootkeeper.commands.tui import rehearsal_factory
from rootkeeper.ui.app import make_app
from rootkeeper.ui.posture_screen import PostureScreen
from tests.support.pilot import SIZE, settle, status_cells, text_of
from tests.support.ui_fakes import FakeJournal, journal_opener


async def test_acme_shows_root_mfa_root_keys_and_security_contact_failing():
    journal = FakeJournal()
    app = make_app(rehearsal_factory("acme", 0, None), journal_opener=journal_opener(journal),
                   expected_scenario="acme")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PostureScreen)
        statuses = status_cells(app)
        assert statuses["root-mfa"] == "✘ FAIL"
        assert statuses["root-access-keys"] == "✘ FAIL"
        assert statuses["security-contact"] == "✘ FAIL"
        assert statuses["billing-contact"] == "✔ PASS"
        evidence = str(app.screen.query_one("#findings", DataTable).get_cell("root-access-keys", "Evidence"))
        assert "2 access keys" in evidence
        assert "REHEARSAL — acme" in text_of(app, "#rehearsal-band")
        assert "IAM user operator" in text_of(app, "#identity-line")
        assert journal.written[0][1]["identity_arn"].endswith(":user/operator")
        environment = app.connection.environment
        assert environment is not None and environment.rehearsal
    assert app.connection.environment is None  # quitting stopped the world
