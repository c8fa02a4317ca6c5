"""Checks of the root custodians: the roster (read from the journal) against the root's MFA
devices (read from AWS). Only what the reader can see is claimed: ListVirtualMFADevices shows
an IAM identity the virtual devices alone, and the evidence says so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rootkeeper.core.account_reading import AccountReader
from rootkeeper.core.checks.base import Check, fact, passed
from rootkeeper.core.step_contract import StepOutcome


def _serials(reader: AccountReader) -> list[str]:
    return [device.serial for device in reader.root_mfa().virtual_devices]


@dataclass(frozen=True)
class RootMfaDevicesAttributed(Check):
    """Every virtual MFA device on the root user is held by a current custodian on the roster."""

    def verifies(self) -> str:
        return ("Every virtual MFA device ListVirtualMFADevices shows on the root user of account {account_id} "
                "is held by a current custodian on the roster.")

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        roster = reader.roster()
        serials = _serials(reader)
        held = {serial: roster.holder_of(serial) for serial in serials}
        unattributed = [serial for serial, holder in held.items() if holder is None]
        evidence = {"root_virtual_devices": serials, "custodians": [c.name for c in roster.current],
                    "unattributed": unattributed,
                    "held_by": {serial: holder.name for serial, holder in held.items() if holder is not None}}
        if unattributed:
            return StepOutcome.failure(f"{', '.join(unattributed)} on the root user is held by no custodian on the "
                                       "roster: attribute it (onboard its holder) or remove it in the console, then "
                                       "check again.", evidence=evidence)
        return passed(f"Each of the {len(serials)} virtual MFA device(s) on the root user is held by a current "
                      "custodian (hardware keys and passkeys are not visible to this identity).", evidence=evidence)


@dataclass(frozen=True)
class CustodianDevicesGone(Check):
    """None of the virtual MFA devices the roster attributes to ``custodian_fact`` is on the root user."""

    custodian_fact: str = "custodian"

    def verifies(self) -> str:
        return (f"ListVirtualMFADevices shows none of the MFA devices of {{{self.custodian_fact}}} on the root "
                "user.")

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        name = fact(facts, self.custodian_fact)
        custodian = reader.roster().by_name(name)
        theirs = list(custodian.mfa_serials) if custodian is not None else []
        remaining = [serial for serial in _serials(reader) if serial in theirs]
        evidence = {"custodian": name, "their_devices": theirs, "still_on_root": remaining}
        if remaining:
            return StepOutcome.failure(f"{', '.join(remaining)} of {name} is still on the root user: remove it in "
                                       "the console, then check again.", evidence=evidence)
        return passed(f"None of the MFA devices of {name} is on the root user any more.", evidence=evidence)


@dataclass(frozen=True)
class NoAlternateContactNames(Check):
    """No alternate contact (SECURITY, BILLING, OPERATIONS) of the account names ``custodian_fact``
    (by name, or by the email the roster holds for them)."""

    custodian_fact: str = "custodian"

    def verifies(self) -> str:
        return f"GetAlternateContact shows no SECURITY, BILLING or OPERATIONS contact naming {{{self.custodian_fact}}}."

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        from rootkeeper.core.posture import ContactType

        name = fact(facts, self.custodian_fact)
        custodian = reader.roster().by_name(name)
        email = (custodian.email if custodian is not None else None) or facts.get("their_email")
        naming = []
        for contact_type in ContactType:
            contact = reader.alternate_contact(contact_type)
            if contact is not None and (contact.name.strip().lower() == name.strip().lower()
                                        or (email and contact.email.lower() == str(email).lower())):
                naming.append(contact_type.value)
        evidence = {"custodian": name, "contacts_naming": naming}
        if naming:
            return StepOutcome.failure(f"The {', '.join(naming)} contact still names {name}: replace it, then check "
                                       "again.", evidence=evidence)
        return passed(f"No alternate contact names {name}.", evidence=evidence)
