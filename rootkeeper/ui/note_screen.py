"""A signed note, from any screen (ctrl+n): a small modal to type it, tied to the ceremony of
the screen it was opened from, if any; the app writes it in a thread worker (``note_job``)
and says the entry's seq. The journal's guard refuses a secret; the field warns as you type."""

from __future__ import annotations

from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from rootkeeper.journal.guard import secret_shape
from rootkeeper.ui.work import Job


class NoteScreen(ModalScreen[str | None]):
    """Dismisses with the text to journal, or None when cancelled."""

    CSS_PATH = "note_screen.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without writing a note")]
    help_title = "Note"
    offers_runbooks = False

    def __init__(self, ceremony_id: str | None = None) -> None:
        super().__init__()
        self.ceremony_id = ceremony_id

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static("A signed note in the journal", id="note-title")
            tied = f"Tied to ceremony {self.ceremony_id}." if self.ceremony_id else "Not tied to a ceremony."
            yield Static(f"{tied} Never type a seed, code, password or secret key.", id="note-about",
                         markup=False)
            yield Input(placeholder="what happened, in words", id="note-text")
            yield Static("", id="note-warning", markup=False)
            with Horizontal(id="note-buttons"):
                yield Button("Sign and write", id="note-write", variant="primary", disabled=True)
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    def _problem(self, text: str) -> str | None:
        if not text.strip():
            return ""
        shape = secret_shape(text.strip(), "text")
        return f"This looks like {shape}: the journal will refuse it." if shape else None

    def on_input_changed(self, event: Input.Changed) -> None:
        problem = self._problem(event.value)
        self.query_one("#note-warning", Static).update(problem or "")
        self.query_one("#note-write", Button).disabled = problem is not None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._problem(event.value) is None:
            self.dismiss(event.value.strip())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        text = self.query_one("#note-text", Input).value
        self.dismiss(text.strip() if event.button.id == "note-write" and self._problem(text) is None else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def note_job(app: Any, text: str, ceremony_id: str | None, *, rehearsal: bool,
             done: Callable[[Any], None]) -> Job:
    """Write ``text`` as a note in ``app``'s journal, off the UI thread; ``done(entry)`` after."""
    identity = app.identity  # read on the UI thread, used in the worker

    def write() -> Any:
        from rootkeeper.journal import Actor
        from rootkeeper.journal.notes import write_note

        journal = app.journal.open(rehearsal=rehearsal)
        # The id is the open ceremony's own: its "started" entry is in the journal already.
        return write_note(journal, text, actor=Actor.current(identity=identity), ceremony_id=ceremony_id,
                          check_ceremony=False)

    return Job(write, done, doing="write the note")
