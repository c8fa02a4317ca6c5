"""Re-seal after any break-glass: put the root user back under lock, then close the incident.

It joins the open incident (the latest by default, or the one the operator picks) rather
than opening one: the recovery and its re-seal read as one timeline. It reuses the steps of
``rotate-root-password`` as they are (their panels, plays and checks follow), reviews the root
MFA devices against the roster, checks that no root access key exists and that the alternate
contacts are set and current, and closes the incident with the operator's note and a witness.
"""

from __future__ import annotations

from rootkeeper.core.checks import AlternateContactsSet, NoRootAccessKeys, RootMfaDevicesAttributed
from rootkeeper.core.runbook import Requirement, Runbook, Step, StepKind
from rootkeeper.core.runbooks import root_password as password

DEVICES_REVIEWED = "review-mfa-devices"
NO_KEYS = "verify-no-root-keys"
CONTACTS_SET = "verify-contacts-set"
CONTACTS_CURRENT = "attest-contacts-current"
CLOSE_INCIDENT = "close-incident"
CLOSING_NOTE = "closing_note"

RESEAL = Runbook(
    id="reseal-after-break-glass",
    title="Re-seal after a break-glass",
    summary=("After a recovery: rotate the root password, review the root MFA devices against the roster, check "
             "that no root access key exists and that the contacts are current, then close the incident with a "
             "note and a witness. It joins the open incident, so that the recovery and its re-seal read as one "
             "timeline (`rootkeeper audit incident`)."),
    requirement=Requirement.IAM_READ,
    console_only=True,
    incident=True,
    closes_incident=True,
    steps=(
        *password.ROTATE_ROOT_PASSWORD.steps,
        Step(id=DEVICES_REVIEWED, kind=StepKind.CHECK, title="Review the root MFA devices against the roster",
             check=RootMfaDevicesAttributed()),
        Step(id=NO_KEYS, kind=StepKind.CHECK, title="Verify that no root access key exists", check=NoRootAccessKeys()),
        Step(id=CONTACTS_SET, kind=StepKind.CHECK, title="Verify the alternate contacts are set",
             check=AlternateContactsSet()),
        Step(id=CONTACTS_CURRENT, kind=StepKind.ATTEST, title="Confirm the contacts and the recovery phone are current",
             verifies=("The operator confirms that the alternate contacts of {account_id} and its primary contact "
                       "phone (the recovery phone) reach the people who should be reached today.")),
        Step(id=CLOSE_INCIDENT, kind=StepKind.ATTEST, title="Close the incident, with a note and a witness",
             inputs=(CLOSING_NOTE,), needs_witness=True,
             verifies=("The incident {incident_id} is closed in the signed journal with the operator's note; the "
                       "witness confirms the root user is re-sealed.")),
    ),
)
