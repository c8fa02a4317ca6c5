"""The recovery walkthroughs' panels (core/runbooks/recovery.py). In rehearsal, the email and
phone steps open the rehearsal console's own page, a dialogue as in AWS: the email lands in the
simulated root mailbox, shown here, and its link is followed; the call to the primary contact
phone is shown as it would be heard, and the operator types the number the console shows on
the phone's keypad (a wrong one is refused, with a retry). The password reset shows the reset
email and follows its link with the generated password. Nothing shown here is journaled: the
step records what the console did (verified or not, signed in or not), never a code or a link."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from rootkeeper.core.errors import RootkeeperError, ValidationError
from rootkeeper.rehearsal import recovery_plays
from rootkeeper.ui.step_panels.base import StepInput, labelled_input
from rootkeeper.ui.step_panels.defaults import CheckPanel, ManualPanel
from rootkeeper.ui.step_panels.rehearsal_console import RehearsalConsoleCall
from rootkeeper.ui.step_panels.root_password import ChangeInConsolePanel


def describe_mail(mail: dict[str, Any]) -> str:
    return (f"✉ The root mailbox ({mail['to']})\nFrom: {mail['sender']}\nSubject: {mail['subject']}\n\n"
            f"{mail['body']}\n\n{mail['link']}")


class RecoveryConsolePanel(ManualPanel):
    """A console step whose rehearsal is a dialogue on the console's page, below its instructions."""

    page_button = "Go on"
    opening = "The rehearsal console opens its page…"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page: dict[str, Any] | None = None  # what the console page showed, while it shows

    def compose_body(self) -> ComposeResult:
        with Vertical(id="manual-steps"):
            yield from self.compose_instructions()
        yield from self.compose_page()

    def compose_page(self) -> ComposeResult:
        if self.rehearsal:
            with Vertical(id="recovery-page"):
                yield Static("", id="recovery-console", markup=False)
                yield Static("", id="recovery-message", classes="panel-explain", markup=False)
                yield from self.compose_page_inputs()
                yield Static("", id="recovery-refusal", markup=False)
                with Horizontal(classes="panel-buttons"):
                    yield Button(self.page_button, id="page-go", variant="primary")
                    yield Button("Close the console page", id="page-close")

    def compose_page_inputs(self) -> ComposeResult:
        yield from ()

    def rehearsal_console_plays_it(self) -> bool:
        return True

    def on_mount(self) -> None:
        if self.rehearsal:
            self.query_one("#recovery-page").display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The instructions' Next/Back are hidden while the console page shows.
        return self.page is None if action in ("next_instruction", "previous_instruction") else True

    def focus_default(self) -> None:
        if self.page is None:
            super().focus_default()
            return
        fields = [field for field in self.query("#recovery-page Input") if isinstance(field, Input)]
        (fields[0] if fields else self.query_one("#page-go", Button)).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        handlers = {"rehearsal-console": self.open_page, "page-go": self.go_on, "page-close": self.close_page}
        handler = handlers.get(event.button.id or "")
        if handler is not None:
            event.stop()
            event.prevent_default()  # not ManualPanel's one-go rehearsal console
            handler()
        # Other buttons: Textual calls the handlers of the classes further down the MRO itself.

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.go_on()

    # -- the page -----------------------------------------------------------------------------

    def open_page(self) -> None:
        facts = dict(self.facts)
        self.hint("")
        self.post_message(RehearsalConsoleCall(lambda runner: self.open_call(runner, facts), self.show_page,
                                               self.opening))

    def open_call(self, runner: Any, facts: dict[str, Any]) -> Any:
        raise NotImplementedError

    def show_page(self, page: Any) -> None:
        if isinstance(page, RootkeeperError):
            self.hint(page.message + (f" {page.hint}" if page.hint else ""))
            return
        self.page = page
        console, message = self.describe_page(page)
        self.query_one("#recovery-console", Static).update(console)
        self.query_one("#recovery-message", Static).update(message)
        self.query_one("#recovery-refusal", Static).update("")
        self.query_one("#manual-steps").display = False
        self.query_one("#recovery-page").display = True
        self.refresh_bindings()
        self.focus_default()

    def describe_page(self, page: dict[str, Any]) -> tuple[str, str]:
        raise NotImplementedError

    def go_on(self) -> None:
        raise NotImplementedError

    def finish(self, result: Any) -> None:
        """A refusal stays on the page, to try again; a ConsolePlay closes it and runs the step."""
        if isinstance(result, RootkeeperError):
            self.refuse(result.message + (f" {result.hint}" if result.hint else ""))
            return
        self.close_page()
        self.submit(StepInput(before=lambda runner, play=result: play, busy_text="Recording the console steps…"))

    def refuse(self, message: str) -> None:
        self.query_one("#recovery-refusal", Static).update(f"✘ {message}")
        for field in self.query("#recovery-page Input"):
            if isinstance(field, Input):
                field.value = ""
        self.focus_default()

    def close_page(self) -> None:
        self.page = None
        if not self.rehearsal or not self.is_mounted:
            return
        for widget_id in ("#recovery-console", "#recovery-message", "#recovery-refusal"):
            self.query_one(widget_id, Static).update("")  # the codes leave the screen with the page
        self.query_one("#recovery-page").display = False
        self.query_one("#manual-steps").display = True
        self.refresh_bindings()

    def retire(self) -> None:
        self.close_page()
        super().retire()


