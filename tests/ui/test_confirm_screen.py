"""The confirmation modals: No is the default; Yes needs a deliberate key or button."""

from __future__ import annotations

from textual.app import App

from rootkeeper.ui.confirm_screen import ConfirmScreen, TypeAccountIdScreen


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self.modal = screen
        self.answers: list = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.answers.append)


async def answer(screen, *keys: str):
    app = Host(screen)
    async with app.run_test() as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
    return app.answers


async def test_enter_on_the_default_answers_no():
    assert await answer(ConfirmScreen("Delete?"), "enter") == [False]


async def test_y_answers_yes_and_n_or_escape_no():
    assert await answer(ConfirmScreen("Delete?"), "y") == [True]
    assert await answer(ConfirmScreen("Delete?"), "n") == [False]
    assert await answer(ConfirmScreen("Delete?"), "escape") == [False]


async def test_arrows_move_between_the_buttons():
    assert await answer(ConfirmScreen("Delete?"), "left", "enter") == [True]
    assert await answer(ConfirmScreen("Delete?"), "left", "right", "enter") == [False]


async def test_the_typed_account_id_is_passed_on_as_typed_and_a_wrong_one_is_refused():
    assert await answer(TypeAccountIdScreen("Delete?", "123456789012"), *"1234-5678-9012", "enter") == [
        "1234-5678-9012"]
    assert await answer(TypeAccountIdScreen("Delete?", "123456789012"), *"123456789013", "enter") == []
