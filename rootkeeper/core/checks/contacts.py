"""Checks of the account's alternate contacts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from rootkeeper.core.account_reading import AccountReader
from rootkeeper.core.checks.base import Check, fact, passed
from rootkeeper.core.posture import AlternateContact, ContactType
from rootkeeper.core.step_contract import StepOutcome

CONTACT_FIELDS = ("name", "title", "email", "phone")  # how a contact travels as a fact and as evidence


@dataclass(frozen=True)
class ContactEquals(Check):
    """GetAlternateContact returns exactly the contact in ``expected_fact`` ({"name", "title",
    "email", "phone"}), or none when that fact is None or absent. ``account_fact`` names the
    account to read when it may be a member account (read from the management account);
    without it, the caller's own account."""

    contact_type_fact: str = "contact_type"
    expected_fact: str = "after"
    account_fact: str | None = None

    def verifies(self) -> str:
        return f"GetAlternateContact returns exactly the {{{self.contact_type_fact}}} contact written."

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        contact_type, expected = str(fact(facts, self.contact_type_fact)), facts.get(self.expected_fact)
        account = str(fact(facts, self.account_fact or "account_id"))
        member = account if account != str(facts.get("account_id")) else None
        holds = contact_fields(reader.alternate_contact(ContactType(contact_type), member))
        evidence = {"holds": holds, "expected": expected, "matches": holds == expected}
        shown = describe_contact(holds) if holds else "no contact"
        if holds != expected:
            return StepOutcome.failure(f"AWS now holds {shown} as the {contact_type} contact, not what was written: "
                                       "check again in a few seconds, or write it again.", evidence=evidence)
        return passed(f"AWS now holds {shown} as the {contact_type} contact of account {account}.", evidence=evidence)


def contact_fields(contact: AlternateContact | None) -> dict[str, str] | None:
    if contact is None:
        return None
    values = asdict(contact)
    return {name: values[name] for name in CONTACT_FIELDS}


def describe_contact(contact: Mapping[str, str]) -> str:
    return f"{contact['name']}, {contact['title']} <{contact['email']}> {contact['phone']}"


@dataclass(frozen=True)
class AlternateContactsSet(Check):
    """GetAlternateContact returns a SECURITY, a BILLING and an OPERATIONS contact: AWS has
    someone to reach for each (whether they are the right people is the operator's to attest)."""

    def verifies(self) -> str:
        return "GetAlternateContact returns a SECURITY, a BILLING and an OPERATIONS contact for {account_id}."

    def judge(self, reader: AccountReader, facts: Mapping[str, Any]) -> StepOutcome:
        held = {kind.value: contact_fields(reader.alternate_contact(kind)) for kind in ContactType}
        missing = [kind for kind, contact in held.items() if contact is None]
        evidence = {"contacts": {kind: describe_contact(c) if c else None for kind, c in held.items()},
                    "missing": missing}
        if missing:
            return StepOutcome.failure(f"No {', '.join(missing)} contact is set: set it (the alternate contacts "
                                       "runbook), then check again.", evidence=evidence)
        return passed("The SECURITY, BILLING and OPERATIONS contacts are all set: "
                      + "; ".join(f"{kind}: {text}" for kind, text in evidence["contacts"].items()) + ".",
                      evidence=evidence)
