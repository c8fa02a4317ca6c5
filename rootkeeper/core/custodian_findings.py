"""The custodian controls judged: the roster (from the journal) beside the posture (from AWS).

Pure, like core/findings.py, which calls these. A roster that could not be read makes the
roster's controls UNKNOWN with the reason; the root email is a posture fact.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rootkeeper.core.controls import Status
from rootkeeper.core.custodians import Roster
from rootkeeper.core.posture import MfaListing, RootPosture, Unknown

REVIEW_WINDOW = timedelta(days=90)
# Personal and free-mail domains: a root address there belongs to a person, not the company.
FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
    "ymail.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "aol.com",
    "gmx.com", "gmx.net", "mail.com", "zoho.com", "yandex.com", "fastmail.com", "tutanota.com", "hey.com",
})
_BLIND = ("hardware devices and passkeys cannot be seen from this identity: only a root session (or an AssumeRoot "
          "IAMAuditRootUserCredentials session) lists every root MFA device")

Judgement = tuple[Status, str]
MaybeRoster = Roster | Unknown


def _names(custodians) -> str:
    return ", ".join(c.name + (" (leaving)" if c.leaving else "") for c in custodians) or "none"


def custodian_count(roster: MaybeRoster) -> Judgement:
    if isinstance(roster, Unknown):
        return Status.UNKNOWN, roster.reason
    staying = [c for c in roster.current if not c.leaving]
    leaving = len(roster.current) - len(staying)
    note = f"; {leaving} leaving, not counted" if leaving else ""
    listed = f"({_names(roster.current)}{note})"
    if not roster.current:
        return Status.FAIL, "No custodian is on the roster: add the people who hold the root's factors (three is good)."
    if len(staying) < 2:
        return Status.FAIL, f"Fewer than 2 root custodians staying {listed}: add custodians to the roster."
    if len(staying) == 2:
        return Status.WARN, f"Only 2 root custodians staying {listed}: a third can cast the deciding vote."
    return Status.PASS, f"{len(staying)} root custodians staying {listed}."


def mfa_attributed(posture: RootPosture, roster: MaybeRoster) -> Judgement:
    devices = posture.mfa_devices
    if isinstance(devices, Unknown):
        return Status.UNKNOWN, f"The root user's MFA devices could not be listed: {devices.reason}"
    if isinstance(roster, Unknown):
        return Status.UNKNOWN, roster.reason
    seen = [d for d in devices if not d.inferred]
    held = {d.serial: roster.holder_of(d.serial) for d in seen}
    unattributed = [serial for serial, holder in held.items() if holder is None]
    attributed = "; ".join(f"{serial} held by {holder.name}" + (" (leaving)" if holder.leaving else "")
                           for serial, holder in held.items() if holder is not None)
    if unattributed:
        also = f" ({attributed})" if attributed else ""
        return Status.FAIL, (f"MFA device{'s' if len(unattributed) > 1 else ''} on root held by no current "
                             f"custodian: {', '.join(unattributed)}{also}.")
    if not seen and posture.mfa_enabled is False:  # AccountMFAEnabled covers every kind of device
        return Status.PASS, "The root user has no MFA device, so there is none to attribute."
    if posture.mfa_listing is MfaListing.ALL_DEVICES:
        if not seen:
            return Status.PASS, "The root user has no MFA device, so there is none to attribute."
        return Status.PASS, f"Every MFA device on root has a custodian: {attributed}."
    if seen:
        return Status.UNKNOWN, f"The virtual devices on root have custodians ({attributed}); {_BLIND}."
    return Status.UNKNOWN, f"No virtual MFA device is on root; {_BLIND}."


def custodian_review(roster: MaybeRoster, now: datetime) -> Judgement:
    if isinstance(roster, Unknown):
        return Status.UNKNOWN, roster.reason
    if roster.last_review is None:
        return Status.FAIL, "The custodians have never been reviewed."
    age = (now - roster.last_review).days
    when = f"{roster.last_review:%Y-%m-%d}" + (f" by {roster.last_review_by}" if roster.last_review_by else "")
    if now - roster.last_review > REVIEW_WINDOW:
        return Status.FAIL, f"The last custodian review was {age} days ago ({when}): review them again."
    return Status.PASS, f"The custodians were reviewed {age} days ago ({when})."


def email_domain(posture: RootPosture) -> Judgement:
    email = posture.root_email
    if isinstance(email, Unknown):
        return Status.UNKNOWN, email.reason
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return Status.UNKNOWN, f"The root email address {email!r} has no domain."
    if domain in FREE_MAIL_DOMAINS:
        return Status.FAIL, (f"The root email {email} is on {domain}, a personal or free-mail domain: move it to "
                             "a distribution list on the company's own domain.")
    return Status.PASS, f"The root email {email} is on {domain}, not a free-mail domain."