def _refusal_or(call):
    """Run a page action in the worker: the console's refusal comes back as a value, to show."""
    try:
        return call()
    except ValidationError as refusal:
        return refusal


class VerifyEmailPanel(RecoveryConsolePanel):
    page_button = "Follow the link in the email"
    opening = "The rehearsal console sends the verification email…"

    def open_call(self, runner: Any, facts: dict[str, Any]) -> Any:
        return _refusal_or(lambda: recovery_plays.send_verification_email(runner.environment.console, facts))

    def describe_page(self, page: dict[str, Any]) -> tuple[str, str]:
        return (f"Step 1: Email address verification. The console sent a verification email to {page['to']}: "
                "the root mailbox's holder opens it and follows its link.", describe_mail(page))

    def go_on(self) -> None:
        if self.page is None:
            return
        facts, code = dict(self.facts), self.page["code"]
        self.post_message(RehearsalConsoleCall(
            lambda runner: _refusal_or(lambda: recovery_plays.follow_verification_link(runner.environment.console,
                                                                                       facts, code)),
            self.finish, "Following the link…"))


class VerifyPhonePanel(RecoveryConsolePanel):
    page_button = "Type it on the phone's keypad"
    opening = "The rehearsal console calls the primary contact phone…"

    def compose_page_inputs(self) -> ComposeResult:
        yield from labelled_input("keypad", placeholder="the 6 digits you type on the phone's keypad",
                                  max_length=6, restrict=r"[0-9]*")

    def open_call(self, runner: Any, facts: dict[str, Any]) -> Any:
        return _refusal_or(lambda: recovery_plays.call_me_now(runner.environment.console, facts))

    def describe_page(self, page: dict[str, Any]) -> tuple[str, str]:
        return (f"Step 2: Phone verification. The console shows this number: {page['code']}. Answer the call to "
                f"{page['phone']} and type it on the phone's keypad.", f"☎ {page['said']}")

    def go_on(self) -> None:
        if self.page is None:
            return
        keyed = self.query_one("#input-keypad", Input).value.strip()
        if len(keyed) != 6:
            self.refuse("Type the six digits the console shows.")
            return
        facts = dict(self.facts)
        self.post_message(RehearsalConsoleCall(
            lambda runner: _refusal_or(lambda: recovery_plays.key_in_number(runner.environment.console, facts,
                                                                            keyed)),
            self.finish, "The phone sends the number…"))


class ResetFromEmailPanel(RecoveryConsolePanel, ChangeInConsolePanel):
    """The generated password's handover (rotate-root-password's), the instructions, and in
    rehearsal the root mailbox's reset email, whose link the console follows."""

    page_button = "Open the link and set the new password"
    opening = "Opening the root mailbox…"

    def compose_body(self) -> ComposeResult:
        with Vertical(id="manual-steps"):
            yield from ChangeInConsolePanel.compose_body(self)  # the handover, then the instructions
        yield from self.compose_page()

    def open_call(self, runner: Any, facts: dict[str, Any]) -> Any:
        mail = recovery_plays.reset_email(runner.environment.console, facts)
        if mail is None:
            return ValidationError("There is no unused password reset email in the root mailbox.",
                                   hint="Choose 'Forgot password?' again (the previous step).")
        return mail

    def describe_page(self, page: dict[str, Any]) -> tuple[str, str]:
        return ("The root mailbox holds the reset email: its link opens the console's 'Reset password' page, "
                "where the generated password is typed twice.", describe_mail(page))

    def go_on(self) -> None:
        if self.page is None:
            return
        facts, code = dict(self.facts), self.page["code"]
        self.post_message(RehearsalConsoleCall(
            lambda runner: _refusal_or(lambda: recovery_plays.reset_with_link(
                runner.environment.console, facts, runner.ceremony.secrets, code)),
            self.finish, "The console resets the password…"))


class ChooseLostDevicePanel(CheckPanel):
    """The root's MFA devices as the API and the roster know them, then the lost one's name."""

    def compose_body(self) -> ComposeResult:
        yield Static("Reading the root user's MFA devices and the roster…", id="known-devices", markup=False)
        yield from super().compose_body()

    def show_loaded(self, devices: Any) -> None:
        lines = ["The root user's MFA devices (the API shows virtual ones; the roster, any kind):"]
        lines += [f"  • {item['serial']} ({item['kind']}), held by {item['holder'] or 'no one on the roster'}"
                  for item in devices] or ["  none"]
        self.query_one("#known-devices", Static).update("\n".join(lines))
