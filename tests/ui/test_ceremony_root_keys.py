"""Deleting the root access keys through the UI, against the in-process rehearsal world:
console-guided as the IAM user "operator" (direct deletion after the stronger warning,
the rehearsal console), and by API as root with the safe path, the key in use deleted
last; the wrong account id typed at the confirmation deletes nothing."""

from __future__ import annotations

import pytest

from textual.widgets import Button, OptionList

from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import root_keys as rb
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.confirm_screen import ConfirmScreen, TypeAccountIdScreen
from rootkeeper.ui.posture_screen import PostureScreen
from tests.support.ceremony_app import app_on, fill_in, iam_client, press_and_settle, settle, type_into
from tests.support.pilot import SIZE, status_cells, text_of
from tests.support.ui_fakes import FakeJournal

MGMT = "314159265358"
ROOT_KEY_ACTIVE = "AKIAACMEROOTKEY00001"
KEYS_ROW = 2  # the root-access-keys control's row in the posture table



def step_id(app) -> str:
    return app.screen.ceremony.current_step.id


def root_keys_present(world) -> int:
    return iam_client(world).get_account_summary()["SummaryMap"]["AccountAccessKeysPresent"]


async def confirm_account_id(pilot, typed: str) -> None:
    await type_into(pilot, "#typed-confirmation", typed)
    await press_and_settle(pilot, "enter")


async def test_as_operator_the_console_guided_path_takes_the_control_from_fail_to_pass(world, clock):
    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status_cells(app)["root-access-keys"] == "✘ FAIL"
        await pilot.press(*["down"] * KEYS_ROW)
        await press_and_settle(pilot, "f")
        assert app.screen.highlighted_runbook().id == "delete-root-keys"
        await press_and_settle(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, CeremonyScreen) and step_id(app) == rb.LIST_KEYS
        await press_and_settle(pilot, "enter")  # List the keys
        assert "you will act in the console" in text_of(app, "#notice")
        assert step_id(app) == rb.DEACTIVATE_IN_CONSOLE  # the API deactivation does not apply: skipped
        keys = text_of(app, ".root-key-table")
        assert "key in slot 1" in keys and "Active" in keys and "us-east-1" in keys
        assert "nothing has used it for" in keys  # what the last use means

        await pilot.click("#delete-directly")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "cannot be undone" in text_of(app, "#confirm-message")  # the stronger warning
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert step_id(app) == rb.DELETE_IN_CONSOLE
        assert screen.query_one("#rehearsal-console", Button).display

        await pilot.click("#rehearsal-console")
        await pilot.pause()
        assert isinstance(app.screen, TypeAccountIdScreen)
        assert rb.DIRECT_DELETION_WARNING in text_of(app, "#confirm-message")
        await confirm_account_id(pilot, "314159265359")  # one digit off: the modal refuses it
        assert isinstance(app.screen, TypeAccountIdScreen)
        assert app.screen.query_one("#confirm-yes", Button).disabled
        assert "nothing was done" in text_of(app, "#typed-confirmation-error")
        await press_and_settle(pilot, "escape")
        assert app.screen is screen and step_id(app) == rb.DELETE_IN_CONSOLE
        assert "Not confirmed" in text_of(app, "#notice") and "nothing changed" in text_of(app, "#notice")
        assert root_keys_present(world) == 1

        await pilot.click("#rehearsal-console")
        await pilot.pause()
        await confirm_account_id(pilot, MGMT)
        assert step_id(app) == rb.VERIFY_NO_KEYS, text_of(app, "#notice")
        await press_and_settle(pilot, "enter")  # Check now
        assert "AccountAccessKeysPresent = 0" in text_of(app, "#notice")
        assert screen.ceremony.status is CeremonyStatus.FINISHED

        await press_and_settle(pilot, "escape")
        assert isinstance(app.screen, PostureScreen)
        assert status_cells(app)["root-access-keys"] == "✔ PASS"


