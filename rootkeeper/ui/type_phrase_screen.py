"""A batch's one confirmation: the operator types the phrase shown ('delete 50'). Dismisses
with the phrase as typed once it matches (the batch checks it again), None when cancelled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Static


class PhraseValidator(Validator):
    def __init__(self, phrase: str) -> None:
        super().__init__()
        self.phrase = phrase

    def validate(self, value: str) -> ValidationResult:
        if " ".join(value.split()).lower() == self.phrase:
            return self.success()
        return self.failure(f"Type {self.phrase!r} to confirm.")


class TypePhraseScreen(ModalScreen[str | None]):
    CSS_PATH = "confirm_screen.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, phrase: str, message: str = "") -> None:
        super().__init__()
        self.question, self.phrase, self.message = question, phrase, message

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-title", markup=False)
            if self.message:
                yield Static(self.message, id="confirm-message", markup=False)
            yield Static(f"Type '{self.phrase}' to confirm.", markup=False)
            yield Input(placeholder=self.phrase, id="typed-phrase", validators=[PhraseValidator(self.phrase)])
            with Horizontal(id="confirm-buttons"):
                yield Button("Confirm", id="confirm-yes", variant="error", disabled=True)
                yield Button("Cancel", id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#typed-phrase", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        valid = event.validation_result is not None and event.validation_result.is_valid
        self.query_one("#confirm-yes", Button).disabled = not valid

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.validation_result is not None and event.validation_result.is_valid:
            self.dismiss(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.query_one("#typed-phrase", Input).value if event.button.id == "confirm-yes" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
