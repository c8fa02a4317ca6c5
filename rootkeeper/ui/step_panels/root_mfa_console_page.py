"""The rehearsal console's "Assign MFA device" page, as the root MFA panel shows it: the QR
code (the Base32 secret key on request), the two MFA code inputs and the page's buttons.
What the buttons do is the panel's (rootkeeper.ui.step_panels.root_mfa); this widget only
shows the page, lays it out for the room it has, and clears it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widgets import Button, Input, Label, Static

from rootkeeper.core.runbooks import mfa
from rootkeeper.ui.step_panels.qr_access import QRCode
from rootkeeper.ui.step_panels.virtual_mfa import SIX_DIGITS

SIDE_COLUMNS = 40  # the page's inputs and buttons, beside the QR code...
SIDE_ROWS = 12  # ...or below it
CODE_INPUTS = (mfa.CODE_1, mfa.CODE_2)


class RootMfaConsolePage(Vertical):
    def __init__(self, *, device_name: str, custodian: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.device_name = device_name
        self.custodian = custodian
        self._otpauth_uri: str | None = None  # only while the page shows

    def compose(self) -> ComposeResult:
        with Horizontal(id="qr-row"):
            yield QRCode(id="qr-code")
            with Vertical(id="qr-side"):
                yield Static("Rehearsal console › Security credentials › Assign MFA device › Authenticator "
                             "app", classes="panel-explain", markup=False)
                yield Static(f"Device name: {self.device_name}", markup=False)
                for number, text in enumerate((
                        f"Open the authenticator app on {self.custodian}'s phone and add an account.",
                        "Scan this QR code. If the camera cannot read it, show the secret key and type "
                        "it into the app instead.",
                        "Type the code the app shows in MFA code 1, wait for the next code, and type it "
                        "in MFA code 2."), start=1):
                    yield Static(f"{number}. {text}", classes="instruction-text", markup=False)
                for field_name, label in zip(CODE_INPUTS, ("MFA code 1", "MFA code 2")):
                    yield Label(label, classes="input-label")
                    yield Input(placeholder="6 digits", restrict=r"[0-9]*", max_length=6,
                                validators=[SIX_DIGITS], id=f"input-{field_name}")
                with Horizontal(classes="panel-buttons"):
                    yield Button("Add MFA", id="add-mfa", variant="primary")
                    yield Button("Show secret key (s)", id="toggle-secret")
                    yield Button("Cancel", id="cancel-console")
                yield Static("", id="console-refusal", markup=False)
                yield Static("", id="seed-text", markup=False)

    def show(self, otpauth_uri: str) -> None:
        self._otpauth_uri = otpauth_uri
        self.display = True
        self.query_one("#qr-code", QRCode).show(otpauth_uri)

    def fit_to(self, room: Size) -> None:
        """The QR code beside its inputs where ``room`` (the panel's) holds both; else the
        inputs alone, with the code's own message saying how large to make the terminal
        (the secret key still on request)."""
        columns, rows = self.query_one("#qr-code", QRCode).required_cells
        beside = room.width >= columns + SIDE_COLUMNS and room.height > rows
        above = not beside and room.height > rows + SIDE_ROWS
        self.set_class(not beside, "-stacked")
        self.set_class(not beside and not above, "-qr-message")

    def codes(self) -> tuple[str, str]:
        code_1, code_2 = (self.query_one(f"#input-{name}", Input).value for name in CODE_INPUTS)
        return code_1, code_2

    def refuse(self, message: str) -> None:
        self.query_one("#console-refusal", Static).update(message)
        self._clear_codes()  # a code is typed again, never kept
        self.query_one(f"#input-{mfa.CODE_1}", Input).focus()

    def show_secret(self, shown: bool) -> None:
        seed = parse_qs(urlparse(self._otpauth_uri or "").query).get("secret", [""])[0]
        grouped = " ".join(seed[index:index + 4] for index in range(0, len(seed), 4))
        self.query_one("#seed-text", Static).update(f"Secret key: {grouped}" if shown and seed else "")
        self.query_one("#toggle-secret", Button).label = "Hide secret key (s)" if shown else "Show secret key (s)"

    def clear(self) -> None:
        """The QR code, the secret and the codes leave the screen; the page hides."""
        self._otpauth_uri = None
        self.query_one("#qr-code", QRCode).clear()
        self.show_secret(False)
        self.query_one("#console-refusal", Static).update("")
        self._clear_codes()
        self.display = False

    def _clear_codes(self) -> None:
        for name in CODE_INPUTS:
            self.query_one(f"#input-{name}", Input).value = ""
