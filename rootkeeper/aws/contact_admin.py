"""Writing alternate contacts (account:PutAlternateContact / DeleteAlternateContact); the
Organization's members to choose from are ``organization.list_members``.

``account_id`` acts on a member account; AWS accepts it only from the management account
(or a delegated administrator) for a member of its Organization. None acts on the
caller's own account. Reading goes through aws/contacts.py.
"""

from __future__ import annotations

from rootkeeper.aws.contacts import read_alternate_contact
from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import ValidationError
from rootkeeper.core.posture import AlternateContact, ContactType
from rootkeeper.core.validators import validate_account_id, validate_contact

__all__ = ["delete_alternate_contact", "put_alternate_contact", "read_alternate_contact"]


def account_kwargs(account_id: str | None) -> dict[str, str]:
    """The Account API's AccountId argument: none for this account, a valid member id otherwise."""
    if account_id is None:
        return {}
    problem = validate_account_id(account_id)
    if problem:
        raise ValidationError(problem)
    return {"AccountId": account_id}


def _whose(contact_type: ContactType, account_id: str | None) -> str:
    return f"the {contact_type.value} alternate contact" + (f" of account {account_id}" if account_id else "")


def put_alternate_contact(session: AwsSession, contact: AlternateContact, account_id: str | None = None) -> None:
    """PutAlternateContact, after the same validation AWS applies (so a bad value is named here)."""
    problems = validate_contact(contact.name, contact.title, contact.email, contact.phone)
    if problems:
        raise ValidationError(" ".join(problems.values()), hint="Correct the contact and try again.")
    kwargs = account_kwargs(account_id)
    with aws_errors(f"write {_whose(contact.type, account_id)}"):
        session.client("account").put_alternate_contact(
            AlternateContactType=contact.type.value, Name=contact.name, Title=contact.title,
            EmailAddress=contact.email, PhoneNumber=contact.phone, **kwargs)


def delete_alternate_contact(session: AwsSession, contact_type: ContactType, account_id: str | None = None) -> None:
    kwargs = account_kwargs(account_id)
    with aws_errors(f"remove {_whose(contact_type, account_id)}"):
        session.client("account").delete_alternate_contact(AlternateContactType=contact_type.value, **kwargs)
