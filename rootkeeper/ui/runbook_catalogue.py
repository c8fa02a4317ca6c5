"""The start-up check of the runbook catalogue: every runbook fits its behaviour (handlers
and undos, ceremonies/registry.py), every step has a panel that can serve it, every
rehearsal console play names a manual step, and every API-visible console step is verified
by a later check. Run by the app in a worker after the first frame (the registry imports
boto3), and by the tests; a problem is a rootkeeper bug, shown before any ceremony starts."""

from __future__ import annotations

from typing import Iterable

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Runbook, unverified_manual_steps
from rootkeeper.core.runbooks import RUNBOOKS
from rootkeeper.rehearsal.console_plays import play_problems
from rootkeeper.ui.step_panels import panel_problems


class CatalogueError(RootkeeperError):
    """The runbooks, their handlers and their panels do not fit together."""


def catalogue_problems(runbooks: Iterable[Runbook] | None = None) -> list[str]:
    """Every problem of ``runbooks`` (the catalogue by default) with the product's behaviours,
    panels and plays; empty when every step can run and be shown."""
    from rootkeeper.ceremonies.registry import BEHAVIOURS, BehaviourRegistry, RegistryError

    runbooks = tuple(RUNBOOKS.values()) if runbooks is None else tuple(runbooks)
    problems = [problem for runbook in runbooks for problem in unverified_manual_steps(runbook)]
    try:
        BehaviourRegistry(runbooks, [b for b in BEHAVIOURS if b.runbook in runbooks])
    except RegistryError as error:
        problems.append(str(error))
    return problems + panel_problems(runbooks) + play_problems(runbooks)


def check_catalogue() -> None:
    """Raise CatalogueError, naming every problem, unless the catalogue is whole."""
    problems = catalogue_problems()
    if problems:
        raise CatalogueError("rootkeeper's runbooks are not whole: " + "; ".join(problems),
                             hint="This is a rootkeeper bug: report it, and run no ceremony with this build.")
