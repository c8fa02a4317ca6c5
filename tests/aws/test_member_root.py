"""aws/member_root.py against the acme rehearsal world, from the management account's
'operator': the members, the audit of a member's root, the deletion of all its credentials
(each read back by a fresh audit session), and allowing password recovery."""

from __future__ import annotations

import pytest

from rootkeeper.aws import member_root as gateway
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import AccessDeniedError, RootkeeperError, SessionExpiredError, ValidationError
from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device

MGMT, PROD, LEGACY, SANDBOX = "314159265358", "314159265401", "314159265404", "314159265403"
PROD_KEY = "AKIAACMEPRODROOT0001"


@pytest.fixture
def session(world):
    return AwsSession(world.identities["operator"].target)


def test_the_members_are_listed_without_the_management_account(session):
    members = gateway.list_members(session)
    assert [(m.account_id, m.name) for m in members][:4] == [
        (PROD, "acme-prod"), ("314159265402", "acme-data"), (SANDBOX, "acme-sandbox"), (LEGACY, "acme-legacy")]
    assert MGMT not in [m.account_id for m in members]


@pytest.mark.parametrize("typed, says", [("31415926540", "12 digits"), (MGMT, "management account"),
                                         ("999999999999", "not a member")])
def test_only_a_member_of_this_organization_is_accepted(session, typed, says):
    with pytest.raises(ValidationError) as refused:
        gateway.describe_member(session, typed)
    assert says in str(refused.value)


def test_the_audit_shows_what_the_member_root_holds(session):
    legacy = gateway.audit_member_root(session, LEGACY)
    assert legacy.password is True and legacy.mfa_devices == ("GAKT00000404",)
    assert legacy.signing_certificates == ("ACMELEGACYSIGNINGCERT001",) and legacy.access_keys == ()
    assert gateway.audit_member_root(session, PROD).access_keys == (PROD_KEY,)
    assert not gateway.audit_member_root(session, SANDBOX).has_credentials


def test_every_credential_is_deleted_and_read_back(world, session):
    virtual = add_root_mfa_device(world.state, LEGACY, "virtual", "legacy-phone")
    result = gateway.delete_member_root_credentials(session, LEGACY)
    assert result.password_deleted and result.signing_certificates_deleted == ("ACMELEGACYSIGNINGCERT001",)
    assert set(result.mfa_devices_deactivated) == {"GAKT00000404", virtual}
    assert result.virtual_mfa_devices_deleted == (virtual,)  # no orphan virtual device is left
    assert result.complete and not result.remaining.has_credentials
    from moto.iam.models import iam_backends

    assert virtual not in iam_backends[LEGACY]["global"].virtual_mfa_devices
    again = gateway.delete_member_root_credentials(session, LEGACY)
    assert not again.deleted_anything and again.complete


def test_the_prod_root_key_stops_working_once_deleted(world, session):
    result = gateway.delete_member_root_credentials(session, PROD)
    assert result.access_keys_deleted == (PROD_KEY,) and result.password_deleted and result.complete
    with pytest.raises(RootkeeperError):
        from rootkeeper.aws.identity import who_am_i

        who_am_i(AwsSession(world.identities["prod-root"].target))


def test_password_recovery_is_allowed_with_no_password_and_read_back(session):
    gateway.delete_member_root_credentials(session, PROD)
    allowed = gateway.allow_member_password_recovery(session, PROD)
    assert allowed.created and allowed.login_profile_created_at is not None
    assert gateway.audit_member_root(session, PROD).password is True
    again = gateway.allow_member_password_recovery(session, PROD)
    assert not again.created  # an existing login profile is left alone


def test_aws_refuses_a_password_from_an_assume_root_session_as_documented(session):
    root = session.assume_root(SANDBOX, gateway.CREATE_PASSWORD)
    with pytest.raises(ValidationError) as refused:
        from rootkeeper.aws.errors import aws_errors

        with aws_errors("create the login profile"):
            root.client("iam").create_login_profile(Password="Chosen-By-Api-1!")
    assert "InvalidInput" == refused.value.code
    assert gateway.audit_member_root(session, SANDBOX).password is False


def test_the_root_key_of_the_management_account_cannot_do_it(world):
    root = AwsSession(world.identities["root"].target)
    with pytest.raises(AccessDeniedError):
        gateway.audit_member_root(root, PROD)


def test_without_root_sessions_assume_root_is_refused(world, session):
    world.state.organization_features.clear()
    with pytest.raises(AccessDeniedError) as refused:
        gateway.delete_member_root_credentials(session, PROD)
    assert "centralized root access" in str(refused.value) or "AssumeRoot" in str(refused.value)


def test_a_session_that_expires_half_way_is_renewed_and_the_work_taken_up(world, clock, session, monkeypatch):
    original = AwsSession.assume_root
    opened: list[str] = []

    def assume_then_expire(self, member, policy, duration=900):
        opened.append(policy)
        root = original(self, member, policy, duration)
        if len(opened) == 1:  # the first delete session: it expires after its first call
            iam = root.client("iam")
            iam.meta.events.register("after-call.iam.GetLoginProfile", lambda **_: clock.advance(seconds=901))
        return root

    monkeypatch.setattr(AwsSession, "assume_root", assume_then_expire)
    result = gateway.delete_member_root_credentials(session, LEGACY)
    assert result.sessions_renewed == 1 and result.complete
    assert opened[:2] == [gateway.DELETE, gateway.DELETE]


def test_an_expiry_twice_in_a_row_is_reported(world, clock, session, monkeypatch):
    original = AwsSession.assume_root

    def always_expiring(self, member, policy, duration=900):
        root = original(self, member, policy, duration)
        root.client("iam").meta.events.register("after-call.iam.GetLoginProfile",
                                                lambda **_: clock.advance(seconds=901))
        return root

    monkeypatch.setattr(AwsSession, "assume_root", always_expiring)
    with pytest.raises(SessionExpiredError):
        gateway.delete_member_root_credentials(session, LEGACY)
