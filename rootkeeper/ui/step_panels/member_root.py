"""Panels of ``recover-member-root``: choosing the member (the Organization's members listed,
or an id typed), the member's root credentials shown before their deletion, and the
attestation of the task done as the member's root (what was done, typed)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from rootkeeper.core.runbooks import member_root as rb
from rootkeeper.ui.step_panels.base import StepInput, labelled_input
from rootkeeper.ui.step_panels.defaults import ActionPanel, AttestPanel, CheckPanel
from rootkeeper.ui.validation import AccountIdValidator


class ChooseMemberPanel(CheckPanel):
    """The Organization's members to pick from; the id can also be typed."""

    button_label = "Check the member"
    busy_text = "Checking the member…"

    def compose_body(self) -> ComposeResult:
        yield Label("Members of the Organization", classes="input-label")
        yield OptionList(id="member-list")
        yield from labelled_input(rb.MEMBER, value=str(self.facts.get(rb.MEMBER, "")),
                                  placeholder="12-digit account id", validators=[AccountIdValidator()])
        with Horizontal(classes="panel-buttons"):
            yield Button(self.button_label, id="run-step", variant="primary")

    def show_loaded(self, members: Any) -> None:
        options = self.query_one("#member-list", OptionList)
        options.clear_options()
        for account_id, name in members or ():
            options.add_option(Option(f"{account_id}  {name}", id=account_id))
        if not members:
            self.hint("The Organization lists no member account: type the member's account id.")
        else:
            options.highlighted = 0
        self.focus_default()

    def focus_default(self) -> None:
        """The list, once it lists members and no id is typed: pick with the arrows and Enter."""
        options = self.query_one("#member-list", OptionList)
        if options.option_count and not self.query_one(f"#input-{rb.MEMBER}", Input).value:
            options.focus()
        else:
            super().focus_default()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        field = self.query_one(f"#input-{rb.MEMBER}", Input)
        field.value = str(event.option.id)
        self.query_one("#run-step", Button).focus()


class DeleteMemberCredentialsPanel(ActionPanel):
    """What the audit found on the member's root, shown before the typed confirmation."""

    button_label = "Delete them…"
    busy_text = "Deleting the member's root credentials (AssumeRoot)…"

    def compose_body(self) -> ComposeResult:
        yield Static(self.found(), id="member-credentials", classes="panel-explain", markup=False)
        yield from super().compose_body()

    def found(self) -> str:
        member = self.facts.get(rb.MEMBER, "?")
        root = self.facts.get("member_root") or {}
        lines = [f"The root user of {member} ({self.facts.get('member_name') or 'member'}) has, as last read:"]
        lines.append(f"  password: {'yes' if root.get('password') else 'no'}")
        for label, key in (("access keys", "access_keys"), ("MFA devices", "mfa_devices"),
                           ("signing certificates", "signing_certificates")):
            lines.append(f"  {label}: {', '.join(root.get(key) or []) or 'none'}")
        lines.append(f"You will type the member's account id ({member}) to confirm. MFA devices are deactivated, "
                     "and virtual ones deleted.")
        return "\n".join(lines)


class TaskDonePanel(AttestPanel):
    """The attestation, with what was done as the member's root typed (required, journaled)."""

    def compose_body(self) -> ComposeResult:
        yield from labelled_input("task_done", placeholder="what was done as the member's root (required)")
        yield from super().compose_body()

    def focus_default(self) -> None:
        field = self.query_one("#input-task_done", Input)
        if not field.value:
            field.focus(scroll_visible=False)
        else:
            super().focus_default()

    def attest(self) -> None:
        done = self.query_one("#input-task_done", Input).value.strip()
        if not done:
            self.hint("Say what was done as the member's root: the journal records it.")
            self.query_one("#input-task_done", Input).focus()
            return
        attested_by = self.query_one("#input-attested_by", Input).value.strip()
        witness = self.query_one("#input-witness", Input).value.strip() or None
        note = self.query_one("#input-note", Input).value.strip() or None
        if not attested_by:
            self.hint("Enter your name: the journal records who attested.")
            self.query_one("#input-attested_by", Input).focus()
            return
        self.hint("")
        self.submit(StepInput(inputs={"task_done": done}, witness=witness, attested_by=attested_by, note=note,
                              busy_text="Recording the attestation…"))
