"""Panels of ``delete-root-keys``: the root's keys as a table (status, age, last use and
what that use means), the safe path first (deactivate, watch, delete) with direct
deletion behind a stronger warning, and the deletion itself behind the typed account id.

Each panel reads the keys from the ceremony's facts (set by the listing step): nothing
here calls AWS.
"""

from __future__ import annotations

from typing import Any, Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from rootkeeper.core.runbooks import root_keys as rb
from rootkeeper.core.undo import history_of
from rootkeeper.ui.confirm_screen import ConfirmScreen
from rootkeeper.ui.step_panels.base import StepInput, StepPanel
from rootkeeper.ui.step_panels.choices import ConfirmingInput, StepChoice
from rootkeeper.ui.step_panels.defaults import ActionPanel, AttestPanel, CheckPanel, ManualPanel

DIRECT_LABEL = "Delete directly instead…"


def key_table(facts: Mapping[str, Any]) -> Group | Text:
    """The keys the listing found: status, age and last use in columns, and under each key
    the sentence on what deleting it means."""
    keys = facts.get("keys") or []
    if not keys:
        return Text("The root user has no access keys.", style="green")
    in_use = facts.get("key_in_use")
    table = Table.grid(padding=(0, 2))
    # The key's name may wrap (an id plus "(this session)"); the short columns keep their
    # width, so that a narrow panel never cuts a status, an age or a date to "Inact…".
    table.add_column(overflow="fold")
    for min_width in (8, 9, 10, 9, 7):  # Inactive, 1100 days, 2024-06-11, us-east-1, service
        table.add_column(no_wrap=True, min_width=min_width, justify="left")
    table.add_row(*(Text(title, style="bold underline") for title in
                    ("Key", "Status", "Age", "Last used", "Region", "Service")))
    for key in keys:
        name = key.get("key_id") or f"key in slot {key['slot']}"
        if key.get("key_id") and key["key_id"] == in_use:
            name += " (this session)"
        status = Text("Active", style="bold red") if key["active"] else Text("Inactive", style="yellow")
        age = f"{key['age_days']} days" if key.get("age_days") is not None else "—"
        table.add_row(name, status, age, (key.get("last_used") or "never")[:10], key.get("last_used_region") or "—",
                      key.get("last_used_service") or "—")
    meanings = Text()
    for key in keys:
        name = key.get("key_id") or f"key in slot {key['slot']}"
        meanings.append(f"\n↳ {name}: ", style="bold").append(key["meaning"], style="italic")
    return Group(table, meanings)


def session_key_warning(facts: Mapping[str, Any]) -> str | None:
    in_use = facts.get("key_in_use")
    if not in_use:
        return None
    return (f"{in_use} is the root key this session signs with: it is deleted last, and that ends the "
            "session. The final check then runs as another identity of the account (in rehearsal, the "
            "operator); restart rootkeeper with that identity afterwards.")


def deletion_warning(panel: StepPanel) -> str | None:
    skipped = history_of(panel.ceremony.results).skipped  # by each step's latest outcome (core's one rule)
    parts = (rb.deletion_warning(panel.facts, skipped), session_key_warning(panel.facts))
    return "\n\n".join(part for part in parts if part) or None


def compose_keys(panel: StepPanel) -> ComposeResult:
    yield Static(key_table(panel.facts), classes="root-key-table")
    warning = session_key_warning(panel.facts)
    if warning:
        yield Static(warning, classes="session-key-warning", markup=False)


class ListKeysPanel(CheckPanel):
    button_label = "List the keys"
    busy_text = "Reading the root access keys…"

    def compose_body(self) -> ComposeResult:
        yield Static("The listing decides how this ceremony acts: by API from a root session, else in the "
                     "console, with rootkeeper verifying.", classes="panel-explain", markup=False)
        yield from super().compose_body()


class SafePathMixin:
    """The safe path's panels offer direct deletion too, after the stronger warning."""

    def on_mount(self: Any) -> None:
        # Beside the panel's one action button, so that the safe path and its alternative read
        # together; under the console steps' buttons (Back, Next, Done, the rehearsal console),
        # on a row of its own: beside them it would run past the right edge.
        buttons = self.query_one(".panel-buttons", Horizontal)
        direct = Button(DIRECT_LABEL, id="delete-directly", variant="error")
        if isinstance(self, ManualPanel):
            buttons.parent.mount(Horizontal(direct, classes="panel-buttons", id="direct-deletion-row"),
                                 after=buttons)
        else:
            buttons.mount(direct)

    def ask_direct_deletion(self: Any) -> None:
        from rootkeeper.core.runbooks.root_keys import choose_direct_deletion

        def chosen(yes: bool | None) -> None:
            if yes:
                self.post_message(StepChoice(choose_direct_deletion, "Skipping the safe path…"))

        self.app.push_screen(ConfirmScreen("Delete without deactivating first?", rb.DIRECT_DELETION_WARNING,
                                           yes_label="Delete directly"), chosen)


class DeactivatePanel(SafePathMixin, ActionPanel):
    button_label = "Deactivate (the safe path)"
    busy_text = "Deactivating the root access keys…"

    def compose_body(self) -> ComposeResult:
        yield from compose_keys(self)
        yield from super().compose_body()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "delete-directly":
            event.stop()
            self.ask_direct_deletion()


class ConsoleDeactivatePanel(SafePathMixin, ManualPanel):
    def compose_body(self) -> ComposeResult:
        yield from compose_keys(self)
        yield from super().compose_body()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "delete-directly":
            event.stop()
            event.prevent_default()  # not one of ManualPanel's buttons
            self.ask_direct_deletion()


class VerifyInactivePanel(CheckPanel):
    """The check after the deactivation: where rootkeeper reads the keys' status from."""

    button_label = "Check now"

    def compose_body(self) -> ComposeResult:
        if self.facts.get("mode") == rb.MODE_API:
            how = "rootkeeper reads the keys' status back with IAM ListAccessKeys from this root session."
        else:
            how = ("This identity sees the root's keys only in the IAM credential report, which AWS makes anew "
                   "at most every 4 hours: a report older than your deactivation cannot show it, and then the "
                   "check says so and passes nothing.")
        yield Static(how, classes="panel-explain", markup=False)
        yield from super().compose_body()


class WatchPanel(AttestPanel):
    """The attestation that nothing broke, with what to watch and the keys it is about."""

    def compose_body(self) -> ComposeResult:
        for text in self.step.render_instructions(self.facts):
            yield Static(f"• {text}", classes="instruction-text", markup=False)
        yield Static(key_table(self.facts), classes="root-key-table")
        yield from super().compose_body()


class DeletePanel(ActionPanel):
    button_label = "Delete the keys…"
    busy_text = "Deleting the root access keys…"

    def compose_body(self) -> ComposeResult:
        yield from compose_keys(self)
        yield from super().compose_body()

    def submit(self, step_input: StepInput) -> None:
        super().submit(ConfirmingInput.wrap(step_input, deletion_warning(self)))


class ConsoleDeletePanel(ManualPanel):
    def compose_body(self) -> ComposeResult:
        yield from compose_keys(self)
        yield from super().compose_body()

    def submit(self, step_input: StepInput) -> None:
        super().submit(ConfirmingInput.wrap(step_input, deletion_warning(self)))


class VerifyKeysPanel(CheckPanel):
    button_label = "Check now"

    def compose_body(self) -> ComposeResult:
        if self.facts.get("session_ended"):
            yield Static("The root session ended with its key, as intended: this check runs as another identity "
                         "of the account.", classes="panel-explain", markup=False)
        yield from super().compose_body()
