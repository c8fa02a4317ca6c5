"""alternate-contacts against the acme rehearsal world: the missing SECURITY contact set,
an update shown as a diff, a removal confirmed, a member's contact from the management
account, AWS's AccessDenied explained, and every validation message."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from botocore.exceptions import ClientError

from rootkeeper.aws.contact_admin import put_alternate_contact, read_alternate_contact
from rootkeeper.aws.identity import who_am_i
from rootkeeper.ceremonies.registry import handlers_for
from rootkeeper.ceremonies.contacts import member_accounts
from rootkeeper.core.runbooks.contacts import choose_removal
from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.errors import ValidationError
from rootkeeper.core.posture import AlternateContact, ContactType
from rootkeeper.core.runbooks import ALTERNATE_CONTACTS
from rootkeeper.core.runbooks import contacts as rb
from rootkeeper.core.step_contract import Outcome
from tests.support.acme_ceremony import (DATA, MGMT, PROD, control_status, session_as, skipped_just_now,
                                         start_ceremony)

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=timezone.utc)
SECURITY = {"name": "Security Team", "title": "CISO office", "email": "security@acme.example",
            "phone": "+1 (206) 555-0199"}


@pytest.fixture
def start(environment, session, identity, recorder, clock):
    def begin(as_session=session, as_identity=identity):
        handlers = handlers_for(ALTERNATE_CONTACTS, environment, as_session, clock)
        return start_ceremony(ALTERNATE_CONTACTS, handlers, as_identity, recorder, clock)
    return begin


def test_the_missing_security_contact_is_set_read_back_and_the_control_passes(start, session, recorder):
    assert control_status(session, "security-contact", NOW) == "fail"
    ceremony = start()
    chosen = ceremony.run_step(inputs={"contact_type": "security", "target_account_id": MGMT})
    assert chosen.outcome is Outcome.OK, chosen.message
    assert chosen.evidence == {"target_account_id": MGMT, "member_account": False, "before": None}
    assert "none is set" in chosen.message

    assert ceremony.run_step(inputs=SECURITY).outcome is Outcome.FAILED  # not confirmed: nothing written
    assert read_alternate_contact(session, ContactType.SECURITY) is None
    written = ceremony.run_step(inputs=SECURITY, confirmed=True)
    assert written.outcome is Outcome.OK, written.message
    assert written.evidence["before"] is None and written.evidence["after"] == SECURITY
    assert all(row["changed"] for row in written.evidence["diff"])

    assert skipped_just_now(ceremony) == [rb.REMOVE_CONTACT]
    read_back = ceremony.run_step()
    assert read_back.outcome is Outcome.OK and read_back.evidence["holds"] == SECURITY
    assert "AWS now holds Security Team, CISO office <security@acme.example>" in read_back.message
    assert ceremony.status is CeremonyStatus.FINISHED
    assert control_status(session, "security-contact", NOW) == "pass"
    journaled = {e["step"]: e["evidence"] for e in recorder.steps if e["outcome"] == "ok"}
    assert journaled[rb.PUT_CONTACT]["after"] == SECURITY  # contacts are not secrets: the journal has them


def test_an_update_shows_the_current_values_beside_the_new(start, session):
    ceremony = start()
    chosen = ceremony.run_step(inputs={"contact_type": "BILLING", "target_account_id": MGMT})
    before = chosen.evidence["before"]
    assert before == {"name": "Priya Natarajan", "title": "Finance lead", "email": "billing@acme.example",
                      "phone": "+1 206 555 0101"}
    new = {**before, "email": "finance@acme.example"}
    diff = rb.contact_diff(ceremony.facts["before"], new)  # what the UI shows before the confirmation
    assert [row["field"] for row in diff if row["changed"]] == ["email"]
    written = ceremony.run_step(inputs=new, confirmed=True)
    assert "email: billing@acme.example -> finance@acme.example" in written.message
    assert read_alternate_contact(session, ContactType.BILLING).email == "finance@acme.example"


def test_removing_a_contact_asks_for_confirmation_and_the_control_then_fails(start, session):
    ceremony = start()
    ceremony.run_step(inputs={"contact_type": "OPERATIONS", "target_account_id": MGMT})
    choose_removal(ceremony)
    refused = ceremony.run_step()
    assert refused.outcome is Outcome.FAILED and "Not confirmed" in refused.message
    assert read_alternate_contact(session, ContactType.OPERATIONS) is not None
    removed = ceremony.run_step(confirmed=True)
    assert removed.outcome is Outcome.OK and removed.evidence["after"] is None
    assert removed.evidence["before"]["name"] == "Sam Okafor"
    read_back = ceremony.run_step()
    assert read_back.outcome is Outcome.OK and read_back.evidence["holds"] is None
    assert control_status(session, "operations-contact", NOW) == "fail"


def test_aborting_after_the_write_restores_the_previous_contact(start, session):
    ceremony = start()
    ceremony.run_step(inputs={"contact_type": "BILLING", "target_account_id": MGMT})
    ceremony.run_step(inputs={**SECURITY}, confirmed=True)
    assert read_alternate_contact(session, ContactType.BILLING).name == "Security Team"
    report = ceremony.abort(reason="wrong contact type")
    assert report.undone == (rb.PUT_CONTACT,)
    assert read_alternate_contact(session, ContactType.BILLING).name == "Priya Natarajan"


def test_a_members_contact_is_set_from_the_management_account(start, session):
    names = [account.name for account in member_accounts(session)]
    assert names == ["acme-data", "acme-legacy", "acme-prod", "acme-sandbox"]
    ceremony = start()
    chosen = ceremony.run_step(inputs={"contact_type": "SECURITY", "target_account_id": PROD})
    assert chosen.outcome is Outcome.OK and chosen.evidence["member_account"] is True
    ceremony.run_step(inputs=SECURITY, confirmed=True)
    assert ceremony.run_step().outcome is Outcome.OK
    assert read_alternate_contact(session, ContactType.SECURITY, PROD).name == "Security Team"
    assert read_alternate_contact(session, ContactType.SECURITY) is None  # the management's own is untouched


def test_access_denied_from_aws_is_explained(world, start):
    prod_root = session_as(world, "prod-root")  # a member account may not manage another member's contacts
    ceremony = start(prod_root, who_am_i(prod_root))
    denied = ceremony.run_step(inputs={"contact_type": "SECURITY", "target_account_id": DATA})
    assert denied.outcome is Outcome.FAILED
    assert denied.evidence == {"error": "AccessDeniedError", "aws_error_code": "AccessDeniedException"}
    assert denied.message == ("Access denied: this identity may not read the SECURITY alternate contact. "
                              "Grant this identity account:GetAlternateContact.")


def test_a_bad_choice_is_named(start):
    ceremony = start()
    bad_type = ceremony.run_step(inputs={"contact_type": "PAGER", "target_account_id": MGMT})
    assert bad_type.message == "Contact type must be one of BILLING, OPERATIONS, SECURITY."
    bad_account = ceremony.run_step(inputs={"contact_type": "SECURITY", "target_account_id": "3141-5926"})
    assert bad_account.message == "Account id must be exactly 12 digits (0-9), with no spaces or other characters."


INVALID = [
    ("name", "N" * 65, "Name must be at most 64 characters; it has 65."),
    ("title", "T" * 51, "Title must be at most 50 characters; it has 51."),
    ("email", "security.acme.example", "Email address must look like name@example.com"),
    ("email", "josé@acme.example", "Email address must look like name@example.com"),
    ("email", "security@acme", "with a dot in the domain"),
    ("email", "s" * 243 + "@acme.example", "Email address must be at most 254 characters; it has 256."),
    ("phone", "+1 206 555 0199 ext 7", "Phone number may only contain digits, spaces, and ( ) + -."),
    ("phone", "1" * 26, "Phone number must be at most 25 characters; it has 26."),
]

# The rehearsal world matches the email pattern with Unicode classes, so it accepts "é" where
# AWS (Java regex, ASCII \w) refuses it: rootkeeper refuses it as AWS does.
WORLD_ACCEPTS = {"josé@acme.example"}


@pytest.mark.parametrize("field, value, message", INVALID, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(INVALID)])
def test_every_validation_error_is_named_before_aws_is_called(field, value, message, start, session):
    ceremony = start()
    ceremony.run_step(inputs={"contact_type": "SECURITY", "target_account_id": MGMT})
    result = ceremony.run_step(inputs={**SECURITY, field: value}, confirmed=True)
    assert result.outcome is Outcome.FAILED and message in result.message
    assert result.evidence == {"invalid_fields": [field]}
    assert read_alternate_contact(session, ContactType.SECURITY) is None
    if value in WORLD_ACCEPTS:
        return
    # AWS (the world validates as AWS does) refuses the same value.
    aws_names = {"name": "Name", "title": "Title", "email": "EmailAddress", "phone": "PhoneNumber"}
    values = {aws_names[k]: v for k, v in {**SECURITY, field: value}.items()}
    with pytest.raises(ClientError, match="ValidationException"):
        session.client("account").put_alternate_contact(AlternateContactType="SECURITY", **values)
    with pytest.raises(ValidationError, match=message.split(";")[0].rstrip(".")[:30]):
        put_alternate_contact(session, AlternateContact(ContactType.SECURITY, **{**SECURITY, field: value}))


def test_empty_fields_are_refused_by_name(start):
    ceremony = start()
    ceremony.run_step(inputs={"contact_type": "SECURITY", "target_account_id": MGMT})
    result = ceremony.run_step(inputs={**SECURITY, "name": "  ", "phone": ""}, confirmed=True)
    assert result.outcome is Outcome.FAILED
    assert result.message == "'Review the change and write the contact' needs name, phone."
    several = ceremony.run_step(inputs={**SECURITY, "title": "T" * 51, "phone": "call me"}, confirmed=True)
    assert several.message == ("Title must be at most 50 characters; it has 51. "
                               "Phone number may only contain digits, spaces, and ( ) + -.")
