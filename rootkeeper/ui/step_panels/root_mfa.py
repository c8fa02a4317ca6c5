"""The root MFA ceremony's first panel: the root user's devices as the API shows them,
its free slots, and the custodian and device name for the console steps."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from rootkeeper.ui.step_panels.base import StepInput, StepPanel, labelled_input


def _read_root_devices(runner: Any) -> Any:
    from rootkeeper.aws.virtual_mfa import read_root_mfa_state

    return read_root_mfa_state(runner.session)


def describe_root_devices(state: Any) -> str:
    if not state.devices:
        lines = ["The root user has no MFA device."]
    else:
        lines = ["The root user's MFA devices visible to the API:"]
        lines += [f"  • {device.serial} ({device.kind.value})" for device in state.devices]
    lines.append(f"Free slots: up to {state.free_slots} of 8 (the console lists hardware keys and "
                 "passkeys the API cannot show).")
    return "\n".join(lines)


class RootReviewPanel(StepPanel):
    def compose_body(self) -> ComposeResult:
        yield Static("Reading the root user's MFA devices…", id="root-devices", markup=False)
        yield from labelled_input("custodian", placeholder="who will hold the authenticator")
        yield from labelled_input("device_name", placeholder="e.g. root-alice-phone (letters, digits, +=,.@_-)")
        with Horizontal(classes="panel-buttons"):
            yield Button("Check now", id="run-step", variant="primary")

    def loader(self):
        return _read_root_devices

    def show_loaded(self, state: Any) -> None:
        self.query_one("#root-devices", Static).update(describe_root_devices(state))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "input-custodian":
            self.query_one("#input-device_name", Input).focus()
        else:
            self.review()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run-step":
            event.stop()
            self.review()

    def review(self) -> None:
        custodian = self.query_one("#input-custodian", Input).value.strip()
        name = self.query_one("#input-device_name", Input).value.strip()
        if not custodian or not name:
            self.hint("Name the custodian and the device.")
            return
        self.hint("")
        self.submit(StepInput(inputs={"custodian": custodian, "device_name": name},
                              busy_text="Reading the root user's MFA devices…"))
