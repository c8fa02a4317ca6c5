"""Two things a panel may hand the ceremony screen besides a plain StepInput:

- ``ConfirmingInput``: a step input with a warning for the step's confirmation modal
  (the contact diff, the stronger warning of a direct deletion), shown above what the
  step proves.
- ``StepChoice``: the operator takes another path instead of running the step (direct
  deletion instead of deactivating, removing a contact instead of writing it). The choice
  journals a skip, so it runs in the screen's worker like any other call.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


from rootkeeper.ui.step_panels.base import StepInput
from rootkeeper.ui.step_panels.step_choice import StepChoice  # noqa: F401 - where the panels look for it


@dataclass(repr=False)
class ConfirmingInput(StepInput):
    warning: str | None = None

    @classmethod
    def wrap(cls, step_input: StepInput, warning: str | None) -> StepInput:
        """``step_input`` with ``warning`` for its confirmation; unchanged when there is none."""
        if not warning:
            return step_input
        values = {f.name: getattr(step_input, f.name) for f in fields(StepInput)}
        return cls(**values, warning=warning)


def confirmation_warning(step_input: StepInput) -> str | None:
    return step_input.warning if isinstance(step_input, ConfirmingInput) else None
