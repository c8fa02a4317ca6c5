"""Checklist runbooks: steps of kind check (a library check, core/checks/), manual (console
text, and whether the API can see its effect) and attest (the operator, and a witness when
the step needs one) only. They need no code of their own: the generic handlers and panels
run them, and declaring one here puts it in the catalogue (see "Adding a runbook" in the
README). Custodian onboarding, offboarding and review come here next (issue 10)."""

from __future__ import annotations

from rootkeeper.core.runbook import Runbook

CHECKLISTS: tuple[Runbook, ...] = ()
