"""The encrypted keyring file's passphrase, asked in the TUI: a modal with a password field
(two for a new file), opened when a worker first needs the file (``ask_from_worker``). The
passphrase goes straight back to the worker that unlocks the file, and the fields are cleared;
it is never shown, logged or written."""

from __future__ import annotations

import threading
from collections.abc import Callable
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
                 answer: Callable[[str | None], None] | None = None) -> None:
        super().__init__()
        self.path, self.new, self.problem = str(path), new, problem
        self._answer = answer  # the waiting worker's: answered None if the modal goes without an answer

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
        if self._answer is not None:
            self._answer(None)  # the app closed with the modal open: the worker must not wait forever

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
        if self._answer is not None:
            self._answer(first)
        self.dismiss(first)

    def _clear(self) -> None:
        for field in self.query(Input):
            field.value = ""

    def action_cancel(self) -> None:
        self._clear()
        if self._answer is not None:
            self._answer(None)
        self.dismiss(None)


class _Answer:
    """The operator's answer, handed from the UI thread to the waiting worker thread: the first
    one counts (a submit, a cancel, or the modal unmounted with the app)."""

    def __init__(self) -> None:
        self._given = threading.Event()
        self.value: str | None = None

    def __call__(self, value: str | None) -> None:
        if not self._given.is_set():
            self.value = value
            self._given.set()

    def wait(self, still_waiting: Callable[[], bool]) -> str | None:
        while not self._given.wait(0.1):
            if not still_waiting():
                return None  # the app stopped (or the worker was cancelled): cancel, never hang
        return self.value


def ask_from_worker(app: Any, path: Path, new: bool, problem: str | None) -> str | None:
    """The asker installed while the app runs (journal/passphrase.py): called from a worker
    thread, it opens the modal on the UI thread and waits for the operator's answer, or for the
    app to stop: not ``call_from_thread``, whose wait has no end if the app's loop stops first
    (the thread, and so the process, would then never finish)."""
    from textual.worker import NoActiveWorker, get_current_worker

    try:
        worker = get_current_worker()
    except NoActiveWorker:
        worker = None
    loop = app._loop  # the loop the app runs in; None once it stopped
    if loop is None or not app.is_running:
        return None
    answer = _Answer()

    def open_modal() -> None:  # on the UI thread
        if not app.is_running:
            answer(None)
            return
        with app._context():  # as call_from_thread does: the active app for push_screen
            app.push_screen(PassphraseScreen(path, new=new, problem=problem, answer=answer))

    try:
        loop.call_soon_threadsafe(open_modal)
    except RuntimeError:  # the loop closed meanwhile
        return None
    return answer.wait(lambda: app.is_running and app._loop is loop
                       and not (worker is not None and worker.is_cancelled))
