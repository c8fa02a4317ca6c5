"""Offered at start-up when ceremonies were left unfinished (a crash, a closed terminal,
"continue later"): resume one, clean one up (undo what it did in AWS, journal it, forget
it), or decide later. Dismisses with the ceremony to resume, or None."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from rootkeeper.core.progress import ProgressStatus, SavedCeremony
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.ui.ceremony_runner import runner_for
from rootkeeper.ui.work import BlockingWork, Job


def describe_saved(saved: SavedCeremony) -> Text:
    runbook = RUNBOOKS.get(saved.runbook_id)
    title = runbook.title if runbook else saved.runbook_id
    text = Text.assemble((title, "bold"), f"  · started {saved.started_at:%Y-%m-%d %H:%M} UTC")
    if saved.status is ProgressStatus.CLEANUP_PENDING:
        text.append("  · an undo failed: clean it up", style="red")
    elif runbook is not None and saved.current_index < len(runbook.steps):
        text.append(f"  · at “{runbook.steps[saved.current_index].title}”", style="dim")
    if saved.declared:  # created, or maybe created before a call failed: clean-up looks for them in AWS
        names = ", ".join(f"{item.kind} {item.name!r}" for item in saved.declared)
        text.append(f"\n  may have created in AWS: {names}", style="yellow")
    return text


class ResumeScreen(BlockingWork, ModalScreen[SavedCeremony | None]):
    CSS_PATH = "resume_screen.tcss"
    BINDINGS = [
        Binding("r", "resume", "Resume"),
        Binding("c", "clean_up", "Clean up", tooltip="Undo what it did in AWS, journal it, and forget it"),
        Binding("escape", "later", "Later", tooltip="Decide next time rootkeeper starts"),
    ]

    def __init__(self, unfinished: list[SavedCeremony]) -> None:
        super().__init__()
        self.unfinished = list(unfinished)

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-dialog"):
            yield Static("Unfinished ceremonies", id="resume-title")
            yield Static("These ceremonies did not finish. Resume one, clean it up (what it changed in AWS is "
                         "undone and journaled), or decide later.", markup=False)
            yield OptionList(id="unfinished-list")
            with Horizontal(id="resume-busy"):
                yield LoadingIndicator()
                yield Static("Cleaning up…")
            yield Static("", id="resume-result", markup=False)
            with Horizontal(id="resume-buttons"):
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Clean up (c)", id="clean-up", variant="warning")
                yield Button("Later (esc)", id="later")

    def on_mount(self) -> None:
        self.query_one("#resume-busy").display = False
        self._fill()
        self.query_one("#unfinished-list").focus()

    def _fill(self) -> None:
        options = self.query_one("#unfinished-list", OptionList)
        options.clear_options()
        for saved in self.unfinished:
            options.add_option(Option(describe_saved(saved), id=saved.ceremony_id))
        if self.unfinished:
            options.highlighted = 0

    def selected(self) -> SavedCeremony | None:
        index = self.query_one("#unfinished-list", OptionList).highlighted
        return self.unfinished[index] if index is not None and index < len(self.unfinished) else None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"resume": self.action_resume, "clean-up": self.action_clean_up, "later": self.action_later}[event.button.id]()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_resume()

    def action_resume(self) -> None:
        saved = self.selected()
        if self.busy or saved is None:
            return
        if saved.status is ProgressStatus.CLEANUP_PENDING or saved.runbook_id not in RUNBOOKS:
            self._say("This ceremony cannot be resumed: clean it up.")
            return
        self.dismiss(saved)

    def action_clean_up(self) -> None:
        saved, app = self.selected(), self.app
        if self.busy or saved is None:
            return
        self.run_job(Job(lambda: runner_for(app).clean_up(saved), lambda summary: self._cleaned_up(saved, summary),
                         "Cleaning up…", doing="clean up a ceremony"))

    def show_busy(self, text: str | None) -> None:
        self.query_one("#resume-busy").display = text is not None

    def work_failed(self, error: BaseException, message: str) -> None:
        self._say(f"Clean-up failed: {message} Press c to try again.")

    def _cleaned_up(self, saved: SavedCeremony, summary: str) -> None:
        self.unfinished = [other for other in self.unfinished if other.ceremony_id != saved.ceremony_id]
        self._fill()
        self._say(f"Cleaned up. {summary}")
        if not self.unfinished:
            self.query_one("#resume").display = False
            self.query_one("#clean-up").display = False
            self.query_one("#later", Button).label = "Close (esc)"
            self.query_one("#later", Button).focus()

    def _say(self, text: str) -> None:
        self.query_one("#resume-result", Static).update(text)

    def action_later(self) -> None:
        if not self.busy:
            self.dismiss(None)
