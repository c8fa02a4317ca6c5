"""Checklist runbooks: steps of kind check (a library check, core/checks/), manual (console
text, and whether the API can see its effect) and attest (the operator, and a witness when
the step needs one) only. They need no code of their own: the generic handlers and panels
run them, and declaring one here puts it in the catalogue (see "Adding a runbook" in the
README)."""

from __future__ import annotations

from rootkeeper.core.checks import NoRootAccessKeys, RootMfaDevicesAttributed
from rootkeeper.core.runbook import Requirement, Runbook, Step, StepKind

CUSTODIAN_REVIEW = Runbook(
    id="custodian-review",
    title="Review the root custodians",
    summary=("Walk the roster: every MFA device on the root user is held by a current custodian, each "
             "custodian still holds theirs and still needs root access, no root access key exists; a witness "
             "signs the review, whose date the posture's review control reads."),
    requirement=Requirement.IAM_READ,
    fixes=("custodian-review",),
    steps=(
        Step(id="devices-attributed", kind=StepKind.CHECK, title="Every root MFA device has its custodian",
             check=RootMfaDevicesAttributed()),
        Step(id="no-root-keys", kind=StepKind.CHECK, title="No root access key exists", check=NoRootAccessKeys()),
        Step(id="each-still-holds", kind=StepKind.ATTEST, title="Each custodian still holds their device",
             verifies=("Each custodian on the roster confirms, by showing it, that they hold the device attributed "
                       "to them and that it gives a code.")),
        Step(id="each-still-needs", kind=StepKind.ATTEST, title="Each custodian still needs root access",
             needs_witness=True,
             verifies=("The operator and a witness confirm that each custodian on the roster still needs a root "
                       "factor of account {account_id}; anyone who no longer does is to be offboarded.")),
    ),
)

CHECKLISTS: tuple[Runbook, ...] = (CUSTODIAN_REVIEW,)
