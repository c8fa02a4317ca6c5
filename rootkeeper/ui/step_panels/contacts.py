"""Panels of ``alternate-contacts``: choosing the contact (type, and account: this one or a
member, from the management account), the form validated as the operator types (the
core's own validators, through ContactFieldValidator) with the current values beside the
new ones, and the removal.

The diff is shown in the confirmation before PutAlternateContact; the read-back is the
default check panel, whose result the screen shows.
"""

from __future__ import annotations

from typing import Any, Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select, Static

from rootkeeper.core.posture import ContactType
from rootkeeper.core.runbooks import contacts as rb
from rootkeeper.ui.step_panels.base import StepInput, StepPanel, label_for
from rootkeeper.ui.step_panels.choices import ConfirmingInput, StepChoice
from rootkeeper.ui.validation import AccountIdValidator, ContactFieldValidator

PLACEHOLDERS = {"name": "e.g. Security Team", "title": "e.g. CISO office", "email": "e.g. security@example.com",
                "phone": "e.g. +1 206 555 0100"}


def describe(contact: Mapping[str, str] | None) -> str:
    if not contact:
        return "not set"
    return f"{contact['name']}, {contact['title']} <{contact['email']}> {contact['phone']}"


def diff_text(facts: Mapping[str, Any], after: Mapping[str, str] | None) -> str:
    """The before/after diff, one line per field, for the confirmation."""
    rows = rb.contact_diff(facts.get("before"), after)
    lines = [f"The {facts.get('contact_type')} contact of account {facts.get('target_account_id')}:"]
    for row in rows:
        if row["changed"]:
            lines.append(f"  {row['field']:<6} {row['before'] or '(none)'}  →  {row['after'] or '(none)'}")
        else:
            lines.append(f"  {row['field']:<6} unchanged ({row['before']})")
    return "\n".join(lines)


class ChooseContactPanel(StepPanel):
    def compose_body(self) -> ComposeResult:
        yield Static("Reading this account's contacts…", id="current-contacts")
        yield Label("Contact type", classes="input-label")
        yield Select([(t.value, t.value) for t in ContactType], value=ContactType.SECURITY.value,
                     allow_blank=False, id="contact-type")
        yield Label("Account", classes="input-label")
        account_id = str(self.facts.get("account_id", ""))
        yield Select([(f"{account_id} (this account)", account_id)], value=account_id, allow_blank=False,
                     id="target-account")
        yield Label("Or another member account id (from a delegated administrator)", classes="input-label")
        yield Input(placeholder="12 digits, optional", id="input-other_account", restrict=r"[0-9 -]*",
                    validators=[AccountIdValidator()])
        yield Static("", id="error-other_account", classes="field-error", markup=False)
        with Horizontal(classes="panel-buttons"):
            yield Button("Read the current contact", id="run-step", variant="primary")


    def show_loaded(self, choices: Any) -> None:  # ceremonies.contacts.ContactChoices
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for contact_type in choices.order:
            contact = choices.current.get(contact_type)
            table.add_row(contact_type, Text(describe(contact), style="" if contact else "red"))
        self.query_one("#current-contacts", Static).update(table)
        missing = next((t for t in choices.order if choices.current.get(t) is None), None)
        if missing:
            self.query_one("#contact-type", Select).value = missing
        account_id = str(self.facts.get("account_id", ""))
        options = [(f"{account_id} (this account)", account_id)]
        options += [(f"{member.account_id} {member.name}", member.account_id) for member in choices.members]
        accounts = self.query_one("#target-account", Select)
        accounts.set_options(options)
        accounts.value = account_id
        if choices.members_note:
            self.hint(choices.members_note)

    def focus_default(self) -> None:
        self.query_one("#contact-type", Select).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        problem = "" if not event.value or result is None or result.is_valid else result.failure_descriptions[0]
        self.query_one("#error-other_account", Static).update(problem)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run-step":
            event.stop()
            self.choose()

    def choose(self) -> None:
        other = self.query_one("#input-other_account", Input)
        typed = "".join(other.value.split()).replace("-", "")
        if typed and not other.is_valid:
            self.hint("The other account id must be 12 digits, or left empty.")
            return
        target = typed or str(self.query_one("#target-account", Select).value)
        contact_type = str(self.query_one("#contact-type", Select).value)
        self.hint("")
        self.submit(StepInput(inputs={"contact_type": contact_type, "target_account_id": target},
                              busy_text=f"Reading the {contact_type} contact of {target}…"))


