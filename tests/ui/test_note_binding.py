"""ctrl+n writes a signed note from any screen: shown in the footer and the palette, a small
modal to type it, written by a worker in the real journal, tied to the ceremony of a
ceremony screen, confirmed with the entry's seq; a secret is warned of and never written."""

from __future__ import annotations

from textual.widgets import Button, Input

from rootkeeper.core.runbooks import IAM_USER_VIRTUAL_MFA
from rootkeeper.journal import Journal
from rootkeeper.ui.app import make_app
from rootkeeper.ui.ceremony_screen import CeremonyScreen
from rootkeeper.ui.note_screen import NoteScreen
from rootkeeper.ui.posture_screen import PostureScreen
from tests.support.ceremony_app import settle as settle_ceremony
from tests.support.pilot import SIZE, settle, text_of
from tests.support.ui_fakes import FakeReader, fixed_clock, rehearsal_environment
from tests.ui.test_command_palette import palette_names


def real_journal():
    journal = Journal.open(rehearsal=True)
    return journal, (lambda rehearsal: journal)


async def write(pilot, text: str) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NoteScreen)
    pilot.app.screen.query_one("#note-text", Input).value = text
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


async def test_ctrl_n_on_the_posture_screen_writes_a_signed_note():
    journal, opener = real_journal()
    app = make_app(rehearsal_environment, clock=fixed_clock, posture_reader=FakeReader(), journal_opener=opener,
                   expected_scenario="acme")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PostureScreen)
        shown = [b.binding for b in app.screen.active_bindings.values() if b.binding.key == "ctrl+n"]
        assert shown and shown[0].show and shown[0].description == "Note"  # the footer shows it
        assert "Note" in await palette_names(app, None)
        await write(pilot, "Monthly look at the root posture: nothing new.")
        assert isinstance(app.screen, PostureScreen)
        note = journal.entries()[-1]
        assert note.kind == "note" and note.body["text"] == "Monthly look at the root posture: nothing new."
        assert "ceremony_id" not in note.body and note.body["actor"]["aws_arn"]
        assert any(f"seq {note.seq}" in n.message for n in app._notifications)
        assert journal.verify().ok


async def test_a_secret_is_warned_of_and_escape_writes_nothing():
    journal, opener = real_journal()
    app = make_app(rehearsal_environment, clock=fixed_clock, posture_reader=FakeReader(), journal_opener=opener,
                   expected_scenario="acme")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = len(journal.entries())
        await pilot.press("ctrl+n")
        await pilot.pause()
        app.screen.query_one("#note-text", Input).value = "123 456"
        await pilot.pause()
        assert "six-digit MFA code" in text_of(app, "#note-warning")
        assert app.screen.query_one("#note-write", Button).disabled
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)  # not accepted
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PostureScreen) and len(journal.entries()) == before


async def test_on_a_ceremony_screen_the_note_is_tied_to_its_ceremony(world, clock):
    journal, opener = real_journal()
    app = make_app(lambda: world.environment("operator"), clock=clock, journal_opener=opener,
                   expected_scenario="acme")
    async with app.run_test(size=SIZE) as pilot:
        await settle_ceremony(pilot)
        app.open_ceremony(IAM_USER_VIRTUAL_MFA.id)
        await settle_ceremony(pilot)
        screen = app.screen
        assert isinstance(screen, CeremonyScreen) and screen.ceremony is not None
        screen.query_one("#input-custodian", Input).focus()  # even while typing in a field
        await pilot.pause()
        await write(pilot, "Alice is on the phone from the office.")
        assert app.screen is screen  # back where the note was opened, the ceremony untouched
        note = journal.entries()[-1]
        assert note.kind == "note" and note.body["ceremony_id"] == screen.ceremony.id
        assert any(f"seq {note.seq} (ceremony {screen.ceremony.id})" in n.message for n in app._notifications)
