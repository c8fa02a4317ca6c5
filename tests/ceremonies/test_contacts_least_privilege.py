"""alternate-contacts run as the acme world's read-only 'auditor': the world enforces IAM
policies, so the ceremony reads the contact, then stops at the write with a message that
names the permission the identity lacks — and nothing is written."""

from __future__ import annotations

from rootkeeper.aws.contact_admin import read_alternate_contact
from rootkeeper.aws.identity import who_am_i
from rootkeeper.ceremonies.registry import handlers_for

from rootkeeper.core.posture import ContactType
from rootkeeper.core.runbooks import ALTERNATE_CONTACTS
from rootkeeper.core.step_contract import Outcome
from tests.support.acme_ceremony import MGMT, session_as, start_ceremony

SECURITY = {"name": "Security Team", "title": "CISO office", "email": "security@acme.example",
            "phone": "+1 (206) 555-0199"}


def test_the_auditor_cannot_set_the_security_contact_and_is_told_which_permission_it_lacks(world, recorder, clock,
                                                                                           session):
    auditor = session_as(world, "auditor")
    identity = who_am_i(auditor)
    assert identity.arn == f"arn:aws:iam::{MGMT}:user/auditor"
    handlers = handlers_for(ALTERNATE_CONTACTS, world.environment("auditor"), auditor, clock)
    ceremony = start_ceremony(ALTERNATE_CONTACTS, handlers, identity, recorder, clock)
    chosen = ceremony.run_step(inputs={"contact_type": "SECURITY", "target_account_id": MGMT})
    assert chosen.outcome is Outcome.OK, chosen.message  # reading is allowed
    denied = ceremony.run_step(inputs=SECURITY, confirmed=True)
    assert denied.outcome is Outcome.FAILED
    assert denied.message == ("Access denied: this identity may not write the SECURITY alternate contact. "
                              "Grant this identity account:PutAlternateContact.")
    assert denied.evidence == {"error": "AccessDeniedError", "aws_error_code": "AccessDeniedException"}
    assert read_alternate_contact(session, ContactType.SECURITY) is None  # the operator sees nothing was written
