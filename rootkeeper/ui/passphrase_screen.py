"""The encrypted keyring file's passphrase, asked in the TUI: a modal with a password field
(two for a new file), opened when a worker first needs the file (``ask_from_worker``). The
passphrase goes straight back to the worker that unlocks the file, and the fields are cleared;
it is never shown, logged or written."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from rootkeeper.journal.passphrase import new_passphrase_problem


class PassphraseScreen(ModalScreen[str | None]):
    """Dismisses with the passphrase, or None when cancelled."""

    CSS_PATH = "passphrase_screen.tcss"
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", tooltip="Leave the keyring file locked: nothing is journaled")]
    help_title = "Keyring passphrase"
    offers_runbooks = False

    def __init__(self, path: Path | str, *, new: bool, problem: str | None = None,
                 answer: asyncio.Future | None = None) -> None:
        super().__init__()
        self.path, self.new, self.problem = str(path), new, problem
        self._answer = answer  # the waiting worker's: answered None if the app closes first

    def compose(self) -> ComposeResult:
        with Vertical(id="passphrase-dialog"):
            title = "Choose a passphrase for the new keyring file" if self.new else "Unlock the keyring file"
            yield Static(title, id="passphrase-title")
            about = (f"rootkeeper keeps the journal key in {self.path}, encrypted. The passphrase is never "
                     "stored: lose it and the key is lost." if self.new else
                     f"The journal key is kept in {self.path}, encrypted under your passphrase.")
            yield Static(about, id="passphrase-about", markup=False)
            yield Input(password=True, placeholder="passphrase", id="passphrase-first")
            if self.new:
                yield Input(password=True, placeholder="the same passphrase again", id="passphrase-second")
            yield Static(self.problem or "", id="passphrase-problem", markup=False)
            with Horizontal(id="passphrase-buttons"):
                yield Button("Unlock" if not self.new else "Create", id="passphrase-ok", variant="primary")
                yield Button("Cancel", id="passphrase-cancel")

    def on_mount(self) -> None:
        self.query_one("#passphrase-first", Input).focus()

    def on_unmount(self) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(None)  # the app closed with the modal open: the worker must not wait forever

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.new and event.input.id == "passphrase-first":
            self.query_one("#passphrase-second", Input).focus()
            return
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "passphrase-ok":
            self._submit()
        else:
            self.action_cancel()

    def _submit(self) -> None:
        first = self.query_one("#passphrase-first", Input).value
        if self.new:
            second = self.query_one("#passphrase-second", Input).value
            problem = "The two passphrases differ." if first != second else new_passphrase_problem(first)
            if problem:
                self.query_one("#passphrase-problem", Static).update(problem)
                return
        elif not first:
            return
        self._clear()
        self.dismiss(first)

    def _clear(self) -> None:
        for field in self.query(Input):
            field.value = ""

    def action_cancel(self) -> None:
        self._clear()
        self.dismiss(None)


def ask_from_worker(app: Any, path: Path, new: bool, problem: str | None) -> str | None:
    """The asker installed while the app runs (journal/passphrase.py): called from a worker
    thread, it opens the modal on the UI thread and waits for the operator's answer."""

    async def ask() -> str | None:
        answer: asyncio.Future = asyncio.get_running_loop().create_future()
        app.push_screen(PassphraseScreen(path, new=new, problem=problem, answer=answer),
                        lambda value: answer.done() or answer.set_result(value))
        return await answer

    return app.call_from_thread(ask)
