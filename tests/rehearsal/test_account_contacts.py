"""Account API contacts, validated as AWS validates them."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from tests.support.rehearsal_clients import MGMT, PROD, error_code

GOOD = {"Name": "Dana Reyes", "Title": "Security lead", "EmailAddress": "security@acme.example",
        "PhoneNumber": "+1 (206) 555-0199"}


def test_security_contact_is_missing_then_written_and_read_back(aws):
    account = aws("account")
    with pytest.raises(ClientError) as excinfo:
        account.get_alternate_contact(AlternateContactType="SECURITY")
    assert error_code(excinfo) == "ResourceNotFoundException"
    account.put_alternate_contact(AlternateContactType="SECURITY", **GOOD)
    contact = account.get_alternate_contact(AlternateContactType="SECURITY")["AlternateContact"]
    assert contact == {**GOOD, "AlternateContactType": "SECURITY"}
    account.delete_alternate_contact(AlternateContactType="SECURITY")
    with pytest.raises(ClientError):
        account.get_alternate_contact(AlternateContactType="SECURITY")


@pytest.mark.parametrize("field, value", [
    ("Name", "x" * 65), ("Title", "x" * 51), ("EmailAddress", "not-an-email"),
    ("EmailAddress", "a@b"), ("PhoneNumber", "call me"), ("PhoneNumber", "1" * 26),
])
def test_alternate_contact_validation(local_aws, field, value):
    with pytest.raises(ClientError) as excinfo:
        local_aws("account").put_alternate_contact(AlternateContactType="SECURITY", **{**GOOD, field: value})
    assert error_code(excinfo) == "ValidationException"


def test_account_id_is_for_members_from_the_management_account(local_aws):
    account = local_aws("account")
    account.put_alternate_contact(AlternateContactType="SECURITY", AccountId=PROD, **GOOD)
    assert account.get_alternate_contact(AlternateContactType="SECURITY", AccountId=PROD)["AlternateContact"]["Name"]
    with pytest.raises(ClientError) as excinfo:
        account.get_alternate_contact(AlternateContactType="SECURITY", AccountId=MGMT)
    assert error_code(excinfo) == "ValidationException"
    with pytest.raises(ClientError) as excinfo:
        local_aws("account", "prod-root").get_alternate_contact(AlternateContactType="BILLING", AccountId=MGMT)
    assert error_code(excinfo) == "AccessDeniedException"


def test_primary_contact_and_email(aws):
    account = aws("account")
    info = account.get_contact_information()["ContactInformation"]
    assert info["PhoneNumber"] == "+1 206 555 0100" and info["FullName"] == "Dana Reyes"
    account.put_contact_information(ContactInformation={**info, "FullName": "Sam Okafor"})
    assert account.get_contact_information()["ContactInformation"]["FullName"] == "Sam Okafor"
    with pytest.raises(ClientError) as excinfo:
        account.put_contact_information(ContactInformation={**info, "PhoneNumber": "206 555"})
    assert error_code(excinfo) == "ValidationException"
    assert account.get_primary_email(AccountId=PROD)["PrimaryEmail"] == "aws+acme-prod@acme.example"
