"""Binding step behaviour to a runbook: checking every step has a handler, calling one
(a RootkeeperError becomes a failed outcome), the defaults for manual and attest steps, and
the rules a step's run must meet (confirmation, inputs, witness, a rehearsal console play)."""

from __future__ import annotations

from typing import Any, Mapping

from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.runbook import Confirmation, Runbook, Step, StepKind
from rootkeeper.core.step_contract import ConsolePlay, StepContext, StepHandler, StepOutcome, console_step_message
from rootkeeper.core.validators import typed_account_id_matches, typed_name_matches


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


def refusal(step: Step, account_id: str, inputs: Mapping[str, str], secret_inputs: Mapping[str, str], *,
            confirmed: bool, typed_account_id: str | None, witness: str | None,
            typed_name: str | None = None, facts: Mapping[str, Any] | None = None) -> str | None:
    """Why ``step`` may not run with what the operator gave (a missing confirmation, the wrong
    account id typed, a missing input or witness), or None when it may."""
    if step.confirmation is Confirmation.YES_NO and not confirmed:
        return f"Not confirmed: '{step.title}' was not run."
    if step.confirmation is Confirmation.TYPE_ACCOUNT_ID:
        if not account_id or not typed_account_id_matches(typed_account_id or "", account_id):
            return (f"The account id typed does not match this account ({account_id}): "
                    f"'{step.title}' was not run.")
    expected_name = str((facts or {}).get(step.typed_fact or "") or "")
    if step.confirmation is Confirmation.TYPE_NAME and not typed_name_matches(typed_name or "", expected_name):
        return f"The name typed does not match {expected_name or 'the resource'}: '{step.title}' was not run."
    missing = [name for name in (*step.inputs, *step.secret_inputs)
               if not (inputs.get(name) or secret_inputs.get(name))]
    if missing:
        return f"'{step.title}' needs {', '.join(missing)}."
    if step.needs_witness and witness is None:
        return f"'{step.title}' needs a witness: enter the witness's name."
    return None


def with_play(step: Step, outcome: StepOutcome, played: ConsolePlay) -> StepOutcome:
    """A manual step the rehearsal console did: "rehearsed" when the console's state changed,
    a failure that says so when it did not (the console did nothing, so nothing is claimed)."""
    evidence = {**outcome.evidence, "rehearsal_console": played.to_json()}
    if not outcome.ok:
        return StepOutcome(False, outcome.message, evidence, {}, outcome.evidence_kind)
    if not played.did_change:
        return StepOutcome.failure(
            f"The rehearsal console changed nothing for '{step.title}' ({played.note}): the step is not done. "
            "Do it again, or in the console by hand, then report it.", evidence=evidence, evidence_kind=Evidence.NONE)
    return StepOutcome(True, outcome.message, evidence, outcome.facts, outcome.evidence_kind or Evidence.REHEARSED)
