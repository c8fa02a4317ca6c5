"""Checks of what a break-glass recovery leans on: the recovery phone AWS calls, the root
mailbox AWS writes to (who holds it, from the roster), the lost MFA device gone from the
root, and the console's trace in CloudTrail's event history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rootkeeper.core.account_reading import AccountReader
from rootkeeper.core.checks.base import Check, fact, passed
from rootkeeper.core.errors import AccessDeniedError
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.step_contract import StepOutcome


@dataclass(frozen=True)
class PrimaryPhonePresent(Check):
    """GetContactInformation shows a primary contact phone: the number AWS calls when the root
    user signs in with alternative factors. The phone becomes the fact ``recovery_phone``."""

    def verifies(self) -> str:
        return ("GetContactInformation shows a primary contact phone for account {account_id}: the number AWS "
                "calls to let the root user sign in without its MFA device.")

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        contact = reader.primary_contact()
        phone = (contact.phone or "").strip() if contact is not None else ""
        if not phone:
            return StepOutcome.failure(
                "The account has no primary contact phone (GetContactInformation): AWS cannot call anyone to "
                "recover root. Set the primary contact in the console (Account > Contact information) or with "
                "PutContactInformation, to a phone a custodian answers, then check again.",
                evidence={"primary_contact": contact is not None, "phone_present": False})
        return passed(f"The account's primary contact phone is {phone}: AWS will call that number.",
                      evidence={"primary_contact": True, "phone_present": True, "phone": phone},
                      facts={"recovery_phone": phone})


@dataclass(frozen=True)
class RootMailboxHeld(Check):
    """The roster names at least one current custodian on the root mailbox's list: whoever
    reads the mail AWS sends to the root address. They become ``mailbox_holders``."""

    def verifies(self) -> str:
        return ("The roster names at least one current custodian who receives the root mailbox's mail (the email "
                "address of the root user of account {account_id}).")

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        roster = reader.roster()
        holders = [custodian.name for custodian in roster.current if custodian.mailbox_member]
        evidence = {"mailbox_holders": holders, "custodians": [custodian.name for custodian in roster.current]}
        if not holders:
            return StepOutcome.failure(
                "No one on the roster holds the root mailbox, so no one here is known to be able to read the "
                "email AWS sends to the root address. Find who receives that address's mail (its distribution "
                "list), have them at hand for the recovery, and record it on the roster (onboard them: "
                "'custodian-onboard' records the mailbox). If they are at hand now, waive this item with their "
                "name as the reason.", evidence=evidence)
        text = ", ".join(holders)
        return passed(f"The root mailbox is held by {text} (roster).", evidence=evidence,
                      facts={"mailbox_holders": holders, "mailbox_holders_text": text})


@dataclass(frozen=True)
class RootMfaDeviceGone(Check):
    """The device in ``serial_fact`` is no longer on the root user. ListVirtualMFADevices shows
    an IAM identity the virtual devices only: a hardware key or a passkey cannot be seen, and
    then nothing is claimed (the step fails, saying so: the console is the only witness)."""

    serial_fact: str = "lost_serial"

    def verifies(self) -> str:
        return f"ListVirtualMFADevices no longer shows the device {{{self.serial_fact}}} on the root user."

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        serial = str(fact(facts, self.serial_fact))
        reading = reader.root_mfa()
        on_root = [device.serial for device in reading.virtual_devices]
        evidence: dict[str, Any] = {"serial": serial, "root_virtual_devices": on_root,
                                    "account_mfa_enabled": int(reading.mfa_enabled)}
        if serial in on_root:
            return StepOutcome.failure(f"The root user still has {serial}: remove it in the console (Security "
                                       "credentials > MFA > Remove), then check again.", evidence=evidence)
        if not serial.startswith("arn:aws:iam::") or ":mfa/" not in serial:
            return StepOutcome.failure(
                f"{serial} is a hardware key or a passkey, which the API shows no IAM identity: whether it is gone "
                "cannot be verified here. Check the console's list; leave this item undone with that as the "
                "reason.", evidence={**evidence, "visible_to_api": False}, evidence_kind=Evidence.NONE)
        return passed(f"ListVirtualMFADevices no longer shows {serial} on the root user"
                      + ("" if reading.mfa_enabled else "; the root user has no MFA at all now (AccountMFAEnabled = 0)")
                      + ".", evidence=evidence)


@dataclass(frozen=True)
class RootConsoleEventSince(Check):
    """CloudTrail's event history (LookupEvents, us-east-1, where console sign-in events land)
    shows the root user's console event ``event_name`` at or after the moment in ``moment_fact``.
    History that cannot be read proves nothing: the step fails, saying so, claiming nothing."""

    event_name: str
    moment_fact: str = "since"
    moment: str = "this ceremony began"

    def verifies(self) -> str:
        return f"CloudTrail's event history shows {self.event_name} for the root user after {self.moment}."

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        value = fact(facts, self.moment_fact)
        since = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        try:
            times = reader.root_console_events(self.event_name, since)
        except AccessDeniedError as error:
            return StepOutcome.failure(
                f"Cannot be verified: this identity cannot read CloudTrail's event history ({error.message}). "
                "Nothing is claimed: check again with an identity allowed cloudtrail:LookupEvents, or leave this "
                "item undone with that as the reason.", evidence={"checked": False, "readable": False},
                evidence_kind=Evidence.NONE)
        evidence = {"event_name": self.event_name, "since": since.isoformat(), "found": len(times),
                    "event_times": [moment.isoformat() for moment in times[:5]]}
        if not times:
            return StepOutcome.failure(
                f"CloudTrail's event history shows no {self.event_name} for the root user since {self.moment}. "
                "AWS delivers events within about 15 minutes: check again then.", evidence=evidence)
        return passed(f"CloudTrail's event history shows {self.event_name} for the root user at "
                      f"{times[0]:%Y-%m-%d %H:%M:%S} UTC.", evidence=evidence)
