"""The gateways against the rehearsal world in-process: root-specific answers moto alone lacks."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.posture import read_root_posture
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.findings import Status, evaluate
from rootkeeper.core.identity import PrincipalKind
from rootkeeper.core.posture import ContactType, RootCredentialRow

NOW = datetime.now(timezone.utc)


@pytest.fixture(scope="module")
def shared_realtime_world():
    # Imported here, not at collection: importing the world patches moto for the whole process.
    from rootkeeper.rehearsal.world import start_world

    world = start_world("acme", accounts=0, serve=False)
    yield world
    world.stop()


def test_the_operator_sees_acme_root_without_mfa_with_keys_and_no_security_contact(shared_realtime_world):
    session = AwsSession(shared_realtime_world.environment("operator").target)
    assert who_am_i(session).kind is PrincipalKind.IAM_USER
    posture = read_root_posture(session, now=NOW, sleep=lambda s: None)
    assert posture.mfa_enabled is False and posture.password_present is True
    assert isinstance(posture.credential_row, RootCredentialRow)
    assert posture.credential_row.arn.endswith(":root")
    assert posture.contacts[ContactType.SECURITY] is None
    statuses = {f.control.id: f.status for f in evaluate(posture, NOW)}
    assert statuses["root-mfa"] is Status.FAIL
    assert statuses["root-access-keys"] is Status.FAIL
    assert statuses["security-contact"] is Status.FAIL


def test_a_root_session_learns_its_key_ids(shared_realtime_world):
    session = AwsSession(shared_realtime_world.environment("root").target)
    me = who_am_i(session)
    assert me.kind is PrincipalKind.ROOT and me.arn.endswith(":root")
    posture = read_root_posture(session, now=NOW, identity=me, sleep=lambda s: None)
    key_ids = {key.key_id for key in posture.credential_row.access_keys}
    assert session.target.access_key_id in key_ids
