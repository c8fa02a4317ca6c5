"""The behaviour of the custodian runbooks: what onboarding and offboarding add to the steps
they reuse from ``root-mfa`` and ``rotate-root-password`` (whose handlers they inherit).
Roster changes are entries of the signed journal (journal/roster.py); the library checks read
the roster beside AWS through ``RosterAwareReader``."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import replace
from datetime import datetime
from typing import Any, Callable

from rootkeeper.aws import contact_admin
from rootkeeper.aws.account_reader import AwsAccountReader
from rootkeeper.aws.contact_information import put_contact_information, read_contact_information
from rootkeeper.aws.root_key_admin import RenewableRootSession
from rootkeeper.aws.virtual_mfa import remove_root_mfa_device, root_mfa_serials
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.behaviour import handles, undoes
from rootkeeper.ceremonies.mfa import RootMfa
from rootkeeper.ceremonies.root_password import RotateRootPassword
from rootkeeper.core.account_reading import AccountReader, Unreadable
from rootkeeper.core.custodians import Roster
from rootkeeper.core.contact_information import validate_primary_contact_field
from rootkeeper.core.environment import Environment
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.posture import AlternateContact, ContactType
from rootkeeper.core.runbooks import custodians as rb
from rootkeeper.core.step_contract import StepContext, StepOutcome
from rootkeeper.core.validators import validate_contact
from rootkeeper.journal.roster import append_roster, read_roster

Clock = Callable[[], datetime]


class RosterAwareReader:
    """An AccountReader that also reads the roster from the signed journal."""

    def __init__(self, base: AccountReader, roster: Callable[[], Roster]) -> None:
        self._base, self._roster = base, roster

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)

    def roster(self) -> Roster:
        return self._roster()


def account_reader(session: AwsSession, journal: Any) -> AccountReader:
    """What the library checks read through in a ceremony: AWS by ``session``, and the roster
    from ``journal`` (a check of the roster fails, claiming nothing, without one)."""
    def roster() -> Roster:
        if journal is None:
            raise Unreadable("The roster lives in the signed journal, which this ceremony has not opened.")
        return read_roster(journal)
    return RosterAwareReader(AwsAccountReader(session), roster)


class RosterKeeping:
    """What both custodian behaviours share: the journal that holds the roster."""

    journal: Any
    session: AwsSession

    def current_roster(self) -> Roster:
        if self.journal is None:
            raise RootkeeperError("The roster lives in the signed journal, which this ceremony has not opened.")
        return read_roster(self.journal)

    def change_roster(self, ctx: StepContext, body: dict[str, Any]) -> None:
        append_roster(self.journal, {**body, "ceremony_id": ctx.ceremony_id})

    def reader(self, ctx: StepContext) -> AccountReader:
        return account_reader(self.session, self.journal)


class RootMfaWithRoster(RosterKeeping, RootMfa):
    """Root MFA's steps with the roster at hand: onboarding, and the recovery of a lost device."""

    def __init__(self, session: AwsSession, *, console: Any, journal: Any) -> None:
        super().__init__(session, console=console)
        self.journal = journal

    @classmethod
    def build(cls, environment: Environment, session: AwsSession, clock: Clock,
              journal: Any = None) -> RootMfaWithRoster:
        return cls(session, console=environment.console if environment.rehearsal else None, journal=journal)


