"""The member-root gateways against the acme rehearsal world, from the management account's
'operator': the members (aws/org_members.py), the audit of a member's root (the scan's
aws/org_scan.read_member_root), the deletion of all its credentials (each read back by a fresh
audit session) and allowing password recovery (aws/member_root.py) — the one place both the
recovery runbook and the bulk remediation go through."""

from __future__ import annotations

import pytest

from rootkeeper.aws import member_root as gateway
from rootkeeper.aws.org_members import scannable_organization
from rootkeeper.aws.org_scan import read_member_root
from rootkeeper.aws.organization import describe_member, list_members
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import AccessDeniedError, RootkeeperError, SessionExpiredError, ValidationError
from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device
from tests.support.refusals import refusing_in_member_roots

MGMT, PROD, DATA, LEGACY, SANDBOX = "314159265358", "314159265401", "314159265402", "314159265404", "314159265403"
PROD_KEY = "AKIAACMEPRODROOT0001"


@pytest.fixture
def session(world):
    return AwsSession(world.identities["operator"].target)


def test_the_members_are_listed_without_the_management_account(session):
    members = list_members(session)
    assert [(m.account_id, m.name) for m in members][:4] == [
        (PROD, "acme-prod"), (DATA, "acme-data"), (SANDBOX, "acme-sandbox"), (LEGACY, "acme-legacy")]
    assert MGMT not in [m.account_id for m in members]
    assert list_members(session, MGMT) == members  # the management account given: no DescribeOrganization


def test_a_closed_member_is_listed_with_its_status_and_left_out_of_the_scan(session):
    session.client("organizations").close_account(AccountId=DATA)
    by_id = {m.account_id: m for m in list_members(session)}
    assert by_id[DATA].status == "SUSPENDED" and not by_id[DATA].active and by_id[PROD].active
    scanned = [account for account, _ in scannable_organization(session).members]
    assert DATA not in scanned and PROD in scanned and MGMT not in scanned


@pytest.mark.parametrize("typed, says", [("31415926540", "12 digits"), (MGMT, "management account"),
                                         ("999999999999", "not a member")])
def test_only_a_member_of_this_organization_is_accepted(session, typed, says):
    with pytest.raises(ValidationError) as refused:
        describe_member(session, typed)
    assert says in str(refused.value)


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
    assert read_member_root(session, PROD).password is True
    again = gateway.allow_member_password_recovery(session, PROD)
    assert not again.created  # an existing login profile is left alone


def test_aws_refuses_a_password_from_an_assume_root_session_as_documented(session):
    root = session.assume_root(SANDBOX, gateway.CREATE_PASSWORD)
    with pytest.raises(ValidationError) as refused:
        from rootkeeper.aws.errors import aws_errors

        with aws_errors("create the login profile"):
            root.client("iam").create_login_profile(Password="Chosen-By-Api-1!")
    assert "InvalidInput" == refused.value.code
    assert read_member_root(session, SANDBOX).password is False


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


def test_a_refusal_after_something_was_deleted_is_returned_with_the_read_back(session, monkeypatch):
    monkeypatch.setattr(AwsSession, "assume_root", refusing_in_member_roots("DeleteAccessKey"))
    result = gateway.delete_member_root_credentials(session, PROD)
    assert result.password_deleted and result.access_keys_deleted == ()
    assert f"may not delete the root access key {PROD_KEY}" in (result.error or "") and not result.complete
    assert result.remaining.access_keys == (PROD_KEY,) and result.remaining.password is False  # read back
    assert result.to_json()["error"] == result.error


def test_a_refusal_before_anything_was_deleted_raises_and_changes_nothing(session, monkeypatch):
    monkeypatch.setattr(AwsSession, "assume_root", refusing_in_member_roots("DeleteLoginProfile"))
    with pytest.raises(AccessDeniedError):
        gateway.delete_member_root_credentials(session, PROD)
    monkeypatch.undo()
    assert read_member_root(session, PROD).credentials == ("password", "keys")
