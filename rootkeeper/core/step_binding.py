"""Binding step behaviour to a runbook: checking every step has a handler, calling one
(a RootkeeperError becomes a failed outcome), and the defaults for manual and attest steps."""

from __future__ import annotations

from typing import Any, Mapping

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbook import Runbook, Step, StepKind
from rootkeeper.core.step_contract import StepContext, StepHandler, StepOutcome, console_step_message


def call_handler(handler: StepHandler, context: StepContext) -> StepOutcome:
    try:
        outcome = handler(context)
    except RootkeeperError as error:
        evidence: dict[str, Any] = {"error": type(error).__name__}
        if error.code:
            evidence["aws_error_code"] = error.code
        return StepOutcome.failure(str(error), evidence=evidence)
    if not isinstance(outcome, StepOutcome):
        raise TypeError(f"handler for {context.step.id!r} returned {type(outcome).__name__}, not a StepOutcome")
    return outcome


def default_handler(step: Step) -> StepHandler:
    """Manual and attest steps need nothing from AWS: the operator's word is the outcome."""
    def manual(context: StepContext) -> StepOutcome:
        return StepOutcome.success(console_step_message(context),
                                   evidence={"instructions_shown": len(step.instructions)})

    def attest(context: StepContext) -> StepOutcome:
        return StepOutcome.success("Attested.", evidence={"statement": step.render_verifies(context.facts)})

    return attest if step.kind is StepKind.ATTEST else manual


def check_bindings(runbook: Runbook, handlers: Mapping[str, StepHandler],
                    undo_handlers: Mapping[str, StepHandler]) -> None:
    """Fail when the ceremony is built, not halfway through it."""
    unbound = [step.id for step in runbook.steps
               if step.kind in (StepKind.ACTION, StepKind.CHECK) and step.id not in handlers]
    unbound += [step.undo for step in runbook.steps if step.undo and step.undo not in undo_handlers]
    if unbound:
        raise LookupError(f"runbook {runbook.id!r}: no handler bound for {unbound}")


def check_input_names(step: Step, inputs: Mapping[str, str], secret_inputs: Mapping[str, str]) -> None:
    unknown = (set(inputs) - set(step.inputs)) | (set(secret_inputs) - set(step.secret_inputs))
    if unknown:
        raise ValueError(f"step {step.id!r} takes no input named {sorted(unknown)}")
