"""The Runbooks screen on fake data: what each runbook needs, whether the identity in use
qualifies, a runbook that does not exist yet, and Enter refused for one it cannot run."""

from __future__ import annotations

from textual.widgets import OptionList

from rootkeeper.core.identity import Identity, PrincipalKind
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.ui.app import make_app
from rootkeeper.ui.messages import RunbookRequested
from rootkeeper.ui.posture_screen import PostureScreen
from rootkeeper.ui.runbooks_screen import RunbooksScreen
from tests.support.pilot import SIZE, settle, text_of
from tests.support.ui_fakes import ACCOUNT, FakeJournal, FakeReader, fixed_clock, journal_opener, rehearsal_environment

ASSUMED_ROOT = Identity(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root", PrincipalKind.ASSUMED_ROOT,
                        task_policy="arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials")


def build(reader: FakeReader | None = None):
    return make_app(rehearsal_environment, clock=fixed_clock, posture_reader=reader or FakeReader(),
                    journal_opener=journal_opener(FakeJournal()), expected_scenario="acme")


def option_labels(app) -> list[str]:
    options = app.screen.query_one("#runbook-list", OptionList)
    return [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]


async def test_u_lists_every_runbook_with_what_it_needs_and_escape_goes_back():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, RunbooksScreen)
        labels = option_labels(app)
        assert [label[2:] for label in labels] == [runbook.title for runbook in RUNBOOKS.values()]
        # the fake operator is an IAM user of acme's management account: it qualifies for every runbook,
        # those run from the management account included; no ✔, its permissions are not known yet
        assert [label[0] for label in labels] == ["•" for _ in RUNBOOKS]
        details = text_of(app, "#runbook-details")
        assert "Needs: root, or an IAM user or role that can change IAM" in details
        assert "[action] Create the virtual MFA device" in details
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PostureScreen)


async def test_a_runbook_that_does_not_exist_yet_is_said_politely():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(RunbookRequested("root-signing-certificates"))
        await pilot.pause()
        assert isinstance(app.screen, RunbooksScreen)
        assert "“root-signing-certificates” is not in this version of rootkeeper yet" in text_of(app, "#runbooks-notice")
        assert len(option_labels(app)) == len(RUNBOOKS)


async def test_a_runbook_the_identity_cannot_run_is_marked_and_not_started():
    app = build(FakeReader(identity=ASSUMED_ROOT))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(RunbookRequested("iam-user-virtual-mfa"))
        await pilot.pause()
        assert option_labels(app)[0].startswith("✘")
        assert "sts:AssumeRoot session, whose task policy cannot change IAM" in text_of(app, "#runbook-details")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunbooksScreen)  # not started
        assert any("cannot change IAM" in str(n.message) for n in app._notifications)