class ContactFormPanel(StepPanel):
    """Name, title, email and phone, each checked as typed, its error under it, the current
    value beside it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.before: Mapping[str, str] | None = self.facts.get("before")
        self.touched: set[str] = set()

    def compose_body(self) -> ComposeResult:
        yield Static(f"The {self.facts.get('contact_type')} contact of account {self.facts.get('target_account_id')}."
                     " Current values are on the right.", classes="panel-explain", markup=False)
        for name in rb.CONTACT_FIELDS:
            current = (self.before or {}).get(name)
            with Horizontal(classes="contact-row"):
                yield Label(label_for(name), classes="contact-label")
                yield Input(value=current or "", placeholder=PLACEHOLDERS[name], id=f"input-{name}",
                            validators=[ContactFieldValidator(name)])
                yield Static(f"now: {current}" if current else "now: (none)", classes="contact-current",
                             markup=False)
            yield Static("", id=f"error-{name}", classes="field-error contact-error", markup=False)
        with Horizontal(classes="panel-buttons"):
            yield Button("Review the change…", id="run-step", variant="primary")
            if self.before:
                yield Button("Remove this contact instead", id="remove-instead", variant="error")

    def field_of(self, widget: Input) -> str:
        return (widget.id or "").removeprefix("input-")

    def show_error(self, name: str, show_empty: bool = False) -> bool:
        """Show the field's problem under it; True when the field is valid."""
        widget = self.query_one(f"#input-{name}", Input)
        result = widget.validate(widget.value)
        valid = result is None or result.is_valid
        visible = not valid and (name in self.touched or show_empty)
        error = self.query_one(f"#error-{name}", Static)
        error.update(result.failure_descriptions[0] if visible else "")
        error.display = visible  # an empty line per field would push the buttons off a small terminal
        return valid

    def on_input_changed(self, event: Input.Changed) -> None:
        name = self.field_of(event.input)
        if name not in rb.CONTACT_FIELDS:
            return
        if event.value != (self.before or {}).get(name, ""):
            self.touched.add(name)  # no error shown for a field the operator has not touched yet
        self.show_error(name)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        names = list(rb.CONTACT_FIELDS)
        name = self.field_of(event.input)
        if name in names and names.index(name) < len(names) - 1:
            self.query_one(f"#input-{names[names.index(name) + 1]}", Input).focus()
        else:
            self.review()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "run-step":
            self.review()
        elif event.button.id == "remove-instead":
            from rootkeeper.core.runbooks.contacts import choose_removal

            self.post_message(StepChoice(choose_removal, "Recording the choice…"))

    def review(self) -> None:
        valid = [self.show_error(name, show_empty=True) for name in rb.CONTACT_FIELDS]
        if not all(valid):
            self.hint("Correct the fields marked in red: AWS would refuse them.")
            return
        self.hint("")
        after = {name: self.query_one(f"#input-{name}", Input).value.strip() for name in rb.CONTACT_FIELDS}
        self.submit(ConfirmingInput(inputs=after, warning=diff_text(self.facts, after),
                                    busy_text="Writing the contact…"))


class RemoveContactPanel(StepPanel):
    def compose_body(self) -> ComposeResult:
        yield Static(f"Removes the {self.facts.get('contact_type')} contact: {describe(self.facts.get('before'))}.",
                     classes="panel-explain", markup=False)
        with Horizontal(classes="panel-buttons"):
            yield Button("Remove the contact…", id="run-step", variant="error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run-step":
            event.stop()
            self.submit(ConfirmingInput(warning=diff_text(self.facts, None), busy_text="Removing the contact…"))