async def test_as_root_the_safe_path_deletes_the_key_in_use_last(world, clock):
    app = app_on(world, clock, identity="root")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_and_settle(pilot, "u")
        options = app.screen.query_one("#runbook-list", OptionList)
        options.highlighted = [options.get_option_at_index(i).id for i in range(options.option_count)].index(
            "delete-root-keys")
        await press_and_settle(pilot, "enter")
        screen = app.screen
        await press_and_settle(pilot, "enter")  # List the keys
        assert step_id(app) == rb.DEACTIVATE_KEYS, text_of(app, "#notice")
        assert f"{ROOT_KEY_ACTIVE} (this session)" in text_of(app, ".root-key-table")
        assert "deleted last, and that ends the session" in text_of(app, ".session-key-warning")

        await press_and_settle(pilot, "enter")  # Deactivate: asks first
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        # What the step proved is what IAM showed afterwards, not "every key inactive".
        steps = text_of(app, "#step-list")
        assert "verified: No other key was active: 1 of 2 root access key(s) inactive;" in steps
        assert f"{ROOT_KEY_ACTIVE}, the key of this session, stays active until it is deleted last" in steps
        assert step_id(app) == rb.VERIFY_KEYS_INACTIVE
        await press_and_settle(pilot, "enter")  # Check now: ListAccessKeys from this root session
        assert "verified: IAM ListAccessKeys: 1 of 2 root access key(s) inactive" in text_of(app, "#step-list")
        assert step_id(app) == rb.CHECK_NOTHING_BROKE
        await fill_in(pilot, "#input-attested_by", "Alice Custodian")
        await fill_in(pilot, "#input-witness", "Wendy Witness")
        await press_and_settle(pilot, "enter")
        assert step_id(app) == rb.DELETE_KEYS

        await pilot.click("#run-step")
        await pilot.pause()
        assert "deleted last, and that ends the session" in text_of(app, "#confirm-message")
        await press_and_settle(pilot, "escape")
        assert "Not confirmed" in text_of(app, "#notice") and root_keys_present(world) == 1

        await pilot.click("#run-step")
        await pilot.pause()
        await confirm_account_id(pilot, MGMT)
        assert "the root session has ended" in text_of(app, "#notice")
        assert step_id(app) == rb.VERIFY_NO_KEYS  # the console deletion was skipped: it does not apply
        assert "runs as another identity" in text_of(app, "#panel-verify-no-root-keys .panel-explain")
        await press_and_settle(pilot, "enter")
        assert "AccountAccessKeysPresent = 0" in text_of(app, "#notice")
        assert screen.ceremony.status is CeremonyStatus.FINISHED
        assert root_keys_present(world) == 0
        assert "restart rootkeeper" in text_of(app, "#ceremony-ending")

        await press_and_settle(pilot, "escape")  # back to the posture, now read as the operator
        await settle(pilot)
        assert isinstance(app.screen, PostureScreen)
        assert app.identity is not None and app.identity.name == "operator"
        assert status_cells(app)["root-access-keys"] == "✔ PASS"


async def open_keys_runbook_as_operator(app, pilot):
    await settle(pilot)
    await pilot.press(*["down"] * KEYS_ROW)
    await press_and_settle(pilot, "f")
    await press_and_settle(pilot, "enter")
    await press_and_settle(pilot, "enter")  # List the keys
    assert step_id(app) == rb.DEACTIVATE_IN_CONSOLE
    return app.screen


