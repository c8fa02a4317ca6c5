"""Panels of the IAM user's virtual MFA ceremony: choosing the user, and the QR code with
the two codes that enable the device.

The seed is read from the ceremony's SecretBox when the panel mounts, drawn as a QR code,
and shown as text only on request. ``retire`` takes both off the screen: once the device
is enabled the seed has no business being visible.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.validation import Regex
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from rootkeeper.core.runbooks import mfa
from rootkeeper.ui.step_panels.base import StepInput, StepPanel, labelled_input
from rootkeeper.ui.step_panels.qr_access import QRCode, otpauth_uri_for

SIX_DIGITS = Regex(r"^[0-9]{6}$", failure_description="A code is six digits, as the app shows it.")


class ChooseUserPanel(StepPanel):
    """The account's IAM users, those with MFA marked (and not selectable), and the custodian."""

    def compose_body(self) -> ComposeResult:
        yield Label("IAM user", classes="input-label")
        yield OptionList(id="user-list")
        yield from labelled_input("custodian", placeholder="who will hold the authenticator")
        with Horizontal(classes="panel-buttons"):
            yield Button("Check the user", id="run-step", variant="primary")

    def show_loaded(self, users: Any) -> None:
        options = self.query_one("#user-list", OptionList)
        options.clear_options()
        for user in users:
            mark = f"has MFA ({len(user.mfa_serials)} device)" if user.mfa_serials else "no MFA"
            options.add_option(Option(f"{user.name:<24} {mark}", id=user.name, disabled=bool(user.mfa_serials)))
        first_free = next((index for index, user in enumerate(users) if not user.mfa_serials), None)
        if first_free is not None:
            options.highlighted = first_free
        if not users:
            self.hint("This account has no IAM user: create the break-glass user first.")

    def focus_default(self) -> None:
        self.query_one("#user-list", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#input-custodian", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run-step":
            event.stop()
            self.choose()

    def choose(self) -> None:
        options = self.query_one("#user-list", OptionList)
        custodian = self.query_one("#input-custodian", Input).value.strip()
        if options.highlighted is None:
            self.hint("Choose the IAM user first.")
            return
        if not custodian:
            self.hint("Name the custodian: the person who will hold the authenticator.")
            return
        user = options.get_option_at_index(options.highlighted).id
        self.hint("")
        self.submit(StepInput(inputs={"user_name": str(user), "custodian": custodian},
                              busy_text=f"Checking {user}…"))


class QrEnrolPanel(StepPanel):
    """The QR code, for scanning (SCAN_QR) and while typing the two codes (ENABLE_DEVICE)."""

    needs_width = True
    BINDINGS = [Binding("s", "toggle_secret", "Secret key",
                        tooltip="Show the Base32 secret, to type into an app that cannot scan")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._seed: str | None = self.ceremony.secrets.get(mfa.SEED) if mfa.SEED in self.ceremony.secrets else None
        self.secret_shown = False

    def compose(self) -> ComposeResult:
        yield Static(self.step.title, classes="panel-title", markup=False)
        with Horizontal(id="qr-row"):
            yield QRCode(otpauth_uri_for(self._seed, self.facts) if self._seed else "", id="qr-code")
            with Vertical(id="qr-side"):
                yield Static("", id="qr-too-short", markup=False)
                yield from self.compose_side()
                yield Static("", id="seed-text", markup=False)
                yield Static("", classes="panel-hint", markup=False)

    def compose_side(self) -> ComposeResult:
        if self._seed is None:
            yield Static("The device's secret is no longer held: abort and start again.", classes="panel-explain")
            return
        if self.step.id == mfa.SCAN_QR:
            for number, text in enumerate(self.step.render_instructions(self.facts), start=1):
                yield Static(f"{number}. {text}", classes="instruction-text", markup=False)
            with Horizontal(classes="panel-buttons"):
                yield Button("Scanned", id="scanned", variant="primary")
                yield Button("Show secret key (s)", id="toggle-secret")
            return
        for text in self.step.render_instructions(self.facts):
            yield Static(text, classes="instruction-text", markup=False)
        for name in (mfa.CODE_1, mfa.CODE_2):
            yield from labelled_input(name, placeholder="6 digits", restrict=r"[0-9]*", max_length=6,
                                      validators=[SIX_DIGITS])
        with Horizontal(classes="panel-buttons"):
            yield Button("Enable the device", id="run-step", variant="primary")
            yield Button("Show secret key (s)", id="toggle-secret")

    def on_resize(self) -> None:
        self.fit_qr_code()  # the row is laid out with the panel: its size is known now
        self.call_after_refresh(self.fit_qr_code)  # and again, should the row settle later

    def fit_qr_code(self) -> None:
        """A terminal too short for the code whatever its width: say how tall it must be, and
        give the room to the instructions and buttons (the code could not scan anyway)."""
        if not self.query("#qr-code") or not self.query("#qr-row"):
            return  # the panel is being removed (its step is done): nothing left to fit
        code, row = self.query_one("#qr-code", QRCode), self.query_one("#qr-row")
        rows = code.required_cells[1]
        too_short = code.has_code and 0 < row.size.height < rows
        self.set_class(too_short, "-qr-too-short")
        if too_short:
            need = self.app.size.height + rows - row.size.height
            self.query_one("#qr-too-short", Static).update(
                f"The QR code needs {rows} rows and has {row.size.height}: make the terminal at least {need} rows "
                "tall to scan it, or show the secret key (s) and type it into the app.")

    def action_toggle_secret(self) -> None:
        if self._seed is None:
            return
        self.secret_shown = not self.secret_shown
        grouped = " ".join(self._seed[index:index + 4] for index in range(0, len(self._seed), 4))
        self.query_one("#seed-text", Static).update(f"Secret key: {grouped}" if self.secret_shown else "")
        self.query_one("#toggle-secret", Button).label = "Hide secret key (s)" if self.secret_shown \
            else "Show secret key (s)"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "input-code_1":
            self.query_one("#input-code_2", Input).focus()
        else:
            self.enable()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "scanned":
            self.submit(StepInput(busy_text="Recording the scan…"))
        elif event.button.id == "run-step":
            self.enable()
        elif event.button.id == "toggle-secret":
            self.action_toggle_secret()

    def enable(self) -> None:
        codes = {name: self.query_one(f"#input-{name}", Input).value for name in (mfa.CODE_1, mfa.CODE_2)}
        if not all(SIX_DIGITS.validate(code).is_valid for code in codes.values()):
            self.hint("Type two six-digit codes: the one the app shows, then the next one.")
            return
        self.hint("")
        self.submit(StepInput(secret_inputs=codes, busy_text="Checking the codes and enabling the device…"))

    def step_failed(self, result) -> None:
        for name in (mfa.CODE_1, mfa.CODE_2):
            self.query_one(f"#input-{name}", Input).value = ""
        self.query_one("#input-code_1", Input).focus()

    def retire(self) -> None:
        self.query_one("#qr-code", QRCode).clear()
        self.query_one("#seed-text", Static).update("")
        self._seed = None
        self.secret_shown = False
