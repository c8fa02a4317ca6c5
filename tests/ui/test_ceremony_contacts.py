"""Alternate contacts through the UI, against the in-process rehearsal world: the missing
SECURITY contact set from its failing posture control (validated as typed, confirmed as a
diff, read back), every validation message under its field, and AWS's AccessDenied shown
in the screen with the step offered again."""

from __future__ import annotations

from textual.widgets import OptionList, Select

from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import contacts as rb
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.confirm_screen import ConfirmScreen
from rootkeeper.ui.posture_screen import PostureScreen
from rootkeeper.ui.runbooks_screen import RunbooksScreen
from tests.support.ceremony_app import app_on, fill_in, press_and_settle, settle, type_into
from tests.support.pilot import SIZE, status_cells, text_of
from tests.support.ui_fakes import FakeJournal

MGMT, PROD, DATA = "314159265358", "314159265401", "314159265402"
SECURITY_ROW = 6  # the security-contact control's row in the posture table



def step_id(app) -> str:
    return app.screen.ceremony.current_step.id


async def open_contacts_ceremony(pilot) -> CeremonyScreen:
    """Runbooks (u), the alternate-contacts runbook highlighted, Enter."""
    app = pilot.app
    await press_and_settle(pilot, "u")
    options = app.screen.query_one("#runbook-list", OptionList)
    options.highlighted = [options.get_option_at_index(i).id for i in range(options.option_count)].index(
        "alternate-contacts")
    await press_and_settle(pilot, "enter")
    assert isinstance(app.screen, CeremonyScreen) and step_id(app) == rb.CHOOSE_CONTACT
    return app.screen


async def test_the_security_contact_goes_from_fail_to_pass(world, clock):
    journal = FakeJournal()
    app = app_on(world, clock, journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status_cells(app)["security-contact"] == "✘ FAIL"
        await pilot.press(*["down"] * SECURITY_ROW)
        await press_and_settle(pilot, "f")
        assert isinstance(app.screen, RunbooksScreen)
        assert app.screen.highlighted_runbook().id == "alternate-contacts"
        await press_and_settle(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, CeremonyScreen)
        current = text_of(app, "#current-contacts")
        assert "SECURITY not set" in current and "BILLING Priya Natarajan" in current
        assert screen.query_one("#contact-type", Select).value == "SECURITY"  # the missing one, preselected
        accounts = screen.query_one("#target-account", Select)
        assert accounts.value == MGMT and f"{PROD} acme-prod" in str(accounts._options)
        await pilot.click("#run-step")
        await settle(pilot)
        assert step_id(app) == rb.PUT_CONTACT, text_of(app, "#notice")
        assert "none is set" in text_of(app, "#notice")

        await type_into(pilot, "#input-name", "Security Team")
        await fill_in(pilot, "#input-title", "CISO office")
        await fill_in(pilot, "#input-email", "security@acme.example")
        await fill_in(pilot, "#input-phone", "+1 (206) 555-0199")
        assert all(text_of(app, f"#error-{name}") == "" for name in rb.CONTACT_FIELDS)
        await pilot.press("enter")  # on the last field: review
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        diff = text_of(app, "#confirm-message")
        assert "name (none) → Security Team" in diff and "email (none) → security@acme.example" in diff
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert step_id(app) == rb.READ_BACK_CONTACT  # the removal was skipped: it no longer applies
        assert "↷" in text_of(app, "#step-list")
        await press_and_settle(pilot, "enter")  # Check now
        assert "AWS now holds Security Team, CISO office <security@acme.example>" in text_of(app, "#notice")
        assert screen.ceremony.status is CeremonyStatus.FINISHED
        skipped = [body for kind, body in journal.written if kind == "step" and body["outcome"] == "skipped"]
        assert [body["step"] for body in skipped] == [rb.REMOVE_CONTACT] and skipped[0]["note"]

        await press_and_settle(pilot, "escape")
        assert isinstance(app.screen, PostureScreen)
        assert status_cells(app)["security-contact"] == "✔ PASS"


async def test_each_validation_message_shows_under_its_field_as_typed(world, clock):
    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_contacts_ceremony(pilot)
        await pilot.click("#run-step")
        await settle(pilot)
        assert step_id(app) == rb.PUT_CONTACT
        assert all(text_of(app, f"#error-{name}") == "" for name in rb.CONTACT_FIELDS)  # untouched: no error

        await type_into(pilot, "#input-email", "security.acme")
        assert "Email address must look like name@example.com" in text_of(app, "#error-email")
        await pilot.press(*"@acme.example")
        assert text_of(app, "#error-email") == ""  # corrected as typed
        await type_into(pilot, "#input-phone", "555 0199 ext")
        assert text_of(app, "#error-phone") == "Phone number may only contain digits, spaces, and ( ) + -."
        await fill_in(pilot, "#input-title", "T" * 50)
        await pilot.press("end", "T")  # (focusing an input selects its text: typing would replace it)
        assert text_of(app, "#error-title") == "Title must be at most 50 characters; it has 51."
        await fill_in(pilot, "#input-name", "N" * 64)
        await pilot.press("end", "N")
        assert text_of(app, "#error-name") == "Name must be at most 64 characters; it has 65."
        await pilot.press("backspace")
        assert text_of(app, "#error-name") == ""
        assert text_of(app, "#error-email") == "" and "ext" not in text_of(app, "#error-phone")

        await pilot.click("#run-step")  # Review: refused here, before any confirmation or AWS call
        await pilot.pause()
        assert app.screen is screen and step_id(app) == rb.PUT_CONTACT
        assert "Correct the fields marked" in text_of(app, ".panel-hint")
        assert screen.ceremony.results[-1].step_id == rb.CHOOSE_CONTACT  # the write never ran


async def test_access_denied_by_aws_is_shown_and_the_step_can_run_again(world, clock):
    app = app_on(world, clock, identity="prod-root")  # a member may not manage another member's contacts
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_contacts_ceremony(pilot)
        await type_into(pilot, "#input-other_account", DATA)
        await press_and_settle(pilot, "enter")
        notice = text_of(app, "#notice")
        assert notice.startswith("Access denied: this identity may not read the SECURITY alternate contact")
        assert "Traceback" not in notice and step_id(app) == rb.CHOOSE_CONTACT
        assert screen.query_one("#notice").has_class("notice-error")

        await fill_in(pilot, "#input-other_account", "")
        await pilot.click("#run-step")  # again, on its own account
        await settle(pilot)
        assert step_id(app) == rb.PUT_CONTACT, text_of(app, "#notice")
        assert f"account {PROD}" in text_of(app, "#notice")
