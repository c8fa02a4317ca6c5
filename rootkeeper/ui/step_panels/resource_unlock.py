"""Panels of ``unlock-resource-policy``: naming the locked resource (the member account, the
kind, the name), and the policy that locks it, pretty-printed, above the button that deletes
it (the screen then asks for the resource's name, typed). The read-back is the default check panel.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select, Static

from rootkeeper.core.runbooks.resource_unlock import LockedResource, parse_kind
from rootkeeper.ui.step_panels.base import StepInput, StepPanel, labelled_input
from rootkeeper.ui.step_panels.defaults import FormPanel
from rootkeeper.ui.validation import AccountIdValidator

KINDS = [(kind.label, kind.value) for kind in LockedResource]


class FindLockedResourcePanel(FormPanel):
    """A check's form (its button and Enter submit), with the member, the kind and the name."""

    def compose_body(self) -> ComposeResult:
        yield Static("rootkeeper assumes root in the member (S3UnlockBucketPolicy or SQSUnlockQueuePolicy) "
                     "and reads the resource's policy. Nothing changes yet.", classes="panel-explain")
        yield from labelled_input("member_account_id", value=str(self.facts.get("member_account_id", "")),
                                  placeholder="12 digits", restrict=r"[0-9]*", max_length=12,
                                  validators=[AccountIdValidator()])
        yield Label("Resource kind", classes="input-label")
        kind = parse_kind(str(self.facts.get("resource_kind", ""))) or LockedResource.BUCKET
        yield Select(KINDS, value=kind.value, allow_blank=False, id="resource-kind")
        yield from labelled_input("resource_name", value=str(self.facts.get("resource_name", "")),
                                  placeholder="the bucket's or the queue's name")
        with Horizontal(classes="panel-buttons"):
            yield Button("Read its policy", id="run-step", variant="primary")

    def focus_default(self) -> None:
        # No scrolling to the field: what the step proves stays in view above it.
        member = self.query_one("#input-member_account_id", Input)
        (member if not member.value else self.query_one("#input-resource_name", Input)).focus(scroll_visible=False)

    def collect_and_submit(self) -> None:
        member = self.query_one("#input-member_account_id", Input)
        name = self.query_one("#input-resource_name", Input).value.strip()
        if not member.is_valid or not member.value:
            self.hint("Type the member's account id: 12 digits.")
            member.focus()
            return
        if not name:
            self.hint("Type the name of the bucket or queue that is locked.")
            return
        self.hint("")
        kind = str(self.query_one("#resource-kind", Select).value)
        self.submit(StepInput(inputs={"member_account_id": member.value.strip(), "resource_kind": kind,
                                      "resource_name": name}, busy_text="Assuming root and reading the policy…"))


class DeleteLockingPolicyPanel(StepPanel):
    """The policy as it is now (read as the step became current, and journaled as looked at)."""

    def compose_body(self) -> ComposeResult:
        yield Static("Reading the policy as root of the member…", id="lockout-summary", markup=False)
        yield Static("", id="locking-policy", classes="locking-policy", markup=False)
        yield Static("Deleting it cannot be undone by rootkeeper; its full text is kept in the journal, so it "
                     "can be put back by hand. You will type the name to confirm.", classes="panel-explain")
        with Horizontal(classes="panel-buttons"):
            yield Button("Delete this policy", id="run-step", variant="error")

    def show_loaded(self, data: Any) -> None:
        data = data or {}
        self.query_one("#lockout-summary", Static).update(str(data.get("summary", "")))
        self.query_one("#locking-policy", Static).update(data.get("policy") or "(no policy)")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run-step":
            event.stop()
            self.submit(StepInput(busy_text="Deleting the policy…"))
