"""The step list in one line, for a narrow terminal: "Step 2 of 4  ✔ ▶ · ·"."""

from __future__ import annotations

from textual.widgets import Static

from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.runbook import Runbook
from rootkeeper.ui.widgets.step_list import step_counter


class StepCounter(Static):
    def __init__(self, runbook: Runbook, *, id: str | None = None) -> None:
        super().__init__(step_counter(runbook, None), id=id)
        self.runbook = runbook

    def show(self, ceremony: Ceremony | None) -> None:
        self.update(step_counter(self.runbook, ceremony))
