"""enable-centralized-root-access in the "acme-central-off" world: trusted access for IAM, then
the two features, each read back (verified); the world refuses each feature as AWS does
before its prerequisite; the control goes from fail to pass and AssumeRoot starts working."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rootkeeper.aws import org_root_access
from rootkeeper.ceremonies.registry import handlers_for
from rootkeeper.core.ceremony import CeremonyStatus
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.runbooks import ENABLE_CENTRALIZED_ROOT_ACCESS, runbook_for
from rootkeeper.core.step_contract import Outcome
from tests.support.acme_ceremony import PROD, control_status, start_ceremony

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def world(clock):
    from rootkeeper.rehearsal.world import start_world

    world = start_world("acme-central-off", clock=clock)
    yield world
    world.stop()


@pytest.fixture
def start(environment, session, identity, recorder, clock):
    def begin():
        runbook = ENABLE_CENTRALIZED_ROOT_ACCESS
        return start_ceremony(runbook, handlers_for(runbook, environment, session, clock), identity, recorder, clock,
                              management_account_id=environment.management_account_id)
    return begin


def test_the_posture_opens_this_runbook_for_the_control():
    assert runbook_for("centralized-root-access") is ENABLE_CENTRALIZED_ROOT_ACCESS


def test_features_off_to_on_each_read_back(start, session):
    assert control_status(session, "centralized-root-access", NOW) == "fail"
    with pytest.raises(RootkeeperError):
        session.assume_root(PROD, "IAMAuditRootUserCredentials")  # no root sessions yet
    ceremony = start()
    assert ceremony.run_step().outcome is Outcome.FAILED  # no Yes: nothing changed
    assert not org_root_access.iam_trusted_access(session)
    trusted = ceremony.run_step(confirmed=True)
    assert trusted.outcome is Outcome.OK, trusted.message
    assert trusted.evidence["trusted_access"] == "iam.amazonaws.com"
    assert org_root_access.iam_trusted_access(session)
    managed = ceremony.run_step(confirmed=True)
    assert managed.outcome is Outcome.OK, managed.message
    assert managed.evidence["enabled_features"] == ["RootCredentialsManagement"]
    sessions = ceremony.run_step(confirmed=True)
    assert sessions.outcome is Outcome.OK, sessions.message
    assert sessions.evidence["enabled_features"] == ["RootCredentialsManagement", "RootSessions"]
    assert ceremony.status is CeremonyStatus.FINISHED
    assert [r.evidence_kind for r in ceremony.results if r.outcome is Outcome.OK] == [Evidence.VERIFIED] * 3
    assert control_status(session, "centralized-root-access", NOW) == "pass"
    assert session.assume_root(PROD, "IAMAuditRootUserCredentials").is_assumed_root


def test_the_world_refuses_a_feature_while_trusted_access_is_off_and_says_what_to_do(session):
    with pytest.raises(RootkeeperError) as refused:
        org_root_access.enable_feature(session, org_root_access.ROOT_SESSIONS)
    assert refused.value.code == "ServiceAccessNotEnabledException"
    assert "trusted access for iam is off" in str(refused.value).lower()
    org_root_access.enable_iam_trusted_access(session)
    assert org_root_access.enabled_features(session) == frozenset()


def test_a_member_account_is_told_to_use_the_management_account(world):
    from tests.support.acme_ceremony import session_as

    management = session_as(world, "operator")
    org_root_access.enable_iam_trusted_access(management)
    member = session_as(world, "prod-root")
    with pytest.raises(RootkeeperError) as refused:
        org_root_access.enable_feature(member, org_root_access.ROOT_CREDENTIALS_MANAGEMENT)
    assert "management account" in str(refused.value)


def test_features_already_on_change_nothing_and_say_so(start, session):
    org_root_access.enable_iam_trusted_access(session)
    org_root_access.enable_feature(session, org_root_access.ROOT_CREDENTIALS_MANAGEMENT)
    ceremony = start()
    first = ceremony.run_step(confirmed=True)
    assert first.outcome is Outcome.OK and "already on" in first.message and first.evidence["changed"] is False
    second = ceremony.run_step(confirmed=True)
    assert "already on" in second.message
    third = ceremony.run_step(confirmed=True)
    assert third.evidence["enabled"] == "RootSessions"
