"""The shape every check has, and what binds one to a step (see core/checks/__init__.py)."""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rootkeeper.core.account_reading import AccountReader, Unreadable
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import render
from rootkeeper.core.step_contract import Evidence, StepContext, StepHandler, StepOutcome


@dataclass(frozen=True)
class Check(abc.ABC):
    """One kind of check. Subclasses are frozen dataclasses whose fields are its parameters."""

    def describe(self, facts: Mapping[str, Any]) -> str:
        """What a pass proves, with the facts known so far filled in ({name} where not yet)."""
        return render(self.verifies(), facts)

    def evaluate(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        """Read, and judge what was read. A RootkeeperError of the read propagates (the engine
        journals it as a failed step); a reader that cannot read at all is a failure that
        says so and claims nothing."""
        try:
            return self.judge(reader, facts)
        except Unreadable as error:
            return StepOutcome.failure(str(error), evidence={"checked": False})

    @abc.abstractmethod
    def verifies(self) -> str:
        """The sentence a pass proves (a Step's ``verifies``), with ``{fact}`` placeholders."""

    @abc.abstractmethod
    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome: ...


def check_handler(check: Check, read_with: Callable[[StepContext], AccountReader]) -> StepHandler:
    """A step handler that evaluates ``check`` on the step's facts and inputs, reading with
    the reader ``read_with`` gives for the step (``lambda ctx: reader`` for a fixed one)."""
    def handler(ctx: StepContext) -> StepOutcome:
        return check.evaluate(read_with(ctx), {**ctx.facts, **ctx.inputs})
    return handler


def fact(facts: Mapping[str, Any], name: str) -> Any:
    """A fact the check cannot do without (the message StepContext.fact gives)."""
    if name not in facts:
        raise RootkeeperError(f"This check needs {name!r}, which this ceremony does not have.",
                              hint="Abort the ceremony and start it again.")
    return facts[name]


def passed(message: str, *, evidence: Mapping[str, Any], facts: Mapping[str, Any] | None = None) -> StepOutcome:
    return StepOutcome.success(message, evidence=evidence, facts=facts, evidence_kind=Evidence.VERIFIED)
