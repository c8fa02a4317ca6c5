"""The keyring file's passphrase in the TUI (issue 13): the worker that first opens the journal
waits on a modal with password fields; a new file asks twice; a wrong passphrase asks again,
saying so; Escape leaves the file locked and nothing is written. Never the terminal prompt."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widgets import Input

from rootkeeper.journal import Journal
from rootkeeper.ui.app import make_app
from rootkeeper.ui.journal_screen import JournalScreen
from rootkeeper.ui.passphrase_screen import PassphraseScreen, ask_from_worker
from rootkeeper.ui.posture_screen import PostureScreen
from tests.support.passphrase import PASSPHRASE, ScriptedTerminal, headless_terminal
from tests.support.pilot import SIZE, settle, text_of
from tests.support.screen_scenarios import build, laid_out, steady_cursors
from tests.support.ui_fakes import FakeReader, fixed_clock, rehearsal_environment


@pytest.fixture
def terminal(monkeypatch, test_keyring) -> ScriptedTerminal:
    yield from headless_terminal(monkeypatch)


def real_work_app():
    """The app, whatever its world, journaling as real work does: the keys in the keyring file."""
    return make_app(rehearsal_environment, clock=fixed_clock, posture_reader=FakeReader(),
                    journal_opener=lambda rehearsal: Journal.open(rehearsal=False), expected_scenario="acme")


async def until_asked(pilot) -> PassphraseScreen:
    for _ in range(2000):  # the worker derives a key between two askings: wait for the modal, not a time
        await pilot.pause()
        if isinstance(pilot.app.screen, PassphraseScreen) and pilot.app.screen.query("#passphrase-ok"):
            return pilot.app.screen  # pushed and composed
    raise AssertionError(f"no passphrase modal; the screen is {pilot.app.screen!r}")


async def answer(pilot, *values: str) -> None:
    """Type into the fields and press Enter in the last one. Not a click on the button: a
    Button ignores a click while its press effect still shows (0.2 s), so a second answer
    clicked soon after the first was lost, and the worker waited forever for it (issue 13)."""
    screen = pilot.app.screen
    fields = list(screen.query(Input))
    for field, value in zip(fields, values, strict=True):
        assert field.password  # never shown as typed
        field.value = value
    fields[-1].focus()
    await pilot.press("enter")


async def test_the_journal_opens_behind_a_new_passphrase_asked_twice(terminal, isolated_home):
    app = real_work_app()
    async with app.run_test(size=SIZE) as pilot:
        asked = await until_asked(pilot)  # the posture read records its check: the journal opens at once
        assert asked.new and len(asked.query(Input)) == 2
        await answer(pilot, PASSPHRASE, "not the same")
        await pilot.pause()
        assert pilot.app.screen is asked and text_of(app, "#passphrase-problem") == "The two passphrases differ."
        await answer(pilot, PASSPHRASE, PASSPHRASE)
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)  # opened without asking again
        assert [e.kind for e in app.screen.journal.entries()] == ["genesis", "check"]
    assert terminal.prompts == []  # never getpass under the app
    assert (isolated_home / "live" / "keyring.enc").exists()


async def test_a_wrong_passphrase_asks_again_and_escape_writes_nothing(terminal, isolated_home):
    terminal.type(PASSPHRASE, PASSPHRASE)
    Journal.open(rehearsal=False)
    from rootkeeper.journal import keyring_choice

    keyring_choice.forget_unlocked_files()
    before = {p: p.read_bytes() for p in isolated_home.rglob("*") if p.is_file()}
    app = real_work_app()
    async with app.run_test(size=SIZE) as pilot:
        asked = await until_asked(pilot)
        assert not asked.new and len(asked.query(Input)) == 1
        await answer(pilot, "wrong passphrase")
        again = await until_asked(pilot)
        assert again is not asked and "Wrong passphrase" in text_of(app, "#passphrase-problem")
        await pilot.press("escape")
        for _ in range(2000):  # not settle(): a later journal write would ask again, and wait for an answer
            await pilot.pause()
            if isinstance(app.screen, PostureScreen) and text_of(app, "#journal-warning"):
                break
        assert isinstance(app.screen, PostureScreen)
        assert text_of(app, "#journal-warning").startswith("⚠ "
            "Not recorded in the journal: No passphrase was given: the keyring file stays locked")
    assert {p: p.read_bytes() for p in isolated_home.rglob("*") if p.is_file()} == before


@pytest.mark.flaky(reruns=2)
@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")])
@pytest.mark.parametrize("new", [pytest.param(True, id="new-file"), pytest.param(False, id="wrong-passphrase")])
def test_passphrase_modal(snap_compare, size, new):
    async def ask(pilot) -> None:
        await settle(pilot)
        path = "/home/olivia/.local/share/rootkeeper/live/keyring.enc"
        problem = None if new else f"Wrong passphrase for the keyring file {path}."
        pilot.app.push_screen(PassphraseScreen(path, new=new, problem=problem))
        await laid_out(pilot)
        pilot.app.screen.query_one("#passphrase-first", Input).value = "typed, never shown"
        steady_cursors(pilot)
        await laid_out(pilot)

    assert snap_compare(build(), terminal_size=size, run_before=ask)


async def test_quitting_with_the_modal_open_releases_the_waiting_worker(terminal, isolated_home):
    """The operator quits instead of answering: the worker that waited for the passphrase is
    answered 'no passphrase' and ends, so the process can exit (issue 13: never a hang)."""
    app = real_work_app()
    async with app.run_test(size=SIZE) as pilot:
        await until_asked(pilot)
        waiting = [worker for worker in app.workers if not worker.is_finished]
        assert [worker.name for worker in waiting] == ["read the root posture"]
        await pilot.press("ctrl+q")
    for _ in range(2000):  # the worker polls the app's state: wait for it, not for a time
        if waiting[0].is_finished:
            break
        await asyncio.sleep(0.01)
    assert waiting[0].is_finished
    assert not (isolated_home / "live" / "keyring.enc").exists()  # nothing written


def test_the_asker_gives_up_when_the_app_is_not_running():
    class StoppedApp:
        _loop = None
        is_running = False

    answers = []
    thread = threading.Thread(target=lambda: answers.append(ask_from_worker(StoppedApp(), "k.enc", True, None)))
    thread.start()
    thread.join(30)
    assert not thread.is_alive() and answers == [None]
