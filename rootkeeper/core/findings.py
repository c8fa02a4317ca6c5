"""Findings: each control of core/controls.py judged against a RootPosture.

Pure: a RootPosture and a clock in, findings out. A fact that could not be read makes its
control UNKNOWN with the reason as evidence; it never passes and never crashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from rootkeeper.core.controls import (
    CONTACT_CONTROLS,
    CENTRALIZED_ROOT_ACCESS,
    CONTROLS,
    CUSTODIAN_COUNT,
    CUSTODIAN_REVIEW,
    ROOT_ACCESS_KEYS,
    ROOT_ALERTING,
    ROOT_EMAIL_DOMAIN,
    ROOT_HARDWARE_MFA,
    ROOT_MFA_ATTRIBUTED,
    ROOT_MFA,
    ROOT_PASSWORD,
    ROOT_RECENT_USE,
    ROOT_SIGNING_CERTIFICATES,
    Control,
    Status,
)
from rootkeeper.core import custodian_findings as custodians
from rootkeeper.core.alerting_findings import root_alerting
from rootkeeper.core.custodians import Roster
from rootkeeper.core.recent_use import judge_recent_use
from rootkeeper.core.posture import (
    AlternateContact,
    ContactType,
    MfaListing,
    RootAccessKey,
    RootCredentialRow,
    RootPosture,
    Unknown,
)

__all__ = ["CONTROLS", "Control", "Finding", "Status", "evaluate", "summarize", "RECENT_USE_WINDOW"]

RECENT_USE_WINDOW = timedelta(days=90)


@dataclass(frozen=True)
class Finding:
    control: Control
    status: Status
    evidence: str  # one line

    def __post_init__(self) -> None:
        object.__setattr__(self, "evidence", " ".join(self.evidence.split()))


NO_ROSTER = Unknown("The custodian roster was not read (it lives in this app's journal).")


def evaluate(posture: RootPosture, now: datetime, roster: Roster | Unknown = NO_ROSTER) -> list[Finding]:
    """One finding per control, in CONTROLS order. The roster comes from the journal, not AWS."""
    judges: dict[str, Callable[[RootPosture, datetime], tuple[Status, str]]] = {
        ROOT_MFA.id: _root_mfa,
        ROOT_HARDWARE_MFA.id: _hardware_mfa,
        ROOT_ACCESS_KEYS.id: _access_keys,
        ROOT_SIGNING_CERTIFICATES.id: _signing_certificates,
        ROOT_RECENT_USE.id: _recent_use,
        ROOT_PASSWORD.id: _password,
        ROOT_ALERTING.id: root_alerting,
        CENTRALIZED_ROOT_ACCESS.id: _centralized,
        CUSTODIAN_COUNT.id: lambda p, n: custodians.custodian_count(roster),
        ROOT_MFA_ATTRIBUTED.id: lambda p, n: custodians.mfa_attributed(p, roster),
        CUSTODIAN_REVIEW.id: lambda p, n: custodians.custodian_review(roster, n),
        ROOT_EMAIL_DOMAIN.id: lambda p, n: custodians.email_domain(p),
    }
    for control, contact_type in CONTACT_CONTROLS.items():
        judges[control.id] = lambda p, n, t=contact_type: _contact(p, t)
    findings = []
    for control in CONTROLS:
        status, evidence = judges[control.id](posture, now)
        findings.append(Finding(control, status, evidence))
    return findings


def summarize(findings: list[Finding]) -> dict[str, int]:
    counts = {status.value: 0 for status in Status}
    for finding in findings:
        counts[finding.status.value] += 1
    return counts


def _unknown(value: Unknown) -> tuple[Status, str]:
    return Status.UNKNOWN, value.reason


def _day(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "never"


def _root_mfa(p: RootPosture, now: datetime) -> tuple[Status, str]:
    if isinstance(p.mfa_enabled, Unknown):
        return _unknown(p.mfa_enabled)
    if p.mfa_enabled:
        return Status.PASS, f"MFA is enabled on the root user ({_devices_seen(p)})."
    if p.password_present is False and _no_keys(p):
        return Status.PASS, "The root user has no password and no access keys, so there is nothing for MFA to guard."
    return Status.FAIL, "MFA is not enabled on the root user: anyone with the root password can sign in."


def _devices_seen(p: RootPosture) -> str:
    """What the device list says, and what it cannot say."""
    devices = p.mfa_devices
    if isinstance(devices, Unknown):
        return f"its devices could not be listed: {devices.reason}"
    if not devices:
        return "no device could be listed"
    if p.mfa_listing is MfaListing.ALL_DEVICES:
        return f"{len(devices)} device{'s' if len(devices) != 1 else ''}: {_device_list(devices)}"
    if all(d.inferred for d in devices):
        return ("no virtual device is assigned to root, so it is a hardware device or passkey, "
                "which this identity cannot list")
    return (f"virtual devices seen: {_device_list(devices)}; hardware devices and passkeys are invisible "
            "to this identity")


def _device_list(devices) -> str:
    return ", ".join(f"{d.kind.value} {d.serial}" for d in devices)


_HARDWARE_BLIND = ("hardware devices and passkeys cannot be seen from this identity: only a root session "
                   "(or an AssumeRoot IAMAuditRootUserCredentials session) lists every root MFA device")


def _hardware_mfa(p: RootPosture, now: datetime) -> tuple[Status, str]:
    devices = p.mfa_devices
    if p.mfa_enabled is False:
        if p.password_present is False and _no_keys(p):
            return Status.PASS, "The root user has no credentials, so no MFA device is needed."
        return Status.FAIL, "The root user has no MFA device at all, hardware or virtual."
    if isinstance(devices, Unknown):
        return _unknown(devices)
    hardware = [d for d in devices if d.kind.is_hardware]
    if hardware and all(d.inferred for d in hardware):
        return Status.PASS, ("The root user's MFA is a hardware device or passkey: MFA is enabled and no virtual "
                             "device is assigned to root (inferred, as Security Hub IAM.6 does; its serial cannot "
                             "be read from this identity).")
    if hardware:
        listed = _device_list(hardware)
        return Status.PASS, f"The root user has a hardware MFA device or passkey ({listed})."
    if devices and p.mfa_listing is MfaListing.ALL_DEVICES:
        return Status.FAIL, (f"The root user's MFA is virtual only, as a root session lists every device "
                             f"({_device_list(devices)}); add a hardware key or passkey.")
    if devices:
        return Status.UNKNOWN, (f"The root user has virtual MFA ({_device_list(devices)}); whether it also has "
                                f"a hardware device or passkey is unknown: {_HARDWARE_BLIND}.")
    if isinstance(p.mfa_enabled, Unknown):
        return _unknown(p.mfa_enabled)
    return Status.UNKNOWN, "MFA is enabled but no device could be listed, so its kind is unknown."


def _no_keys(p: RootPosture) -> bool:
    return not isinstance(p.access_keys_present, Unknown) and p.access_keys_present == 0


def _row(p: RootPosture) -> RootCredentialRow | None:
    return p.credential_row if isinstance(p.credential_row, RootCredentialRow) else None


def _describe_key(key: RootAccessKey, now: datetime, row: RootCredentialRow | None = None) -> str:
    name = key.key_id or f"slot {key.slot}"
    unreadable = row.unreadable if row else {}
    state = "active" if key.active else "inactive"
    if f"access_key_{key.slot}_active" in unreadable:
        state = "of unknown state"
    age = f", {(now - key.created).days} days old" if key.created else ""
    if key.last_used is None and f"access_key_{key.slot}_last_used_date" in unreadable:
        used = ", last use unknown"
    else:
        used = f", last used {_day(key.last_used)}"
    used += f" ({key.last_used_service})" if key.last_used_service else ""
    return f"{name} {state}{age}{used}"


def _unreadable_note(row: RootCredentialRow | None, *prefixes: str) -> str:
    problem = row.unreadable_among(*prefixes) if row else None
    return f" The credential report could not be read in full: {problem}." if problem else ""


def _access_keys(p: RootPosture, now: datetime) -> tuple[Status, str]:
    # AccountAccessKeysPresent is a 0/1 flag, not a count: the report row gives the keys themselves.
    row = _row(p)
    flag = p.access_keys_present
    if isinstance(flag, Unknown) and row is None:
        return _unknown(flag)
    keys = row.access_keys if row else ()
    note = _unreadable_note(row, "access_key_")
    if keys:
        plural = "key" if len(keys) == 1 else "keys"
        detail = "; ".join(_describe_key(k, now, row) for k in keys)
        return Status.FAIL, f"The root user has {len(keys)} access {plural}: {detail}.{note}"
    if flag == 1:
        return Status.FAIL, f"The root user has at least one access key (per the account summary).{note}"
    if flag == 0:
        return Status.PASS, f"The root user has no access keys.{note}"
    if note:  # the summary was not readable, and neither was the report's key columns
        return Status.UNKNOWN, f"Whether the root user has access keys is unknown: {flag.reason}{note}"
    return Status.PASS, "The root user has no access keys."


def _signing_certificates(p: RootPosture, now: datetime) -> tuple[Status, str]:
    flag = p.signing_certificates_present  # a 0/1 flag, like AccountAccessKeysPresent
    row = _row(p)
    if isinstance(flag, Unknown) and row is None:
        return _unknown(flag)
    active = int(row.cert_1_active) + int(row.cert_2_active) if row else 0
    note = _unreadable_note(row, "cert_")
    if active or flag == 1:
        count = f"{active} active" if active else "at least one"
        return (Status.FAIL, f"The root user has {count} signing certificate(s); delete them from its security "
                             f"credentials.{note}")
    if isinstance(flag, Unknown) and note:
        return Status.UNKNOWN, f"Whether the root user has signing certificates is unknown: {flag.reason}{note}"
    return Status.PASS, f"The root user has no signing certificates.{note}"


def _recent_use(p: RootPosture, now: datetime) -> tuple[Status, str]:
    return judge_recent_use(p, now, RECENT_USE_WINDOW)


def _password(p: RootPosture, now: datetime) -> tuple[Status, str]:
    if isinstance(p.password_present, Unknown):
        return _unknown(p.password_present)
    if not p.password_present:
        return Status.PASS, "The root user has no password: console sign-in as root is not possible."
    row = _row(p)
    last = ""
    if row and "password_last_used" in row.unreadable:
        last = f"; its last use is unknown ({row.unreadable['password_last_used']})"
    elif row:
        last = f"; last used {_day(row.password_last_used)}"
    if isinstance(p.mfa_enabled, Unknown):
        return Status.UNKNOWN, f"The root user has a password{last}, but whether MFA guards it is unknown: {p.mfa_enabled.reason}"
    if p.mfa_enabled:
        return Status.PASS, f"The root user has a password, guarded by MFA{last}."
    return Status.FAIL, f"The root user has a password and no MFA{last}."


def _contact(p: RootPosture, contact_type: ContactType) -> tuple[Status, str]:
    contact = p.contacts.get(contact_type, Unknown(f"The {contact_type.value} contact was not read."))
    if isinstance(contact, Unknown):
        return _unknown(contact)
    if contact is None:
        return Status.FAIL, f"No {contact_type.value} alternate contact is registered."
    assert isinstance(contact, AlternateContact)
    return Status.PASS, f"{contact_type.value} contact: {contact.name} <{contact.email}>."


def _centralized(p: RootPosture, now: datetime) -> tuple[Status, str]:
    org = p.organization
    if isinstance(org, Unknown):
        return _unknown(org)
    if org is None:
        return Status.NOT_APPLICABLE, "The account is not in an Organization."
    if not org.is_management:
        return Status.NOT_APPLICABLE, f"Checked from the management account ({org.management_account_id}), not this member."
    if org.root_credentials_management is None or org.root_sessions is None:
        return Status.UNKNOWN, "The Organizations root features could not be read (iam:ListOrganizationsFeatures)."
    if org.root_credentials_management and org.root_sessions:
        return Status.PASS, "Root credentials management and root sessions are both enabled."
    off = [name for name, on in (("root credentials management", org.root_credentials_management),
                                 ("root sessions", org.root_sessions)) if not on]
    return Status.FAIL, f"Centralized root access is incomplete: {' and '.join(off)} not enabled."
