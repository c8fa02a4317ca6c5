"""Handlers for ``alternate-contacts``: read the current contact, validate and write the
new one (or remove it), read back what AWS holds. Before and after values are evidence:
contacts are not secrets, and the journal is where an auditor will look for them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Callable, Mapping

from rootkeeper.aws import contact_admin
from rootkeeper.aws.organization import MemberAccount, list_members
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.behaviour import RunbookBehaviour, handles, looks, undoes
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import NotFoundError, RootkeeperError
from rootkeeper.core.posture import AlternateContact, ContactType
from rootkeeper.core.runbooks import contacts as rb
from rootkeeper.core.step_contract import Lookup, StepContext, StepOutcome
from rootkeeper.core.validators import validate_account_id, validate_contact, validate_contact_type

Clock = Callable[[], datetime]
Contact = dict[str, str]  # {"name", "title", "email", "phone"}: how a contact travels as a fact


@dataclass(frozen=True)
class ContactChoices:
    """What the chooser offers: this account's current contacts, and the members it may manage."""

    current: Mapping[str, Mapping[str, str] | None]
    members: tuple[MemberAccount, ...] = ()
    members_note: str | None = None
    order: tuple[str, ...] = field(default=tuple(t.value for t in ContactType))


class AlternateContacts(RunbookBehaviour):
    """The behaviour of ``alternate-contacts``."""

    runbook = rb.ALTERNATE_CONTACTS

    def __init__(self, session: AwsSession) -> None:
        self.session = session

    @classmethod
    def build(cls, environment: Environment, session: AwsSession, clock: Clock,
              journal: Any = None) -> AlternateContacts:
        del environment, clock  # nothing here depends on either
        return cls(session)

    @looks(rb.CHOOSE_CONTACT)
    def contact_choices(self, ctx: StepContext) -> Lookup:
        """The account's three contacts, and the Organization's members if this identity may
        list them (a member account, or one without organizations:ListAccounts, gets none)."""
        current = {contact_type.value: _read(self.session, contact_type.value, None) for contact_type in ContactType}
        try:
            choices = ContactChoices(current, member_accounts(self.session))
        except RootkeeperError as error:
            choices = ContactChoices(current, (), f"Member accounts are not listed: {' '.join(str(error).split())}")
        held = [kind for kind, contact in current.items() if contact]
        return Lookup(f"read the alternate contacts of account {ctx.fact('account_id')} "
                      f"(set: {', '.join(held) or 'none'}) and {len(choices.members)} member account(s)", choices)

    @handles(rb.CHOOSE_CONTACT)
    def choose(self, ctx: StepContext) -> StepOutcome:
        contact_type, target = ctx.fact("contact_type").upper(), ctx.fact("target_account_id")
        problem = validate_contact_type(contact_type) or validate_account_id(target)
        if problem:
            return StepOutcome.failure(problem)
        member = target != ctx.fact("account_id")
        before = _read(self.session, contact_type, target if member else None)
        shown = _describe(before) if before else "none is set"
        return StepOutcome.success(
            f"The {contact_type} contact of account {target}: {shown}.",
            evidence={"target_account_id": target, "member_account": member, "before": before},
            facts={"contact_type": contact_type, "target_account_id": target, "member_account": member,
                   "before": before})

    @handles(rb.PUT_CONTACT)
    def put(self, ctx: StepContext) -> StepOutcome:
        after = {name: ctx.inputs[name] for name in rb.CONTACT_FIELDS}
        problems = validate_contact(**after)
        if problems:
            return StepOutcome.failure(" ".join(problems[name] for name in rb.CONTACT_FIELDS if name in problems),
                                       evidence={"invalid_fields": [n for n in rb.CONTACT_FIELDS if n in problems]})
        before = ctx.facts.get("before")
        contact_admin.put_alternate_contact(self.session, _contact(ctx.fact("contact_type"), after),
                                            _account(ctx.facts))
        diff = rb.contact_diff(before, after)
        return StepOutcome.success(f"AWS accepted the {ctx.fact('contact_type')} contact: {rb.describe_diff(diff)}.",
                                   evidence={"before": before, "after": after, "diff": diff},
                                   facts={"after": after, "change": "put"})

    @handles(rb.REMOVE_CONTACT)
    def remove(self, ctx: StepContext) -> StepOutcome:
        before = ctx.facts.get("before")
        if before is None:
            return StepOutcome.failure("There is no contact of this type to remove.")
        contact_admin.delete_alternate_contact(self.session, ContactType(ctx.fact("contact_type")), _account(ctx.facts))
        return StepOutcome.success(f"AWS removed the {ctx.fact('contact_type')} contact ({_describe(before)}).",
                                   evidence={"before": before, "after": None, "diff": rb.contact_diff(before, None)},
                                   facts={"after": None, "change": "remove"})

    @undoes(rb.RESTORE_CONTACT)
    def restore(self, ctx: StepContext) -> StepOutcome:
        before, contact_type = ctx.facts.get("before"), ctx.fact("contact_type")
        if before is None:
            try:
                contact_admin.delete_alternate_contact(self.session, ContactType(contact_type), _account(ctx.facts))
            except NotFoundError:
                pass  # already absent: the state before the ceremony
            return StepOutcome.success(f"Removed the {contact_type} contact again: there was none before.",
                                       evidence={"restored": None})
        contact_admin.put_alternate_contact(self.session, _contact(contact_type, before), _account(ctx.facts))
        return StepOutcome.success(f"Restored the previous {contact_type} contact ({_describe(before)}).",
                                   evidence={"restored": before})



def _account(facts: Mapping[str, Any]) -> str | None:
    return str(facts["target_account_id"]) if facts.get("member_account") else None


def _read(session: AwsSession, contact_type: str, account_id: str | None) -> Contact | None:
    contact = contact_admin.read_alternate_contact(session, ContactType(contact_type), account_id)
    if contact is None:
        return None
    fields = asdict(contact)
    return {name: fields[name] for name in rb.CONTACT_FIELDS}


def _contact(contact_type: str, values: Mapping[str, str]) -> AlternateContact:
    return AlternateContact(type=ContactType(contact_type), name=values["name"], title=values["title"],
                            email=values["email"], phone=values["phone"])


def _describe(contact: Mapping[str, str]) -> str:
    return f"{contact['name']}, {contact['title']} <{contact['email']}> {contact['phone']}"


# -- driving the ceremony ------------------------------------------------------------------


def member_accounts(session: AwsSession) -> tuple[MemberAccount, ...]:
    """The Organization's member accounts, for the 'which account' chooser of the management account, by name."""
    return tuple(sorted(list_members(session), key=lambda account: (account.name, account.account_id)))


