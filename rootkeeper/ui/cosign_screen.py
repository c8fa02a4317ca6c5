"""The witness co-signs: the challenge (text and QR) for the witness to sign on their own
machine with `rootkeeper witness sign CHALLENGE`, the signature pasted back, and the entry
appended by the caller's callback, in a worker. In rehearsal the witness may be simulated.

    CosignScreen(challenge, [("Bob", bob_public_key), ...], append=..., simulate=...)

``append(name, public_key, signature)`` journals the co-signature (``Journal.append_witness``)
and returns the entry, which the screen dismisses with; a refusal is said on the screen, which
stays open for another try. Escape dismisses with None: nothing was co-signed.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Select, Static

from rootkeeper.journal.cosign import signature_problem
from rootkeeper.ui.widgets.qr import QRCode
from rootkeeper.ui.work import BlockingWork, Job

Append = Callable[[str, str, str], Any]  # (name, public key, signature) -> the entry journaled
Simulate = Callable[[str, str], str]  # (name, challenge) -> that witness's simulated signature


class SignatureValidator(Validator):
    """The journal's own rule for a pasted signature; the failure never quotes the value."""

    def validate(self, value: str) -> ValidationResult:
        problem = signature_problem(value)
        return self.failure(problem) if problem else self.success()


class CosignScreen(BlockingWork, ModalScreen[Any]):
    CSS_PATH = "cosign_screen.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel: nothing co-signed")]

    def __init__(self, challenge: str, witnesses: Sequence[tuple[str, str]], *, append: Append,
                 simulate: Simulate | None = None, what: str = "the entry above") -> None:
        super().__init__()
        if not witnesses:
            raise ValueError("a co-signature needs a custodian with an enrolled witness key")
        self.challenge = challenge
        self.witnesses = dict(witnesses)
        self._append = append
        self._simulate = simulate
        self.what = what

    def compose(self) -> ComposeResult:
        first = next(iter(self.witnesses))
        with Horizontal(id="cosign-dialog"):
            with VerticalScroll(id="cosign-form"):  # scrolls in a small terminal: the buttons stay reachable
                yield Static("A witness co-signs", id="cosign-title")
                yield Static(f"The witness signs {self.what} on their own machine, with the command below "
                             "(or by scanning the code), and reads the signature back.", markup=False)
                yield Static(f"rootkeeper witness sign {self.challenge}", id="cosign-challenge", markup=False)
                yield Select([(name, name) for name in self.witnesses], value=first, allow_blank=False,
                             id="cosign-witness")
                yield Input(placeholder="paste the signature", id="cosign-signature",
                            validators=[SignatureValidator()])
                yield Static("", id="cosign-error", markup=False)
                with Horizontal(id="cosign-buttons"):
                    yield Button("Co-sign", id="cosign-submit", variant="primary", disabled=True)
                    if self._simulate is not None:
                        yield Button(self._simulated_label(first), id="cosign-simulate")
                    yield Button("Cancel", id="cosign-cancel")
            yield QRCode(self.challenge, id="cosign-qr")

    def on_mount(self) -> None:
        self.query_one("#cosign-signature", Input).focus()

    @property
    def witness(self) -> str:
        return str(self.query_one("#cosign-witness", Select).value)

    @staticmethod
    def _simulated_label(name: str) -> str:
        return f"Sign as {name} (simulated)"

    def on_select_changed(self, event: Select.Changed) -> None:
        if self._simulate is not None:
            self.query_one("#cosign-simulate", Button).label = self._simulated_label(str(event.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        valid = event.validation_result is not None and event.validation_result.is_valid
        self.query_one("#cosign-submit", Button).disabled = not valid or self.busy
        self._say(event.validation_result.failure_descriptions[0]
                  if event.value and event.validation_result and not valid else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "cosign-submit":
            self.submit()
        elif event.button.id == "cosign-simulate":
            self.sign_simulated()
        else:
            self.action_cancel()

    def submit(self) -> None:
        signature = self.query_one("#cosign-signature", Input).value
        if self.busy or signature_problem(signature):
            return
        name = self.witness
        public_key = self.witnesses[name]
        self.run_job(Job(lambda: self._append(name, public_key, signature), self.dismiss,
                         busy_text=f"Journaling {name}'s co-signature…", doing="journal the co-signature"))

    def sign_simulated(self) -> None:
        if self._simulate is None or self.busy:
            return
        simulate, name, challenge = self._simulate, self.witness, self.challenge
        self.run_job(Job(lambda: simulate(name, challenge), self._fill_signature,
                         busy_text=f"{name} signs (simulated)…", doing="sign as a simulated witness"))

    def _fill_signature(self, signature: str) -> None:
        self.query_one("#cosign-signature", Input).value = signature

    def show_busy(self, text: str | None) -> None:
        if text:
            self._say(text, error=False)
        for selector in ("#cosign-submit", "#cosign-simulate"):
            for button in self.query(selector).results(Button):
                button.disabled = text is not None or (
                    selector == "#cosign-submit" and bool(signature_problem(self.query_one(
                        "#cosign-signature", Input).value)))
        if text is None:
            self._say("")

    def work_failed(self, error: BaseException, message: str) -> None:
        self._say(message)  # stays open: the operator may paste again, or pick the right witness

    def _say(self, text: str, *, error: bool = True) -> None:
        said = self.query_one("#cosign-error", Static)
        said.update(text)
        said.set_class(not error, "busy")

    def action_cancel(self) -> None:
        self.dismiss(None)