class OnboardCustodian(RootMfaWithRoster):
    runbook = rb.CUSTODIAN_ONBOARD

    @handles(rb.ADD_TO_ROSTER)
    def add(self, ctx: StepContext) -> StepOutcome:
        name, email = ctx.fact("custodian"), ctx.inputs.get("email") or None
        if self.current_roster().by_name(name) is not None:
            return StepOutcome.failure(f"{name} is already on the roster.", evidence={"custodian": name})
        self.change_roster(ctx, {"action": "add", "custodian": name, "since": ctx.now.isoformat(), "email": email})
        return StepOutcome.success(f"{name} is on the roster of root custodians.",
                                   evidence={"custodian": name, "email": email})

    @undoes(rb.REMOVE_ADDED)
    def remove_added(self, ctx: StepContext) -> StepOutcome:
        name = ctx.fact("custodian")
        if self.current_roster().by_name(name) is None:
            return StepOutcome.success(f"{name} was not on the roster.", evidence={"custodian": name})
        self.change_roster(ctx, {"action": "remove", "custodian": name, "note": "onboarding aborted"})
        return StepOutcome.success(f"{name} is off the roster again.", evidence={"custodian": name})

    @handles(rb.ATTRIBUTE_DEVICE)
    def attribute(self, ctx: StepContext) -> StepOutcome:
        name, serial = ctx.fact("custodian"), ctx.facts.get("serial")
        if not serial:
            return StepOutcome.failure("The check found no virtual device by the name given, so there is no serial "
                                       "to attribute: a hardware key is attributed by its serial in a review.")
        self.change_roster(ctx, {"action": "attribute-device", "custodian": name, "serial": serial,
                                 "device_kind": "virtual"})
        return StepOutcome.success(f"The roster attributes {serial} to {name}.",
                                   evidence={"custodian": name, "serial": serial})

    @undoes(rb.RELEASE_DEVICE)
    def release(self, ctx: StepContext) -> StepOutcome:
        name, serial = ctx.fact("custodian"), ctx.fact("serial")
        self.change_roster(ctx, {"action": "release-device", "custodian": name, "serial": serial})
        return StepOutcome.success(f"The roster no longer attributes {serial} to {name}.",
                                   evidence={"custodian": name, "serial": serial})

    @handles(rb.ENROLL_WITNESS)
    def enroll_witness(self, ctx: StepContext) -> StepOutcome:
        name, text = ctx.fact("custodian"), "".join(ctx.inputs["witness_public_key"].split())
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            return StepOutcome.failure("That is not an Ed25519 public key: paste the base64 text "
                                       "`rootkeeper witness enroll` printed (44 characters).",
                                       evidence={"custodian": name})
        fingerprint = hashlib.sha256(raw).hexdigest()
        self.change_roster(ctx, {"action": "enroll-witness", "custodian": name, "public_key": text,
                                 "fingerprint": fingerprint})
        return StepOutcome.success(f"{name}'s witness key {fingerprint[:16]}… is enrolled on the roster.",
                                   evidence={"custodian": name, "fingerprint": fingerprint})

    @handles(rb.RECORD_FACTORS)
    def record_factors(self, ctx: StepContext) -> StepOutcome:
        name = ctx.fact("custodian")
        self.change_roster(ctx, {"action": "set-factors", "custodian": name, "mailbox_member": True,
                                 "password_access": True})
        return StepOutcome.success(f"The roster records {name} on the root mailbox's list and with vault access.",
                                   evidence={"custodian": name})


