"""The ceremony's step list, as text: every step with its kind, where the operator is, and
what each finished step proved and how (its evidence); the one-line counter that stands in
for it on a narrow terminal; and the abort dialog's account of what an abort would undo."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from rootkeeper.core.ceremony import Ceremony
from rootkeeper.core.runbook import Runbook, StepKind
from rootkeeper.core.step_contract import Outcome, StepResult, evidence_kind_of
from rootkeeper.core.undo import UndoPlanItem, completed_step_ids

_MARKS = {Outcome.OK: ("✔", "green"), Outcome.SKIPPED: ("↷", "dim"), Outcome.UNDONE: ("↺", "yellow"),
          Outcome.FAILED: ("✘", "red"), Outcome.ABORTED: ("■", "red")}


def step_lines(runbook: Runbook, ceremony: Ceremony | None) -> Table:
    """The step list: kind, title, a mark for where each step stands, and what it proved."""
    latest: dict[str, StepResult] = {}
    for result in ceremony.results if ceremony else ():
        latest[result.step_id] = result
    current = ceremony.current_step if ceremony else None
    current_index = ceremony.current_index if current is not None else None
    table = Table.grid(padding=(0, 1))
    table.add_column(width=1)
    table.add_column(ratio=1)
    for number, step in enumerate(runbook.steps, start=1):
        result = latest.get(step.id)
        is_current = current is not None and step.id == current.id
        if current_index is not None and number - 1 >= current_index:
            result = None  # the ceremony went back: this step and the next ones are to do again
        if is_current:
            mark, style = "▶", "bold"
        elif result is not None:
            mark, style = _MARKS[result.outcome]
        else:
            mark, style = "·", "dim"
        line = Text.assemble((f"{number}. ", "dim"), (f"[{step.kind.value}] ", "italic cyan"),
                             (step.title, "bold" if is_current else "not bold"))
        if result is not None and result.message and result.outcome is not Outcome.FAILED:
            said = result.evidence.get("statement") or result.message  # an attestation's own words
            who = [f"attested by {result.attested_by}"] if result.attested_by else []
            who += [f"witnessed by {result.witness}"] if result.witness else []
            proved = said + (f" ({', '.join(who)})" if who else "")
            line.append("\n")
            if result.outcome is not Outcome.SKIPPED:  # a skip claims nothing: its reason is all there is
                line.append(f"{evidence_kind_of(result).value}: ", style="italic")
            line.append(proved, style="dim")
        table.add_row(Text(mark, style=style), line)
    return table


def abort_message(plan: tuple[UndoPlanItem, ...], ceremony: Ceremony | None = None) -> str:
    """The abort dialog's text: per step to undo, what the undo will do and what it found;
    and what the operator did in the console, which no abort can revert."""
    done = completed_step_ids(ceremony.results) if ceremony else set()
    console = [step.title for step in ceremony.runbook.steps
               if step.kind is StepKind.MANUAL and step.id in done] if ceremony else []
    kept = (f"\nNot undone: what was done in the console ({'; '.join(console)}) stays as it is; undo it "
            "there if it should not.") if console else ""
    if not plan:
        return ("Nothing in AWS needs undoing: no step of this ceremony created or changed anything by API."
                + kept)
    lines = [f"• {item.title}: {item.text.rstrip('.')}." for item in plan]
    return "On abort:\n" + "\n".join(lines) + kept


def step_counter(runbook: Runbook, ceremony: Ceremony | None) -> Text:
    """The step list in one line, for a narrow terminal: "Step 2 of 4  ✔ ▶ · ·"."""
    table = step_lines(runbook, ceremony)
    marks = [row for row in table.columns[0].cells]
    current = ceremony.current_step if ceremony else None
    number = next((n for n, step in enumerate(runbook.steps, start=1) if current and step.id == current.id), None)
    text = Text(f"Step {number} of {len(runbook.steps)}  " if number else f"{len(runbook.steps)} steps  ",
                style="bold")
    for mark in marks:
        text.append_text(mark)
        text.append(" ")
    return text
