"""The confirmations a step may ask for: an explicit Yes (the default answer is No), and,
for the most destructive steps, the account id (or the resource's name) typed out in full."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Validator
from textual.widgets import Button, Input, Static

from rootkeeper.core.runbook import Confirmation, Step
from rootkeeper.ui.validation import TypedAccountIdValidator, TypedNameValidator


class ConfirmScreen(ModalScreen[bool]):
    """Yes or No; No has the focus, and escape answers No."""

    CSS_PATH = "confirm_screen.tcss"
    BINDINGS = [
        Binding("escape,n", "answer_no", "No"),
        Binding("y", "answer_yes", "Yes"),
        Binding("left,right", "switch_button", "Other button", show=False),
    ]

    def __init__(self, question: str, message: str = "", *, yes_label: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.message = message
        self.yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-title", markup=False)
            if self.message:
                yield Static(self.message, id="confirm-message", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes_label, id="confirm-yes", variant="error")
                yield Button("No", id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer_no(self) -> None:
        self.dismiss(False)

    def action_answer_yes(self) -> None:
        self.dismiss(True)

    def action_switch_button(self) -> None:
        other = "#confirm-yes" if self.focused is not None and self.focused.id == "confirm-no" else "#confirm-no"
        self.query_one(other, Button).focus()


class TypeAccountIdScreen(ModalScreen[str | None]):
    """Dismisses with the account id as typed once it matches (the engine checks it again),
    or None when cancelled. The validator is the core's own rule."""

    CSS_PATH = "confirm_screen.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    what = "account id"

    def __init__(self, question: str, account_id: str, message: str = "") -> None:
        super().__init__()
        self.question = question
        self.account_id = account_id
        self.message = message

    def validator(self) -> Validator:
        return TypedAccountIdValidator(self.account_id)

    def prompt(self) -> str:
        return f"Type the {self.what} {self.account_id} to confirm."

    def refusal(self) -> str:
        return f"That is not {self.account_id}: nothing was done. Type the {self.what} this step acts on."

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-title", markup=False)
            if self.message:
                yield Static(self.message, id="confirm-message", markup=False)
            yield Static(self.prompt(), id="typed-prompt", markup=False)
            yield Input(placeholder=self.what, id="typed-confirmation", validators=[self.validator()])
            yield Static("", id="typed-confirmation-error", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Confirm", id="confirm-yes", variant="error", disabled=True)
                yield Button("Cancel", id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#typed-confirmation", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        valid = event.validation_result is not None and event.validation_result.is_valid
        self.query_one("#confirm-yes", Button).disabled = not valid

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.validation_result is not None and event.validation_result.is_valid:
            self.dismiss(event.value)  # as typed: the engine checks it again against the account
        else:
            self.query_one("#typed-confirmation-error", Static).update(self.refusal())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.query_one("#typed-confirmation", Input).value if event.button.id == "confirm-yes" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TypeNameScreen(TypeAccountIdScreen):
    """The same, for a named resource (a bucket, a queue): its name typed exactly."""

    def __init__(self, question: str, name: str, message: str = "", *, what: str = "name") -> None:
        super().__init__(question, name, message)
        self.what = what

    def validator(self) -> Validator:
        return TypedNameValidator(self.account_id)


def typed_confirmation(step: Step, facts: Mapping[str, Any], message: str) -> TypeAccountIdScreen:
    """The typed confirmation ``step`` asks for: the account id, or the name of what it acts on."""
    question = f"Run '{step.title}'?"
    if step.confirmation is Confirmation.TYPE_NAME:
        what = f"{facts.get('resource_kind', 'resource')} name"
        return TypeNameScreen(question, step.typed_value(facts), message, what=what)
    return TypeAccountIdScreen(question, step.typed_value(facts), message)
