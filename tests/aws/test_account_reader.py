"""aws/account_reader.py against the in-process acme rehearsal world: each read in core
types, the errors the gateways raise, and the reusable checks read through it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rootkeeper.aws import virtual_mfa
from rootkeeper.aws.account_reader import AwsAccountReader
from rootkeeper.aws.contact_admin import put_alternate_contact
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.account_reading import RootKeysPresent
from rootkeeper.core.checks import (ContactEquals, MfaDevicePresent, NoRootAccessKeys, PasswordChangedAfter,
                                    RootMfaOn)
from rootkeeper.core.errors import AccessDeniedError, NotFoundError, SessionExpiredError
from rootkeeper.core.posture import AlternateContact, ContactType, MfaKind
from rootkeeper.core.step_contract import Evidence

MGMT, PROD = "314159265358", "314159265401"
DELETE_TASK = "IAMDeleteRootUserCredentials"


def _reader(world, identity: str = "operator", **options) -> AwsAccountReader:
    return AwsAccountReader(AwsSession(world.environment(identity).target), **options)


def test_root_access_keys_by_the_account_summary_and_by_listing(world):
    assert _reader(world).root_access_keys_present() == RootKeysPresent(1, "this-session")
    delete_session = AwsSession(world.environment("operator").target).assume_root(PROD, DELETE_TASK)
    listed = AwsAccountReader(delete_session, checked_with="list-access-keys", keys_by_listing=True)
    assert listed.root_access_keys_present() == RootKeysPresent(1, "list-access-keys", by_listing=True)
    root = _reader(world, "root", keys_by_listing=True).root_access_keys_present()
    assert root.count == 2  # the management root's two keys, the inactive one included


def test_root_mfa_reads_the_flag_and_the_virtual_devices(world):
    from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device

    reader = _reader(world)
    assert not reader.root_mfa().mfa_enabled and reader.root_mfa().virtual_devices == ()
    serial = add_root_mfa_device(world.state, MGMT, "virtual", "root-phone")
    read = reader.root_mfa()
    assert read.mfa_enabled and [(d.serial, d.kind) for d in read.virtual_devices] == [(serial, MfaKind.VIRTUAL)]


def test_an_iam_users_mfa_serials_and_a_missing_user(world, clock):
    import pyotp

    session = AwsSession(world.environment("operator").target)
    reader = AwsAccountReader(session)
    assert reader.user_mfa_serials("breakglass") == ()
    serial, seed = virtual_mfa.create_virtual_mfa_device(session, "breakglass-phone")
    totp = pyotp.TOTP(seed)  # two consecutive codes, as the app shows them
    virtual_mfa.enable_mfa_device(session, "breakglass", serial, totp.at(clock.now - timedelta(seconds=30)),
                                  totp.at(clock.now))
    assert reader.user_mfa_serials("breakglass") == (serial,)
    with pytest.raises(NotFoundError):
        reader.user_mfa_serials("nobody")


def test_alternate_contacts_of_the_account_and_of_a_member(world):
    reader = _reader(world)
    billing = reader.alternate_contact(ContactType.BILLING)
    assert billing == AlternateContact(ContactType.BILLING, "Priya Natarajan", "Finance lead", "billing@acme.example",
                                       "+1 206 555 0101")
    assert reader.alternate_contact(ContactType.SECURITY) is None
    member = AlternateContact(ContactType.SECURITY, "Mia Chen", "CISO", "security@acme.example", "+1 206 555 0199")
    put_alternate_contact(reader.session, member, PROD)
    assert reader.alternate_contact(ContactType.SECURITY, PROD) == member
    assert reader.alternate_contact(ContactType.SECURITY) is None  # the management account's own is still unset


def test_the_credential_row_and_the_password_flag(world):
    reader = _reader(world)
    row = reader.root_credential_row()
    assert row.arn.endswith(f"{MGMT}:root") and row.report_generated is not None
    assert reader.password_present() is True


def test_a_read_the_identity_may_not_make_raises_the_gateways_error(world):
    delete_session = AwsSession(world.environment("operator").target).assume_root(PROD, DELETE_TASK)
    with pytest.raises(AccessDeniedError):
        AwsAccountReader(delete_session).root_access_keys_present()


def test_the_guard_sees_every_read_with_what_it_is_doing(world):
    doing: list[str] = []

    def guard(what, read):
        doing.append(what)
        return read()

    reader = _reader(world, guard=guard)
    reader.root_access_keys_present()
    reader.root_mfa()
    reader.password_present()
    assert doing == ["read the account summary", "read the root user's MFA", "read the account summary"]

    def expired(what, read):
        raise SessionExpiredError(f"The session expired while trying to {what}.")

    with pytest.raises(SessionExpiredError, match="trying to list the root access keys"):
        _reader(world, guard=expired, keys_by_listing=True).root_access_keys_present()


# -- the checks, read through it ---------------------------------------------------------------

def test_checks_read_through_it_say_what_the_world_holds(world, clock):
    reader = _reader(world)
    keys = NoRootAccessKeys().evaluate(reader, {"account_id": MGMT})
    assert not keys.ok and keys.evidence == {"account_access_keys_present": 1, "checked_with": "this-session"}
    for key in world.console.root_access_keys(MGMT):
        world.console.delete_root_access_key(MGMT, key["key_id"])
    keys = NoRootAccessKeys().evaluate(reader, {"account_id": MGMT})
    assert keys.ok and keys.evidence_kind is Evidence.VERIFIED

    assert not RootMfaOn().evaluate(reader, {}).ok
    from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device

    add_root_mfa_device(world.state, MGMT, "virtual", "root-phone")
    mfa = RootMfaOn(virtual=True, device_fact="device_name").evaluate(reader, {"device_name": "root-phone"})
    assert mfa.ok and mfa.facts == {"serial": f"arn:aws:iam::{MGMT}:mfa/root-phone"}

    billing = {"name": "Priya Natarajan", "title": "Finance lead", "email": "billing@acme.example",
               "phone": "+1 206 555 0101"}
    contact = ContactEquals().evaluate(reader, {"account_id": MGMT, "contact_type": "BILLING", "after": billing})
    assert contact.ok and contact.evidence["matches"] is True

    facts = {"user_name": "operator", "serial": "arn:aws:iam::314159265358:mfa/none"}
    assert MfaDevicePresent().evaluate(reader, facts).evidence == {"assigned": False}


def test_a_password_change_shows_in_a_fresh_report_and_not_before(world, clock):
    reader = _reader(world)
    since = clock()
    check = PasswordChangedAfter(sign_in_counts=True)
    before = check.evaluate(reader, {"since": since.isoformat()})
    assert not before.ok and before.evidence["used_since"] is False
    clock.advance(minutes=1)
    world.console.change_root_password(MGMT, "A-new-root-password-1!")
    world.console.sign_in_root(MGMT, "A-new-root-password-1!")
    after = check.evaluate(reader, {"since": since.isoformat()})
    assert after.ok and after.evidence_kind is Evidence.VERIFIED and after.evidence["used_since"] is True
    assert "A-new-root-password-1!" not in repr(after)
    clock.advance(minutes=1)
    later = check.evaluate(reader, {"since": (clock.now + timedelta(seconds=5)).isoformat()})
    assert not later.ok and later.message.startswith("Cannot be verified yet")
