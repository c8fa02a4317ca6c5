"""The Ceremony screen: any runbook, step by step. On the left, the step list
(rootkeeper.ui.widgets.step_list_view); on the right, the current step's panel
(rootkeeper.ui.step_panels), chosen by step id or kind.

Every call that may touch AWS, the journal or the disk (opening the ceremony, a panel's
data, the step itself, the abort) is one job of rootkeeper.ui.work, one at a time with a
visible busy state. A failure shows here with a Retry, never a traceback; the ceremony
object is unchanged by a failed call, so nothing is lost.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Button, Footer, LoadingIndicator, Static

from rootkeeper.core.ceremony import Ceremony, CeremonyStatus
from rootkeeper.core.progress import SavedCeremony
from rootkeeper.core.runbook import Confirmation, Step
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.core.step_contract import ConsolePlay, Outcome, StepResult
from rootkeeper.ui.ceremony_exits import CeremonyExits
from rootkeeper.ui.ceremony_cosign import CosignButton, needs_cosignature
from rootkeeper.ui.ceremony_runner import CeremonyRunner, closing_note, runner_for
from rootkeeper.ui.confirm_screen import ConfirmScreen, typed_confirmation
from rootkeeper.ui.step_panels import StepInput, StepPanel, panel_class_for
from rootkeeper.ui.step_panels.choices import StepChoice, confirmation_warning
from rootkeeper.ui.step_panels.rehearsal_console import RehearsalConsoleCall
from rootkeeper.ui.widgets.session_header import SessionHeader
from rootkeeper.ui.widgets.step_counter import StepCounter
from rootkeeper.ui.widgets.step_list_view import StepList
from rootkeeper.ui.work import BlockingWork, Job

DOING = "run the ceremony"  # how an unexpected failure names what was being done

NARROW_WIDTH = 100  # below it, the step list gives its room to the panel: a one-line counter instead
SHORT_HEIGHT = 30  # below it, the runbook's summary keeps to one line

RunnerFactory = Callable[[Any], CeremonyRunner]  # (the app) -> runner; in a worker thread
Opening = Callable[[CeremonyRunner], Ceremony]  # (runner) -> the ceremony; in a worker thread


class CeremonyScreen(CeremonyExits, BlockingWork, Screen):
    CSS_PATH = "ceremony_screen.tcss"
    AUTO_FOCUS = ""  # nothing: the step panel decides (StepPanel.focus_default)
    offers_runbooks = False  # the command palette offers no other runbook: one ceremony at a time
    BINDINGS = [
        Binding("escape", "abort", "Abort", tooltip="Abort the ceremony: asks first, then undoes what it did"),
        Binding("ctrl+c", "abort", "Abort", show=False),
        Binding("escape", "leave", "Back", tooltip="Back to the posture, which is read again"),
        Binding("ctrl+l", "later", "Later", tooltip="Leave; the ceremony is offered again at start-up"),
    ]

    def __init__(self, runbook_id: str, *, saved: SavedCeremony | None = None,
                 opening: Opening | None = None, runner_factory: RunnerFactory = runner_for) -> None:
        super().__init__()
        self.runbook = RUNBOOKS[runbook_id]
        self.saved = saved
        self._opening = opening or ((lambda runner: runner.resume(saved)) if saved
                                    else (lambda runner: runner.start(runbook_id)))
        self._runner_factory = runner_factory
        self.runner: CeremonyRunner | None = None
        self.ceremony: Ceremony | None = None
        self.panel: StepPanel | None = None

    def compose(self) -> ComposeResult:
        yield SessionHeader()
        yield Static(Text.assemble((self.runbook.title, "bold"), "  ", (self.runbook.summary, "dim")),
                     id="ceremony-title")
        with Horizontal(id="ceremony-body"):
            yield StepList(self.runbook, id="step-list-scroll")
            with Vertical(id="step-area"):
                yield StepCounter(self.runbook, id="step-counter")
                with Horizontal(id="busy-bar"):
                    yield LoadingIndicator(id="busy-spinner")
                    yield Static("", id="busy-text")
                with Horizontal(id="problem"):
                    yield Static("", id="problem-text", markup=False)
                    yield Button("Retry", id="retry", variant="warning")
                yield Static("", id="notice", markup=False)
                yield Button("Back", id="back-to-step", variant="warning")
                yield Vertical(id="panel-slot")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_to(event.size)

    def _fit_to(self, size: Size) -> None:
        self.set_class(size.width < NARROW_WIDTH, "-narrow")
        self.set_class(size.height < SHORT_HEIGHT, "-short")

    def on_mount(self) -> None:
        self._fit_to(self.app.size)  # before the first layout: a pushed screen may get no Resize
        self.query_one("#problem").display = False
        self.query_one("#notice").display = False
        self.query_one("#back-to-step").display = False
        verb = "Resuming" if self.saved else "Starting"
        self.perform(f"{verb} the ceremony…", self._open, self._opened)

    # --- work: one job at a time, off the UI thread (rootkeeper.ui.work) --------------------
    def perform(self, busy_text: str, call: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def finish(result: Any) -> None:
            done(result)
            self._restore_focus()

        self.run_job(Job(call, finish, busy_text, doing=DOING))

    def show_busy(self, text: str | None) -> None:
        self.query_one("#busy-bar").display = text is not None
        self.query_one("#busy-text", Static).update(Text(text or "", style="italic"))
        if text is not None:
            self.query_one("#problem").display = False
            self.query_one("#back-to-step").display = False
        if self.panel is not None:
            self.panel.disabled = text is not None

    def work_failed(self, error: BaseException, message: str) -> None:
        self.query_one("#problem-text", Static).update(message)
        self.query_one("#problem").display = True
        self.query_one("#retry", Button).focus()

    def _restore_focus(self) -> None:
        """A panel disabled while busy lost the focus: give it back, or a stray key would
        reach the screen's bindings. (A panel mounted just now focuses itself.)"""
        focused, panel = self.focused, self.panel
        if panel is not None and panel.is_mounted and (focused is None or not focused.is_attached
                                                       or focused.id == "retry"):
            panel.focus_default()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "retry" and self.job is not None and not self.busy:
            event.stop()
            self.retry_job()
        elif event.button.id == "back-to-step" and not self.busy and self.ceremony is not None:
            event.stop()
            ceremony = self.ceremony
            self.perform("Going back…", lambda: ceremony.go_back(), self._went_back)

    def _went_back(self, step: Step) -> None:
        self._notify_operator(f"Back to '{step.title}': do it again, then the check runs again.", "warning")
        self._show_current_step()

    def _show_back_button(self) -> None:
        """A failed check offers the step it verifies again: the only other way on is Abort."""
        button = self.query_one("#back-to-step", Button)
        target = self.ceremony.back_target() if self.ceremony is not None else None
        button.display = target is not None
        if target is not None:
            button.label = f"Back to '{target.title}'"

    # --- opening ---------------------------------------------------------------------------
    def _open(self) -> Ceremony:
        self.runner = self._runner_factory(self.app)
        return self._opening(self.runner)

    def _opened(self, ceremony: Ceremony) -> None:
        self.ceremony = ceremony
        if ceremony.notice:
            self._notify_operator(ceremony.notice, "warning")
        self._show_current_step()

    # --- the current step ------------------------------------------------------------------
    def _show_current_step(self) -> None:
        self.refresh_bindings()
        self._show_steps()
        self._show_back_button()
        self._retire_panel()
        ceremony = self.ceremony
        step = ceremony.current_step if ceremony else None
        if ceremony is None or step is None:
            self.set_class(False, "-wide-panel")
            self._show_ending()
            return
        rehearsal = bool(self.runner and self.runner.environment.rehearsal)
        self.panel = panel_class_for(step)(ceremony, step, rehearsal=rehearsal)
        self.set_class(self.panel.needs_width, "-wide-panel")
        self.query_one("#panel-slot").mount(self.panel)
        look = self.runner.lookup_for(step) if self.runner is not None else None
        if look is not None:
            panel = self.panel
            self.perform("Reading from AWS…", lambda: ceremony.look(look),
                         lambda data: panel.show_loaded(data) if panel.is_attached else None)

    def _show_steps(self) -> None:
        self.query_one(StepList).show(self.ceremony)
        self.query_one(StepCounter).show(self.ceremony)

    def _retire_panel(self) -> None:
        if self.panel is not None:
            self.panel.retire()
            self.panel.remove()
            self.panel = None

    def on_step_panel_submitted(self, message: StepPanel.Submitted) -> None:
        message.stop()
        if self.busy or self.ceremony is None or self.ceremony.current_step is None:
            return
        step = self.ceremony.current_step
        proves = f"Once done, this proves: {step.render_verifies(self.ceremony.facts)}"
        explained = "\n\n".join(part for part in (confirmation_warning(message.step_input), proves) if part)
        if step.confirmation is Confirmation.YES_NO:
            question = f"Run '{step.title}'?"
            self.app.push_screen(ConfirmScreen(question, explained),
                                 lambda yes: self._run_step(step, message.step_input, confirmed=True) if yes
                                 else self._not_confirmed(step))
        elif step.confirmation in (Confirmation.TYPE_ACCOUNT_ID, Confirmation.TYPE_NAME):
            self.app.push_screen(typed_confirmation(step, self.ceremony.facts, explained),
                                 lambda typed: self._run_step(step, message.step_input, typed=typed)
                                 if typed else self._not_confirmed(step))
        else:
            self._run_step(step, message.step_input)

    def on_rehearsal_console_call(self, message: RehearsalConsoleCall) -> None:
        message.stop()
        if self.busy or self.runner is None:
            return
        runner, panel = self.runner, self.panel
        self.perform(message.busy_text, lambda: message.call(runner),
                     lambda result: message.done(result) if panel is not None and panel.is_attached else None)

    def _not_confirmed(self, step: Step) -> None:
        self._notify_operator(f"Not confirmed: '{step.title}' was not run, and nothing changed.", "warning")

    def on_step_choice(self, message: StepChoice) -> None:
        message.stop()
        ceremony = self.ceremony
        if self.busy or ceremony is None or ceremony.current_step is None:
            return

        def call() -> None:
            message.choose(ceremony)

        self.perform(message.busy_text, call, lambda _: self._show_current_step())

    def _run_step(self, step: Step, step_input: StepInput, *, confirmed: bool = False,
                  typed: str | None = None) -> None:
        ceremony, runner = self.ceremony, self.runner
        assert ceremony is not None

        def call() -> StepResult:
            played = step_input.before(runner) if step_input.before else None
            if isinstance(played, str):  # a console action that reports what it did, not what it saw
                played = ConsolePlay(played, changed=True)
            note = played.note if played is not None else None
            result = ceremony.run_step(inputs=step_input.inputs, secret_inputs=step_input.secret_inputs,
                                       confirmed=confirmed, typed_account_id=typed, typed_name=typed,
                                       witness=step_input.witness, attested_by=step_input.attested_by,
                                       played=played,
                                       note="; ".join(part for part in (note, step_input.note) if part) or None)
            return result

        self.perform(step_input.busy_text, call, self._step_ran)

    def _step_ran(self, result: StepResult) -> None:
        if result.outcome is Outcome.FAILED:
            self._show_steps()
            self._notify_operator(result.message, "error")
            self._show_back_button()
            if self.panel is not None:
                self.panel.step_failed(result)
            return
        self._notify_operator(result.message, "success")
        self._show_current_step()

    def _notify_operator(self, message: str, severity: str) -> None:
        notice = self.query_one("#notice", Static)
        notice.set_classes(f"notice-{severity}")
        notice.update(message)
        notice.display = bool(message)

    def _show_ending(self) -> None:
        ceremony = self.ceremony
        if ceremony is None:
            return
        if ceremony.status is CeremonyStatus.FINISHED:
            text = "The ceremony is finished and journaled. Press escape to go back to the posture."
        elif ceremony.status is CeremonyStatus.CLEANUP_PENDING:
            text = ("The ceremony needs cleaning up: it is offered again the next time rootkeeper starts. "
                    "Press escape to go back.")
        else:
            text = "The ceremony was aborted. Press escape to go back to the posture."
        text = " ".join(part for part in (text, closing_note(ceremony)) if part)
        self.query_one("#panel-slot").mount(Static(text, id="ceremony-ending", markup=False))
        journal = getattr(self.runner, "journal", None)
        if needs_cosignature(ceremony, journal):
            button = CosignButton(ceremony, journal)
            self.query_one("#panel-slot").mount(button)
            button.press()  # the dialog opens once by itself; the button stays for a witness not ready yet
