"""The details of one control: why it matters, what was found, where it is defined, what fixes it."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from rootkeeper.core.findings import Control, Finding
from rootkeeper.core.runbooks import runbook_for
from rootkeeper.ui.widgets.status_badge import status_badge


def _ids(values: tuple[str, ...]) -> str:
    return ", ".join(values) if values else "—"


def details_renderable(control: Control, finding: Finding | None, *, reading: bool = True) -> Group:
    heading = Text.assemble(status_badge(finding.status if finding else None, reading=reading), "  ",
                            (control.title, "bold"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    facts.add_row("Evidence", finding.evidence if finding else ("Not read yet." if reading else "Not read."))
    facts.add_row("Why", control.rationale)
    facts.add_row("CIS v5.0", _ids(control.cis_v5))
    facts.add_row("CIS v3.0", _ids(control.cis_v3))
    facts.add_row("Security Hub", control.security_hub or "—")
    runbook = runbook_for(control.id)
    if runbook is not None:
        fix = Text.assemble((runbook.id, "bold"), " runbook — press ", ("f", "bold reverse"), " to open it")
    else:
        fix = Text("No runbook: fix it in the console (the evidence says what to remove).")
    facts.add_row("Fix with", fix)
    return Group(heading, Text(""), facts)


class FindingDetails(Static):
    """Shows the highlighted control; empty until one is highlighted."""

    def show(self, control: Control, finding: Finding | None, *, reading: bool = True) -> None:
        self.control = control
        self.update(details_renderable(control, finding, reading=reading))
