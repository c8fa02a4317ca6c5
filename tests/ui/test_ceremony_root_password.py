"""Rotating the root password through the UI, against the in-process rehearsal world: the
generated password handed over once (shown masked until revealed, or copied with OSC 52),
the rehearsal console changing it and signing in with it, the check, the attestation; and
the password nowhere on screen, in the app or under ROOTKEEPER_HOME once its step is over."""

from __future__ import annotations

import io
import os
from pathlib import Path

from rich.console import Console
from textual.widgets import Button, OptionList

from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.runbooks import root_password as rb
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from tests.support.ceremony_app import app_on, files_containing, fill_in, press_and_settle, settle
from tests.support.pilot import SIZE, text_of
from tests.support.ui_fakes import FakeJournal



def step_id(app) -> str:
    return app.screen.ceremony.current_step.id


def rendered_text(app) -> str:
    """Everything the terminal shows now, as plain text."""
    console = Console(width=SIZE[0], record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


async def generate_password(pilot) -> tuple[CeremonyScreen, str]:
    """Runbooks (u), rotate-root-password, name the custodian, generate: at the console step."""
    app = pilot.app
    await press_and_settle(pilot, "u")
    options = app.screen.query_one("#runbook-list", OptionList)
    options.highlighted = [options.get_option_at_index(i).id for i in range(options.option_count)].index(
        "rotate-root-password")
    await press_and_settle(pilot, "enter")
    screen = app.screen
    await fill_in(pilot, "#input-custodian", "Sam Okafor")
    await press_and_settle(pilot, "enter")
    assert step_id(app) == rb.GENERATE_PASSWORD, text_of(app, "#notice")
    await press_and_settle(pilot, "enter")  # Generate a password
    assert step_id(app) == rb.CHANGE_IN_CONSOLE, text_of(app, "#notice")
    return screen, screen.ceremony.secrets.get(rb.NEW_PASSWORD)


async def test_the_rotation_completes_and_the_password_leaves_no_trace(world, clock):
    journal = FakeJournal()
    app = app_on(world, clock, journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, password = await generate_password(pilot)
        assert password not in rendered_text(app)
        await pilot.click("#show-password")
        await pilot.pause()
        assert password not in rendered_text(app) and "•" * len(password) in rendered_text(app)  # masked
        assert screen.query_one("#copy-password", Button).disabled  # handed over once
        await pilot.click("#reveal-password")
        await pilot.pause()
        assert password in rendered_text(app)  # revealed on request

        await pilot.click("#rehearsal-console")  # changes the password in the rehearsal console
        await settle(pilot)
        assert step_id(app) == rb.SIGN_IN_WITH_NEW, text_of(app, "#notice")
        assert password not in rendered_text(app)
        assert not screen.query("#password-field")  # the field left with its step
        await pilot.click("#rehearsal-console")  # signs in with the new password
        await settle(pilot)
        assert step_id(app) == rb.VERIFY_CHANGE, text_of(app, "#notice")
        assert rb.NEW_PASSWORD not in screen.ceremony.secrets  # gone after its last use

        await press_and_settle(pilot, "enter")  # Check now
        assert "used to sign in after this ceremony began" in text_of(app, "#notice")
        assert step_id(app) == rb.ATTEST_ROTATION
        await fill_in(pilot, "#input-attested_by", "Alice Custodian")
        await fill_in(pilot, "#input-witness", "Wendy Witness")
        await press_and_settle(pilot, "enter")
        assert screen.ceremony.status is CeremonyStatus.FINISHED, text_of(app, "#notice")
        assert password not in rendered_text(app)
        assert app.clipboard == ""
    world.console.sign_in_root(world.management_account_id, password)  # the new password works
    assert files_containing(Path(os.environ["ROOTKEEPER_HOME"]), password) == []
    assert password not in repr(journal.written)
    assert [body["step"] for kind, body in journal.written if kind == "step"][-1] == rb.ATTEST_ROTATION


async def test_after_show_by_keyboard_r_reveals_the_password(world, clock):
    """Trial of issue #8: "Show it (masked)" disabled the focused button, the focus went
    nowhere, and the footer's "r Reveal/hide" then did nothing: the keyboard user could not
    see the password. The focus moves to the reveal button, and r reveals."""
    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, password = await generate_password(pilot)
        screen.query_one("#show-password", Button).focus()
        await press_and_settle(pilot, "enter")
        assert "•" * len(password) in rendered_text(app)
        assert app.focused is not None and app.focused.id == "reveal-password"
        await press_and_settle(pilot, "r")
        assert password in rendered_text(app)
        await press_and_settle(pilot, "r")
        assert password not in rendered_text(app)


async def test_after_copy_by_keyboard_the_focus_stays_in_the_step(world, clock):
    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, password = await generate_password(pilot)
        screen.query_one("#copy-password", Button).focus()
        await press_and_settle(pilot, "enter")
        assert app.clipboard == password
        assert app.focused is not None and app.focused.id == "instruction-next"


async def test_the_password_can_be_copied_instead_and_is_forgotten_after_the_step(world, clock):
    app = app_on(world, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, password = await generate_password(pilot)
        await pilot.click("#copy-password")
        await pilot.pause()
        assert app.clipboard == password  # Textual sent it with OSC 52
        assert "Copied to the clipboard" in text_of(app, ".panel-hint")
        assert screen.query_one("#show-password", Button).disabled
        assert password not in rendered_text(app)
        await pilot.click("#rehearsal-console")
        await settle(pilot)
        assert step_id(app) == rb.SIGN_IN_WITH_NEW
        assert app.clipboard == ""  # the app's own copy is dropped with the step