async def test_as_operator_a_reported_deactivation_is_checked_and_the_check_leads_back(world, clock):
    journal = FakeJournal()
    app = app_on(world, clock, journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_keys_runbook_as_operator(app, pilot)
        assert not screen.query_one("#back-to-step", Button).display
        await pilot.press("n", "n")
        clock.advance(minutes=3)
        await pilot.click("#manual-done")  # "Done: I did all of this", though key 1 is still Active
        await settle(pilot)
        assert "reported: The operator reported the console steps done." in text_of(app, "#step-list")
        assert step_id(app) == rb.VERIFY_KEYS_INACTIVE
        await press_and_settle(pilot, "enter")  # Check now: the report predates the operator's word
        assert text_of(app, "#notice").startswith("Cannot be verified yet")
        assert step_id(app) == rb.VERIFY_KEYS_INACTIVE
        clock.advance(hours=4)
        await press_and_settle(pilot, "enter")  # a new report: it shows key 1 still Active
        assert "Not deactivated" in text_of(app, "#notice")
        assert "access_key_1_active = true" in text_of(app, "#notice")
        assert step_id(app) == rb.VERIFY_KEYS_INACTIVE  # refused: the attestation is not reached
        back = screen.query_one("#back-to-step", Button)
        assert back.display and "Deactivate the keys in the AWS console" in str(back.label)

        await pilot.click("#back-to-step")
        await settle(pilot)
        assert step_id(app) == rb.DEACTIVATE_IN_CONSOLE and not back.display
        await pilot.click("#rehearsal-console")
        await settle(pilot)
        assert step_id(app) == rb.VERIFY_KEYS_INACTIVE, text_of(app, "#notice")
        assert "rehearsed: The rehearsal console deactivated AKIAACMEROOTKEY00001." in text_of(app, "#step-list")
        await press_and_settle(pilot, "enter")
        assert step_id(app) == rb.CHECK_NOTHING_BROKE, text_of(app, "#notice")
        assert "verified: The credential report generated at" in text_of(app, "#step-list")
        await fill_in(pilot, "#input-attested_by", "Alice Custodian")
        await fill_in(pilot, "#input-witness", "Wendy Witness")
        await press_and_settle(pilot, "enter")

        # Every root key is inactive now; the rehearsal console still deletes them.
        assert step_id(app) == rb.DELETE_IN_CONSOLE
        await pilot.click("#rehearsal-console")
        await pilot.pause()
        await confirm_account_id(pilot, MGMT)
        assert step_id(app) == rb.VERIFY_NO_KEYS, text_of(app, "#notice")
        assert root_keys_present(world) == 0
        await press_and_settle(pilot, "enter")
        assert screen.ceremony.status is CeremonyStatus.FINISHED
        evidence = [(body["step"], body["outcome"], body.get("evidence_kind")) for kind, body in journal.written
                    if kind == "step" and body["outcome"] != "skipped"]
        assert evidence == [
            (rb.LIST_KEYS, "ok", "verified"), (rb.DEACTIVATE_IN_CONSOLE, "ok", "reported"),
            (rb.VERIFY_KEYS_INACTIVE, "failed", "none"), (rb.VERIFY_KEYS_INACTIVE, "failed", "verified"), (rb.DEACTIVATE_IN_CONSOLE, "ok", "rehearsed"),
            (rb.VERIFY_KEYS_INACTIVE, "ok", "verified"), (rb.CHECK_NOTHING_BROKE, "ok", "attested"),
            (rb.DELETE_IN_CONSOLE, "ok", "rehearsed"), (rb.VERIFY_NO_KEYS, "ok", "verified")]
        assert any(kind == "ceremony" and body["event"] == "went-back" for kind, body in journal.written)


async def test_when_the_final_check_fails_a_button_goes_back_to_the_deletion(world, clock):
    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_keys_runbook_as_operator(app, pilot)
        await pilot.click("#delete-directly")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await settle(pilot)
        await pilot.press("n", "n", "n")
        await pilot.click("#manual-done")  # reported, but nothing was deleted
        await pilot.pause()
        await confirm_account_id(pilot, MGMT)
        assert step_id(app) == rb.VERIFY_NO_KEYS
        await press_and_settle(pilot, "enter")
        assert "AccountAccessKeysPresent = 1" in text_of(app, "#notice")
        back = screen.query_one("#back-to-step", Button)
        assert back.display and "Delete the keys in the AWS console" in str(back.label)
        await pilot.click("#back-to-step")
        await settle(pilot)
        assert step_id(app) == rb.DELETE_IN_CONSOLE
        assert screen.ceremony.status is CeremonyStatus.IN_PROGRESS


def rendered_text(app) -> str:
    import io

    from rich.console import Console

    console = Console(width=app.size.width, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_as_operator_every_console_step_button_is_on_screen(world, clock, size):
    """Trial of issue #8: on the console deactivation, "Delete directly instead…" was mounted
    beside Back, Next, Done and the rehearsal console, past the right edge: cut to "Delete" at
    120 columns, and gone once Done appeared. Each button shows its whole label, on every
    instruction."""
    app = app_on(world, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(*["down"] * KEYS_ROW)
        await press_and_settle(pilot, "f")
        await press_and_settle(pilot, "enter")
        screen = app.screen
        await press_and_settle(pilot, "enter")  # List the keys
        assert step_id(app) == rb.DEACTIVATE_IN_CONSOLE
        panel = screen.panel
        for position in range(len(panel.instructions)):
            panel.move_to(position)
            await pilot.pause()
            for button in screen.query(Button):
                if button.display and button.parent is not None and button.parent.display \
                        and button in panel.query(Button):
                    label = str(button.label)
                    panel.scroll_to_widget(button, animate=False)
                    await pilot.pause()
                    assert label in rendered_text(app), (position, label)
