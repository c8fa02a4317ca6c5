"""The root MFA ceremony's panels: the root user's devices as the API shows them, its free
slots, and the custodian and device name for the console steps; then the console steps,
which in rehearsal the operator can do in the rehearsal console's own pages (its QR code,
two codes from the authenticator app)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from rootkeeper.core.errors import NotFoundError, RootkeeperError, ValidationError
from rootkeeper.core.runbooks import mfa
from rootkeeper.core.step_contract import ConsolePlay
from rootkeeper.ui.step_panels.base import StepInput, StepPanel, labelled_input
from rootkeeper.ui.step_panels.defaults import ManualPanel
from rootkeeper.ui.step_panels.root_mfa_console_page import RootMfaConsolePage
from rootkeeper.ui.step_panels.rehearsal_console import RehearsalConsoleCall
from rootkeeper.ui.step_panels.virtual_mfa import SIX_DIGITS


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


class RootAssignInConsolePanel(ManualPanel):
    """The console steps one at a time; in rehearsal, "Do it in the rehearsal console" opens
    the console's own "Assign MFA device" page: its QR code (the secret key on request) and
    two MFA code inputs, so that the operator scans the code and types two codes as they
    would in AWS. The page's otpauth:// URI is held only while the page is on screen."""

    BINDINGS = [Binding("s", "toggle_secret", "Show/hide secret key",
                        tooltip="Show the Base32 secret, to type into an app that cannot scan")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._enrolment: Any = None  # a RootMfaEnrolment while the console page shows
        self._simulator: Any = None
        self.secret_shown = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="manual-steps"):
            yield from self.compose_instructions()
        if self.rehearsal:
            yield RootMfaConsolePage(device_name=self.facts.get("device_name", ""),
                                     custodian=self.facts.get("custodian", ""), id="console-page")

    def rehearsal_console_plays_it(self) -> bool:
        return True  # a dialogue on its own page (below), not a one-go console action

    def on_mount(self) -> None:
        if self.rehearsal:
            self.query_one("#console-page").display = False

    @property
    def console_page_shown(self) -> bool:
        return self._enrolment is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.console_page_shown if action == "toggle_secret" else True

    def focus_default(self) -> None:
        if not self.console_page_shown:
            super().focus_default()
            return
        empty = [field for field in self.query(Input) if not field.value]
        (empty[0] if empty else self.query_one("#add-mfa", Button)).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        handlers = {"rehearsal-console": self.open_console_page, "add-mfa": self.add_mfa,
                    "cancel-console": self.cancel_console_page, "toggle-secret": self.action_toggle_secret}
        handler = handlers.get(event.button.id or "")
        if handler is not None:
            event.stop()
            event.prevent_default()  # not ManualPanel's one-go rehearsal console
            handler()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == f"input-{mfa.CODE_1}":
            self.query_one(f"#input-{mfa.CODE_2}", Input).focus()
        else:
            self.add_mfa()

    # -- the console's pages ----------------------------------------------------------------

    def open_console_page(self) -> None:
        facts = dict(self.facts)

        def begin(runner: Any) -> Any:
            from rootkeeper.rehearsal.console_plays import begin_root_mfa_in_rehearsal_console

            console = runner.environment.console
            return console, begin_root_mfa_in_rehearsal_console(console, facts)

        self.hint("")
        self.post_message(RehearsalConsoleCall(begin, self.show_console_page,
                                               "The rehearsal console opens 'Assign MFA device'…"))

    def show_console_page(self, begun: tuple[Any, Any]) -> None:
        self._simulator, enrolment = begun
        self._enrolment = enrolment
        self.query_one("#manual-steps").display = False
        self.query_one(".panel-verifies").display = False
        self.screen.set_class(True, "-wide-panel")  # the QR code beside its instructions: no step list
        self.refresh_bindings()
        self.query_one(RootMfaConsolePage).show(enrolment.otpauth_uri)
        self.call_after_refresh(self.arrange_console_page)
        self.focus_default()

    def on_resize(self) -> None:
        if self.console_page_shown:
            self.arrange_console_page()

    def arrange_console_page(self) -> None:
        if self.is_mounted:
            self.query_one(RootMfaConsolePage).fit_to(self.size)

    def add_mfa(self) -> None:
        enrolment = self._enrolment
        if enrolment is None:
            return
        code_1, code_2 = self.query_one(RootMfaConsolePage).codes()
        if not all(SIX_DIGITS.validate(code).is_valid for code in (code_1, code_2)):
            self.refuse("Type two six-digit codes: the one the app shows, then the next one.")
            return

        def complete(runner: Any) -> Any:
            from rootkeeper.rehearsal.console_plays import (REHEARSAL_CONSOLE_NOTE,
                                                           complete_root_mfa_in_rehearsal_console)

            try:
                serial = complete_root_mfa_in_rehearsal_console(runner.environment.console, enrolment, code_1, code_2)
            except (ValidationError, NotFoundError) as refusal:  # the console's answer, shown on its page
                return refusal
            # What the console showed: no such device on the root before, this one after.
            return ConsolePlay(REHEARSAL_CONSOLE_NOTE, before={"assigned_device": None},
                               after={"assigned_device": serial})

        self.post_message(RehearsalConsoleCall(complete, self.mfa_added, "The rehearsal console checks the codes…"))

    def mfa_added(self, result: Any) -> None:
        if isinstance(result, NotFoundError):  # the page is void: back to the instructions
            self.close_console_page()
            self.hint(f"{result.message} Choose 'Do it in the rehearsal console' again.")
            return
        if isinstance(result, RootkeeperError):
            self.refuse(result.message)
            return
        self.close_console_page()
        self.submit(StepInput(before=lambda runner, play=result: play, busy_text="Recording the console steps…"))

    def refuse(self, message: str) -> None:
        self.query_one(RootMfaConsolePage).refuse(message)

    def cancel_console_page(self) -> None:
        enrolment = self._enrolment
        self.close_console_page()
        if enrolment is not None:
            console = self._simulator
            self.post_message(RehearsalConsoleCall(lambda runner: _cancel(console, enrolment), lambda _: None,
                                                   "The rehearsal console cancels the assignment…"))

    def close_console_page(self) -> None:
        """Back to the instructions: the QR code, the secret and the codes leave the screen."""
        self._enrolment = None
        self.secret_shown = False
        if not self.rehearsal or not self.is_mounted:
            return
        self.query_one(RootMfaConsolePage).clear()
        self.screen.set_class(False, "-wide-panel")
        self.refresh_bindings()
        self.query_one(".panel-verifies").display = True
        self.query_one("#manual-steps").display = True

    def action_toggle_secret(self) -> None:
        if self._enrolment is None:
            return
        self.secret_shown = not self.secret_shown
        self.query_one(RootMfaConsolePage).show_secret(self.secret_shown)

    def retire(self) -> None:
        enrolment = self._enrolment
        self.close_console_page()
        if enrolment is not None:
            # The ceremony ends (abort, leave) with the page open: the world forgets the pending
            # device and its seed. Off the UI thread, touching no widget.
            threading.Thread(target=_cancel_quietly, args=(self._simulator, enrolment), daemon=True,
                             name="rehearsal console cancel").start()


def _cancel(console: Any, enrolment: Any) -> None:
    from rootkeeper.rehearsal.console_plays import cancel_root_mfa_in_rehearsal_console

    cancel_root_mfa_in_rehearsal_console(console, enrolment)


def _cancel_quietly(console: Any, enrolment: Any) -> None:
    try:
        _cancel(console, enrolment)
    except Exception:  # noqa: BLE001 - best effort: a pending device is invisible to the API anyway
        logging.getLogger(__name__).debug("the rehearsal console could not cancel a pending MFA assignment")
