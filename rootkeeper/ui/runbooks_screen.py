"""The Runbooks screen: every runbook rootkeeper can run, what identity it needs, and
whether the identity in use qualifies. Enter starts the highlighted one: the screen
dismisses with its id and the app opens the Ceremony screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from rootkeeper.core.runbook import Requirement, Runbook
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.ui.widgets.session_header import SessionHeader

REQUIREMENT_TEXT = {
    Requirement.ANY: "any identity of the account",
    Requirement.IAM_READ: "root, or an IAM user or role that can read IAM",
    Requirement.IAM_ADMIN: "root, or an IAM user or role that can change IAM",
    Requirement.ROOT_SESSION: "a root session: root's own credentials or sts:AssumeRoot",
    Requirement.MANAGEMENT_ACCOUNT: "a principal of the Organization's management account",
}


def unknown_runbook_notice(runbook_id: str) -> str:
    return (f"The runbook “{runbook_id}” is not in this version of rootkeeper yet. "
            "These are the runbooks it can run:")


class RunbooksScreen(Screen[str | None]):
    CSS_PATH = "runbooks_screen.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the posture"),
        # priority: the list's own (hidden) enter would otherwise hide this one from the Footer
        Binding("enter", "start", "Start runbook", tooltip="Start the highlighted runbook", priority=True),
        Binding("d", "drill", "Drill", tooltip="Rehearse the highlighted break-glass runbook as a timed drill"),
    ]

    def __init__(self, *, highlight: str | None = None, notice: str | None = None) -> None:
        super().__init__()
        self.highlight = highlight
        self.notice = notice
        self.as_drill = False  # the runbook chosen is to run as a timed drill (ui/drill_screen.py)

    def compose(self) -> ComposeResult:
        yield SessionHeader()
        yield Static(self.notice or "Choose a runbook; Enter starts it.", id="runbooks-notice", markup=False)
        with Horizontal(id="runbooks-body"):
            yield OptionList(id="runbook-list")
            with VerticalScroll(id="runbook-details-scroll", can_focus=False):
                yield Static("", id="runbook-details")
        yield Footer()

    def on_mount(self) -> None:
        if self.notice:
            self.query_one("#runbooks-notice").add_class("runbooks-notice-warning")
        options = self.query_one("#runbook-list", OptionList)
        for runbook in RUNBOOKS.values():
            options.add_option(Option(self._label(runbook), id=runbook.id))
        ids = list(RUNBOOKS)
        options.highlighted = ids.index(self.highlight) if self.highlight in RUNBOOKS else 0
        options.focus()
        self._show_details()

    def problem_of(self, runbook: Runbook) -> str | None:
        """Why the identity in use cannot run ``runbook``; None when it can (or is not known yet)."""
        identity = self.app.identity
        if identity is None:
            return None
        environment = self.app.environment
        return runbook.precondition_problem(identity, environment.management_account_id if environment else None)

    def _label(self, runbook: Runbook) -> Text:
        if self.app.identity is None:
            return Text.assemble(("  ", ""), runbook.title)
        fits = self.problem_of(runbook) is None
        # No ✔ here: that the identity suits a runbook proves nothing about its permissions.
        return Text.assemble(("• " if fits else "✘ ", "" if fits else "red"), runbook.title)

    def highlight_runbook(self, runbook_id: str) -> None:
        self.query_one("#runbook-list", OptionList).highlighted = list(RUNBOOKS).index(runbook_id)

    def highlighted_runbook(self) -> Runbook:
        options = self.query_one("#runbook-list", OptionList)
        return list(RUNBOOKS.values())[options.highlighted or 0]

    def _show_details(self) -> None:
        runbook = self.highlighted_runbook()
        text = Text()
        text.append(runbook.title + "\n\n", style="bold")
        text.append(runbook.summary + "\n\n")
        text.append("Needs: ", style="bold")
        text.append(REQUIREMENT_TEXT[runbook.requirement] + "\n")
        if runbook.remedies:
            text.append("Fixes: ", style="bold")
            text.append(", ".join(runbook.remedies) + "\n")
        if runbook.console_only:
            text.append("AWS has no API for this change: the console steps are guided, then verified.\n",
                        style="italic")
        problem = self.problem_of(runbook)
        if self.app.identity is None:
            text.append("\nWho you are is not known yet: rootkeeper is still connecting.\n", style="yellow")
        elif problem is None:
            # Only the kind of identity is known here, not its IAM permissions: no ✔ for that.
            text.append("\nThe kind of identity in use (its account, root or IAM) suits this runbook. Its IAM "
                        "permissions are not known until a step calls AWS: a denied step says which permission "
                        "it needs, and nothing is changed.\n")
        else:
            text.append(f"\n✘ {problem}\n", style="red")
        text.append("\nSteps:\n", style="bold")
        for number, step in enumerate(runbook.steps, start=1):
            text.append(f"  {number}. ", style="dim")
            text.append(f"[{step.kind.value}] ", style="italic cyan")
            text.append(step.title + "\n")
        self.query_one("#runbook-details", Static).update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_details()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        runbook = self.highlighted_runbook()
        problem = self.problem_of(runbook)
        if problem is not None:
            self.notify(problem, title="This identity cannot run it", severity="warning", timeout=8)
            return
        self.dismiss(runbook.id)

    def action_drill(self) -> None:
        runbook = self.highlighted_runbook()
        environment = self.app.environment
        if not runbook.incident or environment is None or not environment.rehearsal:
            self.notify("Drills are for break-glass runbooks, in the rehearsal world (`rootkeeper rehearse`).",
                        title="Not a drill", severity="warning", timeout=8)
            return
        self.as_drill = True
        self.action_start()

    def action_back(self) -> None:
        self.dismiss(None)
