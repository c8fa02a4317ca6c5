"""The ceremony's step list as a widget: every step with its kind, where the operator is,
and what each finished step proved (its text: rootkeeper.ui.widgets.step_list)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.runbook import Runbook
from rootkeeper.ui.widgets.step_list import step_lines


class StepList(VerticalScroll):
    def __init__(self, runbook: Runbook, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=False)
        self.runbook = runbook

    def compose(self) -> ComposeResult:
        yield Static(step_lines(self.runbook, None), id="step-list")

    def show(self, ceremony: Ceremony | None) -> None:
        self.query_one("#step-list", Static).update(step_lines(self.runbook, ceremony))
