"""aws/org_scan: every member's root credentials through AssumeRoot, checked against the
rehearsal world's own state; throttling ridden out, cancel leaves a partial result, one
member's failure stays that member's, root sessions renewed before they end."""

from __future__ import annotations

import threading

import pytest

from rootkeeper.aws.org_scan import CALLS_PER_MEMBER, read_member_root, scan_members
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import AccessDeniedError, ValidationError
from rootkeeper.rehearsal.world import start_world
from tests.support.rehearsal_clients import LEGACY, MGMT, PROD, SANDBOX, ManualClock


def _world(request, **options):
    world = start_world(**options)
    request.addfinalizer(world.stop)
    return world


def _members(world):
    return [(account, f"name-{account}") for account in world.member_account_ids]


def _expected(world, account_id):
    root = world.state.roots[account_id]
    return (root.password is not None, tuple(root.key_ids), tuple(d.serial for d in root.mfa_devices),
            tuple(c.certificate_id for c in root.signing_certificates))


def _seen(member):
    return (member.password, member.access_keys, member.mfa_devices, member.signing_certificates)


@pytest.mark.parametrize("serve", [False, True], ids=["in-process", "served"])
def test_the_scan_reads_every_member_as_the_world_holds_it(request, serve):
    world = _world(request, accounts=40, serve=serve)
    session = AwsSession(world.identities["operator"].target)
    seen: list = []
    results = scan_members(session, _members(world), concurrency=6, on_result=seen.append)
    assert [m.account_id for m in results] == world.member_account_ids  # all, in the order given
    assert sorted(m.account_id for m in seen) == sorted(world.member_account_ids)
    for member in results:
        assert member.error is None
        assert member.name == f"name-{member.account_id}"
        assert _seen(member) == _expected(world, member.account_id)
    by_id = {m.account_id: m for m in results}
    assert by_id[PROD].credentials == ("password", "keys")
    assert by_id[LEGACY].credentials == ("password", "mfa", "certs")
    # AssumeRoot + 4 reads per member, nothing more (no retries without throttling).
    assert world.state.traffic.calls == CALLS_PER_MEMBER * len(results)


def test_the_scan_rides_out_heavy_throttling(request):
    world = _world(request, accounts=12, serve=True, throttle=0.4)
    session = AwsSession(world.identities["operator"].target)
    results = scan_members(session, _members(world), concurrency=8)
    assert all(m.error is None for m in results)
    assert [_seen(m) for m in results] == [_expected(world, a) for a in world.member_account_ids]
    assert world.state.traffic.throttled > 10  # it was really throttled, and retried


def test_cancel_keeps_what_was_read_and_starts_nothing_more(local_world_with_accounts):
    world = local_world_with_accounts
    cancel = threading.Event()
    seen = []

    def after(member):
        seen.append(member)
        if len(seen) == 3:
            cancel.set()

    session = AwsSession(world.identities["operator"].target)
    results = scan_members(session, _members(world), concurrency=1, on_result=after, cancel=cancel)
    assert [m.account_id for m in results] == world.member_account_ids[:3]
    assert world.state.traffic.calls == 3 * CALLS_PER_MEMBER


@pytest.fixture
def local_world_with_accounts(request):
    return _world(request, accounts=10)


def test_a_member_that_cannot_be_read_is_an_error_row_not_the_end(local_world_with_accounts):
    world = local_world_with_accounts
    members = [(PROD, "acme-prod"), (MGMT, "acme-mgmt"), ("999999999999", "stranger"), (LEGACY, "acme-legacy")]
    results = scan_members(AwsSession(world.identities["operator"].target), members, concurrency=2)
    assert [m.read for m in results] == [True, False, False, True]
    assert f"may not assume root in account {MGMT}" in (results[1].error or "")
    assert results[1].password is None and not results[1].has_credentials
    assert results[3].credentials == ("password", "mfa", "certs")


def test_without_root_sessions_every_member_says_why(local_world_with_accounts):
    world = local_world_with_accounts
    world.state.organization_features.discard("RootSessions")
    results = scan_members(AwsSession(world.identities["operator"].target), _members(world)[:3])
    assert all(not m.read and "root sessions" in (m.error or "") for m in results)


def test_a_root_session_is_renewed_before_its_end(request):
    """Each read comes 400 s after the one before: the first root session (900 s) would
    expire before the last read; the scan assumes root again instead of failing."""
    clock = ManualClock()
    world = _world(request, clock=clock)

    def later():
        clock.advance(seconds=400)
        return clock()

    member = read_member_root(AwsSession(world.identities["operator"].target), LEGACY, "acme-legacy", now=later)
    assert member.error is None and member.credentials == ("password", "mfa", "certs")
    assert len(world.state.sessions) >= 2


@pytest.mark.parametrize("concurrency", [0, 1000])
def test_the_concurrency_is_bounded(local_world_with_accounts, concurrency):
    with pytest.raises(ValidationError):
        scan_members(AwsSession(local_world_with_accounts.identities["operator"].target), [], concurrency=concurrency)


def test_read_member_root_shows_what_the_member_root_holds(world):
    session = AwsSession(world.identities["operator"].target)
    legacy = read_member_root(session, LEGACY)
    assert legacy.password is True and legacy.mfa_devices == ("GAKT00000404",)
    assert legacy.signing_certificates == ("ACMELEGACYSIGNINGCERT001",) and legacy.access_keys == ()
    assert read_member_root(session, PROD).access_keys == ("AKIAACMEPRODROOT0001",)
    assert not read_member_root(session, SANDBOX).has_credentials


def test_read_member_root_raises_what_refused_it(world):
    root = AwsSession(world.identities["root"].target)
    with pytest.raises(AccessDeniedError):
        read_member_root(root, PROD)
