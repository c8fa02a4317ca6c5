"""The catalogue is checked whole at start-up: a step without a handler, a panel or a
verifying check is found before an operator reaches it."""

from __future__ import annotations

import pytest

from rootkeeper.core.runbook import Requirement, Runbook, Step, StepKind
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.ui.runbook_catalogue import CatalogueError, catalogue_problems, check_catalogue


def checklist(*steps: Step) -> Runbook:
    return Runbook(id="a-checklist", title="T", summary="S", requirement=Requirement.ANY, steps=steps)


ATTEST = Step(id="attest", kind=StepKind.ATTEST, title="Attest", verifies="The operator confirms it.")


def test_the_catalogue_of_this_build_is_whole():
    assert catalogue_problems() == []
    check_catalogue()  # raises if not


def test_an_action_step_nobody_handles_is_found():
    act = Step(id="act", kind=StepKind.ACTION, title="Act", verifies="AWS accepted it.")
    problems = catalogue_problems([*RUNBOOKS.values(), checklist(act, ATTEST)])
    assert any("a-checklist/act: a action step with no handler" in problem for problem in problems)


def test_a_manual_step_with_inputs_and_no_panel_is_found():
    typed = Step(id="console", kind=StepKind.MANUAL, title="Type it", verifies="Done.", inputs=("serial",),
                 api_visible=False)
    problems = catalogue_problems([*RUNBOOKS.values(), checklist(typed, ATTEST)])
    assert problems == ["a-checklist/console: a manual step with inputs needs a panel of its own"]


def test_an_api_visible_console_step_without_a_check_is_found():
    unchecked = Step(id="console", kind=StepKind.MANUAL, title="Do it", verifies="Done.", api_visible=True)
    problems = catalogue_problems([*RUNBOOKS.values(), checklist(unchecked, ATTEST)])
    assert problems == ["a-checklist/console: its effect is API-visible, but no later check verifies it"]


def test_a_runbook_of_console_steps_and_attestations_needs_nothing_else():
    console = Step(id="console", kind=StepKind.MANUAL, title="Do it", verifies="Done.", api_visible=False)
    assert catalogue_problems([*RUNBOOKS.values(), checklist(console, ATTEST)]) == []


def test_check_catalogue_names_every_problem(monkeypatch):
    import rootkeeper.ui.runbook_catalogue as catalogue

    monkeypatch.setattr(catalogue, "catalogue_problems", lambda: ["one", "two"])
    with pytest.raises(CatalogueError, match="not whole: one; two"):
        check_catalogue()
