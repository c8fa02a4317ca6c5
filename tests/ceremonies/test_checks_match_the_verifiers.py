"""Each check step of today's runbooks, run by its handler in ceremonies/ and by the library
check meant to replace it (core/checks/, read through aws/account_reader.py), on the same
world and facts: the outcome, message, evidence, evidence kind and facts are the same, so
that binding the step to the check changes no journal entry. Once the runbooks are bound to
the checks, this file has done its work and goes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyotp

from rootkeeper.aws import virtual_mfa
from rootkeeper.aws.account_reader import AwsAccountReader
from rootkeeper.aws.contact_admin import put_alternate_contact
from rootkeeper.aws.root_key_admin import AUDIT_TASK_POLICY, DELETE_TASK_POLICY, RenewableRootSession
from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.contacts import AlternateContacts
from rootkeeper.ceremonies.mfa import IamUserVirtualMfa, RootMfa
from rootkeeper.ceremonies.root_keys import DeleteRootKeys
from rootkeeper.ceremonies.root_password import RotateRootPassword
from rootkeeper.core.account_reading import AccountReader, UnreadableAccount
from rootkeeper.core.checks import (Check, ContactEquals, MfaDevicePresent, NoRootAccessKeys, PasswordChangedAfter,
                                    RootMfaOn, StaleReport)
from rootkeeper.core.posture import AlternateContact, ContactType
from rootkeeper.core.runbook import Runbook
from rootkeeper.core.runbooks import contacts, mfa, root_keys, root_password
from rootkeeper.core.secretbox import SecretBox
from rootkeeper.core.step_contract import Evidence, StepContext, StepHandler, StepOutcome

MGMT, PROD = "314159265358", "314159265401"


def _ctx(runbook: Runbook, step_id: str, facts: dict[str, Any], clock) -> StepContext:
    return StepContext(ceremony_id="parity", runbook=runbook, step=runbook.step(step_id), facts=facts, inputs={},
                       secrets=SecretBox(), now=clock.now)


def _journaled(outcome: StepOutcome) -> tuple:
    kind = outcome.evidence_kind or (Evidence.VERIFIED if outcome.ok else Evidence.NONE)
    return outcome.ok, outcome.message, dict(outcome.evidence), kind, dict(outcome.facts)


def assert_same(handler: StepHandler, check: Check, reader: AccountReader, ctx: StepContext) -> StepOutcome:
    today = handler(ctx)
    assert _journaled(check.evaluate(reader, ctx.facts)) == _journaled(today)
    assert check.describe(ctx.facts) == ctx.step.render_verifies(ctx.facts)  # the same "proves" line
    return today


def _operator(world) -> AwsSession:
    return AwsSession(world.environment("operator").target)


# -- delete-root-keys: VERIFY_NO_KEYS -----------------------------------------------------------

def test_verify_no_keys_is_no_root_access_keys(world, clock):
    session = _operator(world)
    verify = DeleteRootKeys(session, clock=clock).verify
    ctx = _ctx(root_keys.DELETE_ROOT_KEYS, root_keys.VERIFY_NO_KEYS, {"account_id": MGMT}, clock)
    assert not assert_same(verify, NoRootAccessKeys(), AwsAccountReader(session), ctx).ok
    for key in world.console.root_access_keys(MGMT):
        world.console.delete_root_access_key(MGMT, key["key_id"])
    assert assert_same(verify, NoRootAccessKeys(), AwsAccountReader(session), ctx).ok


def test_verify_no_keys_from_a_bare_delete_session_counts_by_listing(world, clock):
    bare = _operator(world).assume_root(PROD, DELETE_TASK_POLICY)
    verify = DeleteRootKeys(bare, clock=clock).verify
    reader = AwsAccountReader(bare, checked_with="list-access-keys", keys_by_listing=True)
    ctx = _ctx(root_keys.DELETE_ROOT_KEYS, root_keys.VERIFY_NO_KEYS, {"account_id": PROD}, clock)
    assert assert_same(verify, NoRootAccessKeys(), reader, ctx).message.startswith("Root access keys = 1")


def test_verify_no_keys_of_a_member_reads_with_an_audit_session(world, clock):
    source = RenewableRootSession(_operator(world), PROD)
    verify = DeleteRootKeys(source, clock=clock).verify
    reader = AwsAccountReader(source.for_task(AUDIT_TASK_POLICY), checked_with="assume-root-audit")
    ctx = _ctx(root_keys.DELETE_ROOT_KEYS, root_keys.VERIFY_NO_KEYS, {"account_id": PROD}, clock)
    assert assert_same(verify, NoRootAccessKeys(), reader, ctx).evidence["checked_with"] == "assume-root-audit"


def test_verify_no_keys_after_the_session_ended_with_no_other_identity(world, clock):
    root = AwsSession(world.environment("root").target)
    verify = DeleteRootKeys(root, clock=clock, check_session=lambda account: None).verify
    reader = UnreadableAccount(  # what the wiring gives when check_session finds no identity
        "The root session ended when its own key was deleted, as intended, so it cannot check the result. Connect "
        f"as an IAM identity of account {MGMT} with iam:GetAccountSummary, then check again.")
    ctx = _ctx(root_keys.DELETE_ROOT_KEYS, root_keys.VERIFY_NO_KEYS, {"account_id": MGMT, "session_ended": True},
               clock)
    assert assert_same(verify, NoRootAccessKeys(), reader, ctx).evidence == {"checked": False}


# -- iam-user-virtual-mfa: VERIFY_ASSIGNED ---------------------------------------------------------

def test_verify_assigned_is_mfa_device_present(world, clock):
    session = _operator(world)
    verify = IamUserVirtualMfa(session, clock=clock).verify_assigned
    serial, seed = virtual_mfa.create_virtual_mfa_device(session, "breakglass-phone")
    ctx = _ctx(mfa.IAM_USER_VIRTUAL_MFA, mfa.VERIFY_ASSIGNED, {"user_name": "breakglass", "serial": serial}, clock)
    assert not assert_same(verify, MfaDevicePresent(), AwsAccountReader(session), ctx).ok
    totp = pyotp.TOTP(seed)
    virtual_mfa.enable_mfa_device(session, "breakglass", serial, totp.at(clock.now - timedelta(seconds=30)),
                                  totp.at(clock.now))
    assert assert_same(verify, MfaDevicePresent(), AwsAccountReader(session), ctx).ok


# -- root-mfa: VERIFY_ROOT_MFA -----------------------------------------------------------------------

ROOT_MFA_CHECK = RootMfaOn(device_fact="device_name", enabled_before_fact="root_mfa_enabled_before")


def test_verify_root_mfa_is_root_mfa_on_with_the_device_named(world, clock):
    from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device

    session = _operator(world)
    verify = RootMfa(session, console=None).verify_root_mfa
    reader = AwsAccountReader(session)

    def outcome(**facts: Any) -> StepOutcome:
        ctx = _ctx(mfa.ROOT_MFA, mfa.VERIFY_ROOT_MFA, {"device_name": "root-phone", **facts}, clock)
        return assert_same(verify, ROOT_MFA_CHECK, reader, ctx)

    assert not outcome(root_mfa_enabled_before=False).ok
    world.console.assign_root_mfa(MGMT, "safe-token", kind="hardware")
    assert outcome(root_mfa_enabled_before=False).ok  # newly on: a hardware key, or another name
    assert not outcome(root_mfa_enabled_before=True).ok  # it was on before: the named device is missing
    add_root_mfa_device(world.state, MGMT, "virtual", "root-phone")
    assert outcome(root_mfa_enabled_before=True).facts == {"serial": f"arn:aws:iam::{MGMT}:mfa/root-phone"}


# -- alternate-contacts: READ_BACK_CONTACT ------------------------------------------------------------

CONTACT = {"name": "Mia Chen", "title": "CISO", "email": "security@acme.example", "phone": "+1 206 555 0199"}


def test_read_back_contact_is_contact_equals(world, clock):
    session = _operator(world)
    read_back = AlternateContacts(session).read_back
    check, reader = ContactEquals(account_fact="target_account_id"), AwsAccountReader(session)

    def outcome(target: str, contact_type: str, after: Any) -> StepOutcome:
        facts = {"account_id": MGMT, "target_account_id": target, "member_account": target != MGMT,
                 "contact_type": contact_type, "after": after}
        return assert_same(read_back, check, reader, _ctx(contacts.ALTERNATE_CONTACTS, contacts.READ_BACK_CONTACT,
                                                          facts, clock))

    assert not outcome(MGMT, "SECURITY", CONTACT).ok
    assert outcome(MGMT, "SECURITY", None).ok
    put_alternate_contact(session, AlternateContact(ContactType.SECURITY, **CONTACT), PROD)
    assert outcome(PROD, "SECURITY", CONTACT).ok
    assert not outcome(PROD, "SECURITY", {**CONTACT, "title": "CTO"}).ok
    assert not outcome(MGMT, "BILLING", CONTACT).ok


# -- rotate-root-password: VERIFY_CHANGE -----------------------------------------------------------------

def test_verify_change_is_password_changed_after_with_sign_in_left_to_the_attestation(world, clock):
    session = _operator(world)
    verify = RotateRootPassword(session).verify
    check = PasswordChangedAfter(sign_in_counts=True, stale_report=StaleReport.LEFT_TO_ATTESTATION)
    reader = AwsAccountReader(session)
    reader.root_credential_row()  # a report made now: older than the moment below
    clock.advance(minutes=1)
    ctx = _ctx(root_password.ROTATE_ROOT_PASSWORD, root_password.VERIFY_CHANGE, {"since": clock().isoformat()},
               clock)
    stale = assert_same(verify, check, reader, ctx)
    assert stale.ok and stale.evidence_kind is Evidence.NONE
    clock.advance(hours=5)  # AWS makes a new report: fresh, and no sign-in since
    assert not assert_same(verify, check, reader, ctx).ok
    world.console.change_root_password(MGMT, "A-new-root-password-1!")
    world.console.sign_in_root(MGMT, "A-new-root-password-1!")
    assert assert_same(verify, check, reader, ctx).evidence["used_since"] is True
