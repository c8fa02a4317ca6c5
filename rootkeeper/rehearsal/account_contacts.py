"""Account API: alternate contacts validated exactly as AWS validates them, the primary
contact (GetContactInformation / PutContactInformation) and GetPrimaryEmail.

The AccountId parameter acts on a member account and is accepted only from the
Organizations management account, for a member of its organization.
"""

from __future__ import annotations

import re
from typing import Any

import moto.account.urls as account_urls
from moto.account.responses import AccountResponse
from moto.core.responses import ActionResult, EmptyResult
from moto.organizations.models import organizations_backends

from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.patches import Patch
from rootkeeper.rehearsal.state import AlternateContact, RootPrincipal, active

CONTACT_TYPES = ("BILLING", "OPERATIONS", "SECURITY")
EMAIL_PATTERN = re.compile(r"[\s]*[\w+=.#|!&-]+@[\w.-]+\.[\w]+[\s]*", re.ASCII)  # AWS: Java regex semantics
ALTERNATE_PHONE_PATTERN = re.compile(r"[\s0-9()+-]+", re.ASCII)
PRIMARY_PHONE_PATTERN = re.compile(r"[+][\s0-9()-]+", re.ASCII)
# field -> (wire name in messages, min length, max length, full-match pattern or None)
ALTERNATE_RULES = {
    "Name": ("name", 1, 64, None),
    "Title": ("title", 1, 50, None),
    "EmailAddress": ("emailAddress", 1, 254, EMAIL_PATTERN),
    "PhoneNumber": ("phoneNumber", 1, 25, ALTERNATE_PHONE_PATTERN),
}
PRIMARY_RULES = {
    "FullName": ("fullName", 1, 50, None), "AddressLine1": ("addressLine1", 1, 60, None),
    "City": ("city", 1, 50, None), "PostalCode": ("postalCode", 1, 20, None),
    "CountryCode": ("countryCode", 2, 2, None), "PhoneNumber": ("phoneNumber", 1, 20, PRIMARY_PHONE_PATTERN),
}
PRIMARY_OPTIONAL = {
    "AddressLine2": ("addressLine2", 1, 60, None), "AddressLine3": ("addressLine3", 1, 60, None),
    "StateOrRegion": ("stateOrRegion", 1, 50, None), "DistrictOrCounty": ("districtOrCounty", 1, 50, None),
    "CompanyName": ("companyName", 1, 50, None), "WebsiteUrl": ("websiteUrl", 1, 256, None),
}


def _validation(message: str) -> Exception:
    return aws_error("account", "ValidationException", message, 400)


def _check(values: dict[str, Any], rules: dict[str, tuple[str, int, int, re.Pattern[str] | None]],
           optional: bool = False) -> None:
    for field, (wire, low, high, pattern) in rules.items():
        value = values.get(field)
        if value is None:
            if optional:
                continue
            raise _validation(f"Invalid request body: {wire} is required")
        if not low <= len(value) <= high:
            raise _validation(f"1 validation error detected: Value at '{wire}' failed to satisfy constraint: "
                              f"Member must have length between {low} and {high}")
        if pattern is not None and not pattern.fullmatch(value):
            raise _validation(f"1 validation error detected: Value at '{wire}' failed to satisfy constraint: "
                              f"Member must satisfy regular expression pattern: {pattern.pattern}")


def _target_root(response: AccountResponse) -> RootPrincipal:
    """The root whose contacts this call reads or writes, after AWS's AccountId rules."""
    state = active()
    assert state is not None, "the account API patches run only inside a rehearsal world"
    caller = response.current_account
    account_id = response._get_param("AccountId")
    if account_id is None:
        return state.root(caller)
    if not re.fullmatch(r"\d{12}", str(account_id)):
        raise _validation("1 validation error detected: Value at 'accountId' failed to satisfy constraint: "
                          "Member must satisfy regular expression pattern: ^\\d{12}$")
    if account_id == caller:
        raise _validation("The management account can only be managed using the standalone context "
                          "from the management account.")
    org = dict.get(organizations_backends.get(caller, {}), "aws")
    member_of = organizations_backends.master_accounts.get(account_id, ("",))[0]
    if org is None or org.org is None or member_of != caller:
        raise aws_error("account", "AccessDeniedException", f"User: arn:aws:iam::{caller}:root is not authorized "
                        "to perform: account:* on the specified account: only the organization's management "
                        "account can manage a member account's contacts.", 403)
    return state.root(account_id)


def _contact_type(response: AccountResponse) -> str:
    contact_type = response._get_param("AlternateContactType")
    if contact_type not in CONTACT_TYPES:
        raise _validation("1 validation error detected: Value at 'alternateContactType' failed to satisfy "
                          "constraint: Member must satisfy enum value set: [SECURITY, BILLING, OPERATIONS]")
    return contact_type


def put_alternate_contact(self: AccountResponse) -> EmptyResult:
    root = _target_root(self)
    contact_type = _contact_type(self)
    values = {field: self._get_param(field) for field in ALTERNATE_RULES}
    _check(values, ALTERNATE_RULES)
    root.alternate_contacts[contact_type] = AlternateContact(
        contact_type, values["Name"], values["Title"], values["EmailAddress"], values["PhoneNumber"])
    return EmptyResult()


def get_alternate_contact(self: AccountResponse) -> ActionResult:
    root = _target_root(self)
    contact = root.alternate_contacts.get(_contact_type(self))
    if contact is None:
        raise aws_error("account", "ResourceNotFoundException",
                        "No contact of the inputted alternate contact type found.", 404)
    return ActionResult({"AlternateContact": {
        "AlternateContactType": contact.contact_type, "Name": contact.name, "Title": contact.title,
        "EmailAddress": contact.email_address, "PhoneNumber": contact.phone_number}})


def delete_alternate_contact(self: AccountResponse) -> EmptyResult:
    root = _target_root(self)
    if root.alternate_contacts.pop(_contact_type(self), None) is None:
        raise aws_error("account", "ResourceNotFoundException",
                        "No contact of the inputted alternate contact type found.", 404)
    return EmptyResult()


def put_contact_information(self: AccountResponse) -> EmptyResult:
    root = _target_root(self)
    values = self._get_param("ContactInformation") or {}
    _check(values, PRIMARY_RULES)
    _check(values, PRIMARY_OPTIONAL, optional=True)
    root.contact_information = {k: v for k, v in values.items() if k in PRIMARY_RULES or k in PRIMARY_OPTIONAL}
    return EmptyResult()


def get_contact_information(self: AccountResponse) -> ActionResult:
    root = _target_root(self)
    if not root.contact_information:
        raise aws_error("account", "ResourceNotFoundException", "No contact information found.", 404)
    return ActionResult({"ContactInformation": dict(root.contact_information)})


def get_primary_email(self: AccountResponse) -> ActionResult:
    return ActionResult({"PrimaryEmail": _target_root(self).email})


PATCHES = [
    *(Patch(AccountResponse, handler.__name__, handler, service="account") for handler in (
        put_alternate_contact, get_alternate_contact, delete_alternate_contact, put_contact_information,
        get_contact_information, get_primary_email)),
    # moto routes no URL to the primary contact's operations: the account service's route table.
    *(Patch(account_urls.url_paths, "{0}/" + operation + "$", AccountResponse.dispatch, world_only=False)
      for operation in ("putContactInformation", "getContactInformation", "getPrimaryEmail")),
]
