"""The root-related controls rootkeeper checks, and where each is defined elsewhere.

CIS AWS Foundations Benchmark numbers are the ones AWS Security Hub's control reference
lists under "Related requirements" (IAM.4, IAM.6, IAM.9, Account.1) and those of the
benchmark itself for the recommendations without a Security Hub control. A number that
could not be confirmed is left out rather than guessed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rootkeeper.core.posture import ContactType


class Status(enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"  # not failing, not good enough either: it counts as a finding
    UNKNOWN = "unknown"  # could not be read: the evidence says why
    NOT_APPLICABLE = "not_applicable"

    @property
    def is_passing(self) -> bool:
        return self in (Status.PASS, Status.NOT_APPLICABLE)


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    cis_v5: tuple[str, ...]
    cis_v3: tuple[str, ...]
    security_hub: str | None
    rationale: str  # which runbook fixes a control is the runbook's to say (Runbook.fixes)


ROOT_MFA = Control(
    "root-mfa", "MFA on the root user", ("1.4",), ("1.5",), "IAM.9",
    "A root password alone is one phishing email away from the whole account.")
ROOT_HARDWARE_MFA = Control(
    "root-hardware-mfa", "Hardware MFA on the root user", ("1.5",), ("1.6",), "IAM.6",
    "A hardware key or passkey cannot be copied off a phone the way a TOTP seed can.")
ROOT_ACCESS_KEYS = Control(
    "root-access-keys", "No root access keys", ("1.3",), ("1.4",), "IAM.4",
    "A root access key cannot be limited by any policy and skips MFA: a leak is a full account takeover.")
ROOT_SIGNING_CERTIFICATES = Control(
    "root-signing-certificates", "No root signing certificates", (), (), None,
    "Root X.509 signing certificates are long-lived root credentials that nothing needs today.")
ROOT_RECENT_USE = Control(
    "root-recent-use", "Root not used in the last 90 days", ("1.6",), ("1.7",), None,
    "Daily work belongs to least-privileged identities; recent root use is either a ceremony or a problem.")
ROOT_PASSWORD = Control(
    "root-password", "Root password absent or behind MFA", (), (), None,
    "A root password without MFA is the weakest door into the account; without a password there is no door.")
SECURITY_CONTACT = Control(
    "security-contact", "Security contact registered", ("1.2",), ("1.2",), "Account.1",
    "AWS sends abuse and compromise notices to the security contact: without one they reach the wrong person.")
BILLING_CONTACT = Control(
    "billing-contact", "Billing contact registered", (), (), None,
    "A sudden bill is often the first sign of compromise; someone who will read it should receive it.")
OPERATIONS_CONTACT = Control(
    "operations-contact", "Operations contact registered", (), (), None,
    "Service notices about outages and retirements need a team that can act on them.")
# CIS v3.0.0 4.3 asks for a log metric filter and alarm on root usage; an EventBridge rule
# to SNS is the event-driven equivalent. Security Hub maps CloudWatch.1 to no v5.0.0 number.
ROOT_ALERTING = Control(
    "root-alerting", "Root activity raises an alert", (), ("4.3",), "CloudWatch.1",
    "Root use should never go unnoticed: an alert on every root sign-in and API call makes misuse visible.")
CENTRALIZED_ROOT_ACCESS = Control(
    "centralized-root-access", "Centralized root access (Organizations)", (), (), None,
    "With it, member accounts need no root credentials at all, and privileged root tasks are short, scoped sessions.")

# The custodians: judged from the roster the journal holds, beside the posture AWS shows.
CUSTODIAN_COUNT = Control(
    "custodian-count", "At least 3 root custodians", (), (), None,
    "Recovery must not rely on one person; with three, the third casts the deciding vote.")
ROOT_MFA_ATTRIBUTED = Control(
    "root-mfa-attributed", "Every root MFA device has a custodian", (), (), None,
    "A device on root that no current custodian holds is a way in that nobody answers for.")
CUSTODIAN_REVIEW = Control(
    "custodian-review", "Custodians reviewed in the last 90 days", (), (), None,
    "Who holds the root's password, MFA, mailbox and phone drifts: review it monthly or quarterly.")
ROOT_EMAIL_DOMAIN = Control(
    "root-email-domain", "Root email on the company's domain", (), (), None,
    "A personal or free-mail inbox can reset the root password and leaves with the person who owns it.")

CUSTODIAN_CONTROLS: tuple[Control, ...] = (CUSTODIAN_COUNT, ROOT_MFA_ATTRIBUTED, CUSTODIAN_REVIEW)
# What `rootkeeper custodians` and the Custodians screen judge: the roster's controls and the root email.
ROSTER_CONTROLS: tuple[Control, ...] = (*CUSTODIAN_CONTROLS, ROOT_EMAIL_DOMAIN)

CONTROLS: tuple[Control, ...] = (
    ROOT_MFA, ROOT_HARDWARE_MFA, ROOT_ACCESS_KEYS, ROOT_SIGNING_CERTIFICATES, ROOT_RECENT_USE, ROOT_PASSWORD,
    SECURITY_CONTACT, BILLING_CONTACT, OPERATIONS_CONTACT, ROOT_ALERTING, CENTRALIZED_ROOT_ACCESS,
    *CUSTODIAN_CONTROLS, ROOT_EMAIL_DOMAIN,
)

CONTACT_CONTROLS: dict[Control, ContactType] = {
    SECURITY_CONTACT: ContactType.SECURITY,
    BILLING_CONTACT: ContactType.BILLING,
    OPERATIONS_CONTACT: ContactType.OPERATIONS,
}


def control_by_id(control_id: str) -> Control:
    for control in CONTROLS:
        if control.id == control_id:
            return control
    raise KeyError(control_id)
