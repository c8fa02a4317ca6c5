"""The account's primary contact and primary email (Account API GetContactInformation,
PutContactInformation, GetPrimaryEmail).

``account_id`` acts on a member account; AWS accepts it only from the Organization's
management account (or a delegated administrator), for a member. None acts on the caller's
own account (GetPrimaryEmail always names an account: it reads a member's).
"""

from __future__ import annotations

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.contact_admin import account_kwargs
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.contact_information import PrimaryContact, validate_primary_contact
from rootkeeper.core.errors import AccessDeniedError, NotFoundError, ValidationError

MEMBER_HINT = ("Another account's contacts are managed from the Organization's management account (or a "
               "delegated administrator for the Account API), for a member; its own, without an account id.")


def _whose(account_id: str | None) -> str:
    return f"account {account_id}'s" if account_id else "this account's"


def _with_member_hint(error: AccessDeniedError, account_id: str | None) -> AccessDeniedError:
    if account_id:
        return AccessDeniedError(error.message, hint=MEMBER_HINT, code=error.code)
    return error


def read_contact_information(session: AwsSession, account_id: str | None = None) -> PrimaryContact | None:
    """The primary contact, or None when the account has none (ResourceNotFoundException)."""
    kwargs = account_kwargs(account_id)
    try:
        with aws_errors(f"read {_whose(account_id)} primary contact (account:GetContactInformation)"):
            values = session.client("account").get_contact_information(**kwargs)["ContactInformation"]
    except NotFoundError:
        return None
    except AccessDeniedError as error:
        raise _with_member_hint(error, account_id) from None
    return PrimaryContact.from_api(values)


def put_contact_information(session: AwsSession, contact: PrimaryContact, account_id: str | None = None) -> None:
    """PutContactInformation, after AWS's own validation (so a bad value is named here, field by field)."""
    problems = validate_primary_contact(contact)
    if problems:
        raise ValidationError(" ".join(problems.values()), hint="Correct the primary contact and try again.")
    kwargs = account_kwargs(account_id)
    try:
        with aws_errors(f"write {_whose(account_id)} primary contact (account:PutContactInformation)"):
            session.client("account").put_contact_information(ContactInformation=contact.to_api(), **kwargs)
    except AccessDeniedError as error:
        raise _with_member_hint(error, account_id) from None


def read_primary_email(session: AwsSession, account_id: str) -> str:
    """A member account's root email address (account:GetPrimaryEmail, from the management account)."""
    kwargs = account_kwargs(account_id)
    try:
        with aws_errors(f"read account {account_id}'s primary email (account:GetPrimaryEmail)"):
            return session.client("account").get_primary_email(**kwargs)["PrimaryEmail"]
    except AccessDeniedError as error:
        raise _with_member_hint(error, account_id) from None
