"""An item of a runbook that allows waivers (offboarding) may be left undone — never silently:
the operator types why, the skip is journaled with that reason, and the witness who signs the
ceremony off signs the waiver with it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

from rootkeeper.core.runbook import Step
from rootkeeper.ui.step_panels.step_choice import StepChoice


class Waiver(Horizontal):
    DEFAULT_CLASSES = "panel-buttons waiver"
    DEFAULT_CSS = """
    Waiver { height: auto; }
    Waiver Input { width: 1fr; }
    Waiver Button { width: auto; }
    """

    def __init__(self, step: Step) -> None:
        super().__init__(id=f"waiver-{step.id}")
        self.step = step

    def compose(self) -> ComposeResult:
        yield Input(placeholder="or: why this item stays undone (journaled; the witness signs it off)",
                    id="waiver-reason", classes="waiver-part")
        yield Button("Leave it undone", id="waive", classes="waiver-part")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "waiver-reason":
            event.stop()
            self.waive()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "waive":
            event.stop()
            self.waive()

    def waive(self) -> None:
        reason = " ".join(self.query_one("#waiver-reason", Input).value.split())
        if not reason:
            self.query_one("#waiver-reason", Input).focus()
            self.app.notify("Say why the item stays undone: the reason is journaled and signed off.",
                            severity="warning")
            return
        self.post_message(StepChoice(lambda ceremony: ceremony.skip_step(reason=f"Waived by the operator: {reason}"),
                                     "Recording the waiver…"))
