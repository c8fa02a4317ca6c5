"""Alternate contacts (account:GetAlternateContact / PutAlternateContact)."""

from __future__ import annotations

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import NotFoundError
from rootkeeper.core.posture import AlternateContact, ContactType


def read_alternate_contact(session: AwsSession, contact_type: ContactType,
                           account_id: str | None = None) -> AlternateContact | None:
    """The contact, or None when none is set (ResourceNotFoundException).
    ``account_id`` reads a member's contact from the management / delegated admin account."""
    kwargs = {"AlternateContactType": contact_type.value}
    if account_id:
        kwargs["AccountId"] = account_id
    try:
        with aws_errors(f"read the {contact_type.value} alternate contact"):
            contact = session.client("account").get_alternate_contact(**kwargs)["AlternateContact"]
    except NotFoundError:
        return None
    return AlternateContact(
        type=contact_type,
        name=contact.get("Name", ""),
        title=contact.get("Title", ""),
        email=contact.get("EmailAddress", ""),
        phone=contact.get("PhoneNumber", ""),
    )
