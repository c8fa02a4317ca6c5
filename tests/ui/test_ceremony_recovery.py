"""The recovery walkthroughs through the UI, on the "custodians" world in process and the real
(rehearsal) journal: a forgotten password recovered to the end, the reset email read on screen;
a lost MFA device's sign-in with alternative factors, the email read in the simulated root
mailbox, a wrong number typed on the phone's keypad refused, then the right one."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import recovery as rb
from rootkeeper.core.runbooks import root_password as password_rb
from rootkeeper.journal import Journal
from rootkeeper.journal.roster import seed_rehearsal_roster
from rootkeeper.rehearsal import state as world_state
from rootkeeper.ui.app import make_app
from tests.support.ceremony_app import fill_in, press_and_settle, settle
from tests.support.pilot import SIZE, text_of
from tests.ui.test_ceremony_root_password import rendered_text

MGMT = "314159265358"


@pytest.fixture
def custodians_world(clock):
    from rootkeeper.rehearsal.world import start_world

    world = start_world("custodians", clock=clock)
    yield world
    world.stop()


def _app(world, clock):
    journal = Journal.open(rehearsal=True)
    seed_rehearsal_roster(journal, world.seed_custodians)
    return journal, make_app(lambda: world.environment("operator"), clock=clock,
                             journal_opener=lambda rehearsal: journal, expected_scenario="custodians")


async def _open(pilot, runbook_id: str):
    await settle(pilot)
    await press_and_settle(pilot, "u")
    options = pilot.app.screen.query_one("#runbook-list", OptionList)
    options.highlighted = [options.get_option_at_index(i).id for i in range(options.option_count)].index(runbook_id)
    await press_and_settle(pilot, "enter")
    return pilot.app.screen


def _at(app) -> str:
    return app.screen.ceremony.current_step.id


async def test_a_forgotten_password_recovered_through_the_ui(custodians_world, clock):
    journal, app = _app(custodians_world, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, rb.RECOVER_FORGOTTEN_ROOT_PASSWORD.id)
        await fill_in(pilot, "#input-custodian", "Ana Lima")
        await press_and_settle(pilot, "enter")
        assert _at(app) == rb.CHECK_MAILBOX, text_of(app, "#notice")
        await press_and_settle(pilot, "enter")  # Check now
        assert _at(app) == password_rb.GENERATE_PASSWORD, text_of(app, "#notice")
        await press_and_settle(pilot, "enter")
        password = screen.ceremony.secrets.get(password_rb.NEW_PASSWORD)
        assert _at(app) == rb.REQUEST_RESET
        await pilot.click("#rehearsal-console")
        await settle(pilot)
        assert _at(app) == rb.RESET_FROM_EMAIL, text_of(app, "#notice")
        await pilot.click("#rehearsal-console")  # opens the root mailbox
        await settle(pilot)
        shown = rendered_text(app)
        assert "Amazon Web Services Password Assistance" in shown and "aws-root@acme.example" in shown
        await pilot.click("#page-go")  # follows the link, sets the generated password
        await settle(pilot)
        assert _at(app) == password_rb.SIGN_IN_WITH_NEW, text_of(app, "#notice")
        assert world_state.active().roots[MGMT].password == password
        await pilot.click("#rehearsal-console")
        await settle(pilot)
        await press_and_settle(pilot, "enter")  # the credential report
        assert _at(app) == rb.RECOVERY_LOGGED, text_of(app, "#notice")
        await press_and_settle(pilot, "enter")  # CloudTrail
        assert "PasswordRecoveryRequested" in text_of(app, "#notice")
        assert _at(app) == rb.PASSWORD_RECOVERED
        await fill_in(pilot, "#input-attested_by", "Olga Operator")
        await fill_in(pilot, "#input-witness", "Ben Okafor")
        await press_and_settle(pilot, "enter")
        assert screen.ceremony.status is CeremonyStatus.FINISHED, text_of(app, "#notice")
    assert journal.verify().ok
    assert password not in journal.path.read_text(encoding="utf-8")


async def test_the_alternative_factor_sign_in_through_the_ui(custodians_world, clock):
    journal, app = _app(custodians_world, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, rb.RECOVER_LOST_ROOT_MFA.id)
        await press_and_settle(pilot, "enter")  # the phone
        assert _at(app) == rb.CONFIRM_PHONE, text_of(app, "#notice")
        assert "+1 206 555 0177" in rendered_text(app)  # the number the operator confirms is current
        await fill_in(pilot, "#input-attested_by", "Olga Operator")
        await press_and_settle(pilot, "enter")
        await press_and_settle(pilot, "enter")  # the mailbox
        assert _at(app) == rb.CHOOSE_LOST, text_of(app, "#notice")
        assert "ana-root-mfa (virtual), held by Ana Lima" in rendered_text(app)
        await fill_in(pilot, "#input-lost_device", "ana-root-mfa")
        await press_and_settle(pilot, "enter")
        assert _at(app) == rb.TROUBLESHOOT, text_of(app, "#notice")
        await pilot.click("#rehearsal-console")
        await settle(pilot)

        assert _at(app) == rb.VERIFY_EMAIL, text_of(app, "#notice")
        await pilot.click("#rehearsal-console")  # "Send verification email"
        await settle(pilot)
        assert "Verify your email address" in rendered_text(app)
        await pilot.click("#page-go")  # the link in the email
        await settle(pilot)

        assert _at(app) == rb.VERIFY_PHONE, text_of(app, "#notice")
        await pilot.click("#rehearsal-console")  # "Call me now"
        await settle(pilot)
        page = screen.panel.page
        assert "Incoming call to +1 206 555 0177" in rendered_text(app) and page["code"] in rendered_text(app)
        wrong = "111111" if page["code"] != "111111" else "222222"
        await fill_in(pilot, "#input-keypad", wrong)
        await press_and_settle(pilot, "enter")
        assert _at(app) == rb.VERIFY_PHONE
        assert "not the one the console shows" in text_of(app, "#recovery-refusal")
        await fill_in(pilot, "#input-keypad", page["code"])
        await press_and_settle(pilot, "enter")
        assert _at(app) == rb.SIGNED_IN, text_of(app, "#notice")
        assert page["code"] not in rendered_text(app)  # the page left with its step
        await press_and_settle(pilot, "enter")
        assert _at(app) == rb.REMOVE_LOST, text_of(app, "#notice")
        await pilot.click("#rehearsal-console")
        await settle(pilot)
        await press_and_settle(pilot, "enter")
        assert _at(app) == rb.RELEASE_LOST, text_of(app, "#notice")
        await press_and_settle(pilot, "enter")  # Run this step: asks first
        await press_and_settle(pilot, "y")
        assert _at(app) == "review-root-devices", text_of(app, "#notice")
        assert "The root user's MFA devices visible to the API" in text_of(app, "#root-devices")
    assert journal.verify().ok
    assert page["code"] not in journal.path.read_text(encoding="utf-8")


async def test_the_reset_step_hands_the_generated_password_over_and_next_moves_one_instruction(
        custodians_world, clock):
    _, app = _app(custodians_world, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, rb.RECOVER_FORGOTTEN_ROOT_PASSWORD.id)
        await fill_in(pilot, "#input-custodian", "Ana Lima")
        await press_and_settle(pilot, "enter")
        await press_and_settle(pilot, "enter")  # the mailbox
        await press_and_settle(pilot, "enter")  # generate
        password = screen.ceremony.secrets.get(password_rb.NEW_PASSWORD)
        await pilot.click("#rehearsal-console")  # Forgot password?
        await settle(pilot)
        assert _at(app) == rb.RESET_FROM_EMAIL
        assert "Instruction 1 of 3" in text_of(app, "#instruction-counter")
        await pilot.click("#instruction-next")
        await pilot.pause()
        assert "Instruction 2 of 3" in text_of(app, "#instruction-counter")  # one click, one instruction
        await pilot.click("#show-password")
        await pilot.click("#reveal-password")
        await pilot.pause()
        assert password in rendered_text(app)  # the operator can type it into the console's reset page
        await press_and_settle(pilot, "r")
        assert password not in rendered_text(app)
