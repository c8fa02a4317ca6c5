"""Panels of ``rotate-root-password``: generating the password (or bringing one), and the
console change with the one handover of the generated password.

The password leaves rootkeeper once, as the operator chooses: shown masked until revealed,
or copied to the terminal's clipboard with OSC 52 (``App.copy_to_clipboard``). It lives
in this panel only while the console step is on screen: ``retire`` blanks the field and
drops every reference the UI holds, the app's own copy of the clipboard included.
"""

from __future__ import annotations

import base64

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from rootkeeper.core.runbooks import root_password as rb
from rootkeeper.ui.step_panels.base import StepInput, StepPanel
from rootkeeper.ui.step_panels.choices import StepChoice
from rootkeeper.ui.step_panels.defaults import ManualPanel

OWN_PASSWORD_REASON = "The custodian brings a password of their own (from their password manager)."


def _skip_generation(ceremony) -> None:
    ceremony.skip_step(reason=OWN_PASSWORD_REASON)


class GeneratePanel(StepPanel):
    def compose_body(self) -> ComposeResult:
        yield Static("rootkeeper generates it locally (python's secrets module) and keeps it in memory only, "
                     "until the sign-in with it. You then choose: show it once, or copy it to the clipboard.",
                     classes="panel-explain", markup=False)
        with Horizontal(classes="panel-buttons"):
            yield Button("Generate a password", id="generate", variant="primary")
            yield Button("The custodian brings their own", id="own-password")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "generate":
            self.submit(StepInput(busy_text="Generating the password…"))
        elif event.button.id == "own-password":
            self.post_message(StepChoice(_skip_generation, "Recording the choice…"))


class ChangeInConsolePanel(ManualPanel):
    """The console instructions, with the generated password's handover above them."""

    BINDINGS = [Binding("r", "toggle_password", "Reveal/hide", tooltip="Reveal or mask the password shown")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from rootkeeper.core.runbooks.root_password import PasswordHandover

        self.handover = PasswordHandover()
        self._password: str | None = None
        self.revealed = False

    @property
    def has_generated_password(self) -> bool:
        return rb.NEW_PASSWORD in self.ceremony.secrets

    def compose_body(self) -> ComposeResult:
        if self.has_generated_password:
            yield Static("The generated password is handed over once: show it here, or copy it to your "
                         "terminal's clipboard (OSC 52, which works over SSH where the terminal allows it).",
                         classes="panel-explain", markup=False)
            with Horizontal(classes="panel-buttons", id="handover-buttons"):
                yield Button("Show it (masked)", id="show-password")
                yield Button("Copy to clipboard", id="copy-password")
                yield Button("Reveal (r)", id="reveal-password")
            yield Static("", id="password-field", markup=False)
        else:
            yield Static("No password was generated: use the one the custodian brought.", classes="panel-explain",
                         markup=False)
        yield from super().compose_body()

    def on_mount(self) -> None:
        if self.has_generated_password:
            self.query_one("#reveal-password", Button).display = False
            self.query_one("#password-field", Static).display = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        handlers = {"show-password": self.show_password, "copy-password": self.copy_password,
                    "reveal-password": self.action_toggle_password}
        handler = handlers.get(event.button.id or "")
        if handler is not None:
            event.stop()
            event.prevent_default()  # not one of ManualPanel's buttons
            handler()

    def _take(self, take) -> str | None:
        from rootkeeper.core.errors import RootkeeperError

        try:
            return take(self.ceremony.secrets)
        except RootkeeperError as error:
            self.hint(" ".join(str(error).split()))
            return None

    def show_password(self) -> None:
        password = self._take(self.handover.reveal)
        if password is None:
            return
        self._password = password
        self._handed_over()
        self.query_one("#reveal-password", Button).display = True
        self.query_one("#password-field", Static).display = True
        self._render_password()
        # The disabled Show button lost the focus: r works from Reveal. It sits beside the Show
        # button just clicked, so it is in view: no scrolling to it while the row is laid out anew.
        self.query_one("#reveal-password", Button).focus(scroll_visible=False)
        # Once laid out, the handover row and the field below it are brought to the top of the
        # panel, wherever it was scrolled: the operator looks at the password, not for it.
        self.call_after_refresh(lambda: self.query_one("#handover-buttons").scroll_visible(animate=False, top=True))

    def copy_password(self) -> None:
        sequence = self._take(self.handover.clipboard_sequence)  # the handover counts it as copied
        if sequence is None:
            return
        # Textual writes the OSC 52 sequence itself, through its driver, between frames.
        password = base64.b64decode(sequence[len("\x1b]52;c;"):-1]).decode("utf-8")
        self.app.copy_to_clipboard(password)
        self._handed_over()
        self.focus_default()  # the disabled Copy button lost the focus: give it to the instructions
        self.hint("Copied to the clipboard: paste it into the console twice, then copy something else over it.")
        del password

    def _handed_over(self) -> None:
        for button_id in ("show-password", "copy-password"):
            self.query_one(f"#{button_id}", Button).disabled = True

    def action_toggle_password(self) -> None:
        if self._password is None:
            return
        self.revealed = not self.revealed
        self._render_password()

    def _render_password(self) -> None:
        password = self._password or ""
        shown = password if self.revealed else "•" * len(password)
        self.query_one("#password-field", Static).update(f"New password: {shown}")
        self.query_one("#reveal-password", Button).label = "Hide (r)" if self.revealed else "Reveal (r)"

    def retire(self) -> None:
        if self.is_mounted and self.query("#password-field"):
            self.query_one("#password-field", Static).update("")
        app = self.app
        if self._password is not None or self.handover.handed_over == "copied":
            # Textual keeps its own copy of what it put on the clipboard, for pasting inside the app.
            app._clipboard = ""  # noqa: SLF001 - no public way to forget it
        self._password = None
        self.revealed = False
