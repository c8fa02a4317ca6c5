"""Recovering acme-legacy's root through the UI, as the management account's 'operator',
against the in-process rehearsal world: the member picked from the Organization's list, its
root credentials shown, the member's id typed (the management account's is refused), the
rehearsal console's "Forgot password?", the task typed, and no root credential at the end."""

from __future__ import annotations

from textual.widgets import Button, OptionList

from rootkeeper.aws.org_scan import read_member_root
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import member_root as rb
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.confirm_screen import ConfirmScreen, TypeAccountIdScreen
from rootkeeper.ui.runbooks_screen import RunbooksScreen
from tests.support.ceremony_app import app_on, fill_in, press_and_settle, settle, type_into
from tests.support.pilot import SIZE, text_of
from tests.support.ui_fakes import FakeJournal

MGMT, LEGACY = "314159265358", "314159265404"


def step_id(app) -> str:
    return app.screen.ceremony.current_step.id


def legacy_root(world):
    return read_member_root(AwsSession(world.identities["operator"].target), LEGACY)


async def test_the_operator_recovers_a_member_root_and_leaves_it_without_credentials(world, clock):
    journal = FakeJournal()
    app = app_on(world, clock, journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_and_settle(pilot, "u")
        assert isinstance(app.screen, RunbooksScreen)
        app.screen.highlight_runbook("recover-member-root")
        await press_and_settle(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, CeremonyScreen) and step_id(app) == rb.CHECK_ROOT_ACCESS
        await pilot.click("#run-step")
        await settle(pilot)
        assert "enabled" in text_of(app, "#notice") and step_id(app) == rb.CHOOSE_MEMBER

        members = screen.query_one("#member-list", OptionList)
        assert members.option_count == 4
        members.focus()
        members.highlighted = 3
        await press_and_settle(pilot, "enter")  # acme-legacy, picked from the list
        await pilot.click("#run-step")
        await settle(pilot)
        assert "acme-legacy" in text_of(app, "#notice") and step_id(app) == rb.AUDIT_MEMBER
        await pilot.click("#run-step")
        await settle(pilot)
        assert step_id(app) == rb.DELETE_CREDENTIALS
        shown = text_of(app, "#member-credentials")
        assert "GAKT00000404" in shown and "ACMELEGACYSIGNINGCERT001" in shown and "password: yes" in shown

        await pilot.click("#run-step")
        await pilot.pause()
        assert isinstance(app.screen, TypeAccountIdScreen)
        await type_into(pilot, "#typed-confirmation", MGMT)  # the management account's id is not the one
        assert app.screen.query_one("#confirm-yes", Button).disabled
        await press_and_settle(pilot, "escape")
        assert legacy_root(world).has_credentials
        await pilot.click("#run-step")
        await pilot.pause()
        await type_into(pilot, "#typed-confirmation", LEGACY)
        await press_and_settle(pilot, "enter")
        assert step_id(app) == rb.ALLOW_RECOVERY, text_of(app, "#notice")
        assert not legacy_root(world).has_credentials

        await pilot.click("#run-step")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert step_id(app) == rb.RESET_PASSWORD and legacy_root(world).password is True
        await pilot.click("#rehearsal-console")
        await settle(pilot)
        assert step_id(app) == rb.VERIFY_SIGN_IN, text_of(app, "#notice")
        await pilot.click("#run-step")
        await settle(pilot)
        assert step_id(app) == rb.TASK_DONE, text_of(app, "#notice")

        await fill_in(pilot, "#input-attested_by", "Ada Operator")
        await pilot.click("#attest")
        await pilot.pause()
        assert "what was done" in text_of(app, ".panel-hint") and step_id(app) == rb.TASK_DONE
        await fill_in(pilot, "#input-task_done", "closed the legacy support plan")
        await pilot.click("#attest")
        await settle(pilot)
        assert step_id(app) == rb.DELETE_AGAIN, text_of(app, "#notice")
        await pilot.click("#run-step")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert screen.ceremony.status is CeremonyStatus.FINISHED, text_of(app, "#notice")
        assert not legacy_root(world).has_credentials
    done = [body for kind, body in journal.written if kind == "step" and body["outcome"] == "ok"]
    assert [body["step"] for body in done] == [step.id for step in rb.RECOVER_MEMBER_ROOT.steps]
    assert all(body["evidence"].get(rb.MEMBER) == LEGACY for body in done[1:])  # the member, in every entry after
    assert [body["evidence_kind"] for body in done if body["step"] == rb.RESET_PASSWORD] == ["rehearsed"]