class OffboardCustodian(RosterKeeping, RotateRootPassword):
    runbook = rb.CUSTODIAN_OFFBOARD

    def __init__(self, session: AwsSession, *, journal: Any) -> None:
        super().__init__(session)
        self.journal = journal

    @classmethod
    def build(cls, environment: Environment, session: AwsSession, clock: Clock,
              journal: Any = None) -> OffboardCustodian:
        return cls(session, journal=journal)

    @handles(rb.CHOOSE_LEAVER)
    def choose(self, ctx: StepContext) -> StepOutcome:
        name = ctx.fact("leaver")
        custodian = self.current_roster().by_name(name)
        if custodian is None:
            return StepOutcome.failure(f"{name} is not a current custodian on the roster: check the name.",
                                       evidence={"custodian": name})
        account = ctx.fact("account_id")
        member = [serial for serial in custodian.mfa_serials if _account_of(serial) not in (None, account)]
        devices = [serial for serial in custodian.mfa_serials if serial not in member]
        phone = custodian.recovery_phone
        naming = self.contacts_naming(name, custodian.email)
        facts = {"their_devices": devices, "their_devices_text": ", ".join(devices) or "none",
                 "member_devices": member, "member_devices_text": ", ".join(member) or "none",
                 "their_email": custodian.email, "their_phone": phone,
                 "phone_is_theirs": self.primary_phone_is(phone),
                 "contacts_naming": naming, "contacts_naming_text": ", ".join(naming) or "none"}
        return StepOutcome.success(
            f"{name} holds {len(devices)} root MFA device(s) here ({facts['their_devices_text']})"
            + (f" and {len(member)} on member accounts ({facts['member_devices_text']})" if member else "")
            + (f" and the recovery phone {phone}" if phone else "") + ".",
            evidence={"custodian": name, **facts}, facts=facts)

    @handles(rb.REMOVE_MEMBER_DEVICES)
    def remove_member_devices(self, ctx: StepContext) -> StepOutcome:
        """Centralized root access: no root credentials exist for a member, so each device goes by
        API, in a root session scoped to IAMDeleteRootUserCredentials; the claim is what
        ListMFADevices shows afterwards in that session."""
        removed, remaining = [], []
        for serial in ctx.facts.get("member_devices") or []:
            member = RenewableRootSession(self.session, str(_account_of(serial)))
            if serial in root_mfa_serials(member.current()):
                remove_root_mfa_device(member.current(), serial)
                removed.append(serial)
            if serial in root_mfa_serials(member.current()):  # read back, in the same root session
                remaining.append(serial)
        evidence = {"removed": removed, "still_on_root": remaining, "checked_with": "assume-root-delete"}
        if remaining:
            return StepOutcome.failure(f"ListMFADevices still shows {', '.join(remaining)} on the member's root: "
                                       "try again, or remove it in that account.", evidence=evidence)
        return StepOutcome.success(f"Removed {', '.join(removed) or 'nothing (already gone)'}; ListMFADevices in "
                                   "each member's root session no longer shows the leaver's devices.",
                                   evidence=evidence, evidence_kind=Evidence.VERIFIED)

    def contacts_naming(self, name: str, email: str | None) -> list[str]:
        naming = []
        for contact_type in ContactType:
            contact = contact_admin.read_alternate_contact(self.session, contact_type)
            if contact is not None and (contact.name.strip().lower() == name.strip().lower()
                                        or (email and contact.email.lower() == email.lower())):
                naming.append(contact_type.value)
        return naming

    @handles(rb.REPLACE_CONTACTS)
    def replace_contacts(self, ctx: StepContext) -> StepOutcome:
        values = {field: ctx.inputs[field] for field in ("name", "title", "email", "phone")}
        problems = validate_contact(**values)
        if problems:
            return StepOutcome.failure(" ".join(problems.values()), evidence={"invalid_fields": sorted(problems)})
        replaced = []
        for contact_type in ctx.facts.get("contacts_naming") or []:
            contact_admin.put_alternate_contact(self.session, AlternateContact(type=ContactType(contact_type),
                                                                               **values))
            replaced.append(contact_type)
        return StepOutcome.success(f"AWS accepted {values['name']} as the {', '.join(replaced)} contact.",
                                   evidence={"replaced": replaced, "after": values})

    def primary_phone_is(self, phone: str | None) -> bool:
        contact = read_contact_information(self.session)
        return bool(phone) and contact is not None and _digits(contact.phone) == _digits(phone)

    @handles(rb.CHANGE_PHONE)
    def change_phone(self, ctx: StepContext) -> StepOutcome:
        """PutContactInformation with the new phone (the rest of the contact as it is), then the
        contact read back: the step claims what GetContactInformation shows afterwards."""
        new_phone = ctx.inputs["new_phone"].strip()
        before = read_contact_information(self.session)
        if before is None:
            return StepOutcome.failure("The account has no primary contact to change: set it in the console.")
        problem = validate_primary_contact_field("phone", new_phone)
        if problem:
            return StepOutcome.failure(problem, evidence={"invalid_fields": ["phone"]})
        put_contact_information(self.session, replace(before, phone=new_phone))
        after = read_contact_information(self.session)
        evidence = {"before": before.phone, "after": after.phone if after else None}
        if after is None or _digits(after.phone) != _digits(new_phone):
            return StepOutcome.failure(f"GetContactInformation shows {evidence['after']!r}, not {new_phone!r}: "
                                       "check again, or change it in the console.", evidence=evidence)
        return StepOutcome.success(f"The primary contact phone is now {after.phone} (was {before.phone}), read back.",
                                   evidence=evidence, evidence_kind=Evidence.VERIFIED)

    @handles(rb.REMOVE_FROM_ROSTER)
    def remove(self, ctx: StepContext) -> StepOutcome:
        name = ctx.fact("leaver")
        self.change_roster(ctx, {"action": "remove", "custodian": name})
        return StepOutcome.success(f"{name} is off the roster of root custodians.", evidence={"custodian": name})


def _account_of(serial: str) -> str | None:
    """The account of a virtual device's ARN (arn:aws:iam::ACCOUNT:mfa/NAME); None for a hardware serial."""
    parts = serial.split(":")
    return parts[4] if serial.startswith("arn:") and len(parts) > 5 else None


def _digits(phone: str | None) -> str:
    return re.sub(r"\D", "", phone or "")
