"""aws/contact_information.py: the primary contact and primary email, read and written
through the gateway against the acme rehearsal world (in process and served over HTTP)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rootkeeper.aws.contact_information import (put_contact_information, read_contact_information,
                                                read_primary_email)
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.contact_information import PrimaryContact, validate_primary_contact
from rootkeeper.core.errors import AccessDeniedError, ValidationError

MGMT, PROD = "314159265358", "314159265401"
ACME_CONTACT = PrimaryContact(full_name="Dana Reyes", address_line_1="1 Main St", city="Seattle", postal_code="98101",
                              country_code="US", phone="+1 206 555 0100", state_or_region="WA",
                              company_name="Acme Corp")


@pytest.fixture(params=["in-process", "served"])
def any_world(request, clock):
    from rootkeeper.rehearsal.world import start_world

    world = start_world("acme", serve=request.param == "served", clock=clock)
    yield world
    world.stop()


def _session(world, identity: str = "operator") -> AwsSession:
    return AwsSession(world.environment(identity).target)


def test_reads_and_changes_the_primary_phone_keeping_the_rest(any_world):
    session = _session(any_world)
    assert read_contact_information(session) == ACME_CONTACT
    put_contact_information(session, replace(ACME_CONTACT, phone="+1 (206) 555-0199"))
    assert read_contact_information(session) == replace(ACME_CONTACT, phone="+1 (206) 555-0199")


def test_a_member_contact_from_the_management_account(any_world):
    session = _session(any_world)
    assert read_contact_information(session, PROD) is None  # acme-prod never set one
    member = replace(ACME_CONTACT, full_name="Prod Owner", company_name=None)
    put_contact_information(session, member, PROD)
    assert read_contact_information(session, PROD) == member
    assert read_contact_information(session) == ACME_CONTACT  # the management account's own is untouched
    assert read_primary_email(session, PROD) == "aws+acme-prod@acme.example"


def test_a_member_cannot_manage_the_management_account(any_world):
    with pytest.raises(AccessDeniedError) as excinfo:
        read_contact_information(_session(any_world, "prod-root"), MGMT)
    assert "management account" in excinfo.value.hint


@pytest.mark.parametrize("change, named", [
    ({"phone": "206 555 0100"}, "Phone number must start with +"),
    ({"phone": "+1 206 555 0100 x7"}, "Phone number must start with +"),
    ({"country_code": "USA"}, "Country code must be exactly 2"),
    ({"full_name": ""}, "Full name is required"),
    ({"company_name": "x" * 51}, "Company name must be at most 50"),
    ({"website_url": ""}, "Website URL may not be empty"),
])
def test_a_bad_value_is_named_before_any_call(world, change, named):
    contact = replace(ACME_CONTACT, **change)
    assert validate_primary_contact(contact)
    with pytest.raises(ValidationError, match=named):
        put_contact_information(_session(world), contact)
    assert read_contact_information(_session(world)) == ACME_CONTACT


def test_the_world_refuses_what_the_gateway_refuses(world):
    """Without the gateway's check, AWS (here, the world) refuses the same values itself."""
    account = _session(world).client("account")
    for bad in ({"PhoneNumber": "206 555 0100"}, {"CompanyName": "x" * 51}, {"CountryCode": "USA"}):
        with pytest.raises(Exception) as excinfo:
            account.put_contact_information(ContactInformation={**ACME_CONTACT.to_api(), **bad})
        assert excinfo.value.response["Error"]["Code"] == "ValidationException"


def test_to_api_and_back():
    api = ACME_CONTACT.to_api()
    assert api["PhoneNumber"] == "+1 206 555 0100" and "WebsiteUrl" not in api
    assert PrimaryContact.from_api(api) == ACME_CONTACT
