"""The root keys panel's stronger warning before deletion ("the safe path was not taken")
reads each step's latest outcome, by core's one rule (core/undo.py history_of): a
deactivation skipped and then done after all is the safe path taken."""

from __future__ import annotations

from datetime import datetime, timezone
from types import MappingProxyType, SimpleNamespace

from rootkeeper.core.runbook import StepKind
from rootkeeper.core.runbooks import root_keys as rb
from rootkeeper.core.step_contract import Outcome, StepResult
from rootkeeper.ui.step_panels.root_keys import deletion_warning

AT = datetime(2025, 6, 1, 9, 0, tzinfo=timezone.utc)
FACTS = {"mode": rb.MODE_API, "keys": [{"id": "AKIAEXAMPLE000000001", "active": True}]}


def panel_after(*outcomes: Outcome) -> SimpleNamespace:
    results = [StepResult(rb.DEACTIVATE_KEYS, StepKind.ACTION, outcome, AT, "", MappingProxyType({}))
               for outcome in outcomes]
    return SimpleNamespace(facts=FACTS, ceremony=SimpleNamespace(results=tuple(results)))


def test_a_skipped_deactivation_warns():
    assert deletion_warning(panel_after(Outcome.SKIPPED)) == rb.DIRECT_DELETION_WARNING


def test_a_deactivation_skipped_then_done_does_not_warn():
    assert deletion_warning(panel_after(Outcome.SKIPPED, Outcome.OK)) is None
