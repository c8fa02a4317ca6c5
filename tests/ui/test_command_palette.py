"""The command palette reaches every runbook and every screen action by name, lists Quit
once, and its Keys command opens the help screen that Escape closes; ? and F1 open it too."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette

from rootkeeper.ui.app import make_app
from rootkeeper.ui.help_screen import HelpScreen
from rootkeeper.ui.posture_screen import PostureScreen
from tests.support.pilot import SIZE, settle
from tests.support.ui_fakes import FakeJournal, FakeReader, fixed_clock, journal_opener, rehearsal_environment


def build():
    return make_app(rehearsal_environment, clock=fixed_clock, posture_reader=FakeReader(),
                    journal_opener=journal_opener(FakeJournal()), expected_scenario="acme")


async def palette_names(app, query: str | None) -> list[str]:
    """What every provider of the palette offers for ``query`` (None: before anything is typed)."""
    names = []
    for provider_class in app.COMMANDS:
        if not isinstance(provider_class, type):
            provider_class = provider_class()  # Textual's system commands come lazily
        provider = provider_class(app.screen)
        provider._post_init()
        hits = provider.discover() if query is None else provider.search(query)
        names += [str(hit.text if query is None else hit.prompt) for hit in [h async for h in hits]]
    return names


@pytest.mark.parametrize("query, runbook_title", [
    ("mfa", "Runbook: Assign a virtual MFA device to the root user"),
    ("password", "Runbook: Rotate the root password"),
    ("contact", "Runbook: Update an alternate contact"),
    ("keys", "Runbook: Delete the root user's access keys"),
])
async def test_the_palette_finds_every_runbook_by_keyword(query, runbook_title):
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert runbook_title in await palette_names(app, query)


async def test_the_palette_lists_every_screen_action_and_quit_once():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = await palette_names(app, None)
        assert names.count("Quit") == 1
        for action in ("Refresh", "Fix with runbook", "Journal", "Runbooks", "Help", "Keys"):
            assert action in names
        assert "Screenshot" not in names  # a screen may show a secret: no screenshot to a file


async def test_a_runbook_chosen_in_the_palette_is_highlighted_in_the_runbooks_screen():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_runbook("rotate-root-password")
        await pilot.pause()
        assert app.screen.highlighted_runbook().id == "rotate-root-password"
        app.show_runbook("alternate-contacts")
        await pilot.pause()
        assert app.screen.highlighted_runbook().id == "alternate-contacts"


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_question_mark_and_f1_show_the_keys_and_escape_closes_them(key):
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {action.name for action in app.screen.actions}
        assert {"Refresh", "Fix with runbook", "Journal", "Runbooks", "Quit", "Help"} <= listed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PostureScreen)


async def test_the_palette_keys_command_opens_the_help_that_escape_closes():
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Keys")
        results = app.screen.query_one(CommandList)
        for _ in range(200):  # the palette searches in the background: wait for its first hit
            if results.option_count and "Keys" in str(results.get_option_at_index(0).prompt):
                break
            await pilot.pause(0.01)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PostureScreen)
