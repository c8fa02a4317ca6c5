"""The root email address: read through Organizations where the session can, why not where not."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rootkeeper.aws.organization import read_root_email
from rootkeeper.aws.posture import read_root_posture
from rootkeeper.core.errors import NotFoundError
from rootkeeper.core.findings import Status, evaluate
from rootkeeper.core.posture import Unknown

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
ACCOUNT = "123456789012"


def test_the_management_account_reads_its_own_root_email_with_describe_account(moto_session):
    organizations = moto_session.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    expected = organizations.describe_account(AccountId=ACCOUNT)["Account"]["Email"]
    assert read_root_email(moto_session, ACCOUNT) == expected
    posture = read_root_posture(moto_session, now=NOW, sleep=lambda s: None)
    assert posture.root_email == expected
    finding = next(f for f in evaluate(posture, NOW) if f.control.id == "root-email-domain")
    assert finding.status is Status.PASS and expected in finding.evidence


def test_outside_an_organization_the_root_email_is_unknown_and_says_where_to_look(moto_session):
    with pytest.raises(NotFoundError, match="not in an Organization.*console's Account page"):
        read_root_email(moto_session, ACCOUNT)
    posture = read_root_posture(moto_session, now=NOW, sleep=lambda s: None)
    assert isinstance(posture.root_email, Unknown) and "not in an Organization" in posture.root_email.reason
    finding = next(f for f in evaluate(posture, NOW) if f.control.id == "root-email-domain")
    assert finding.status is Status.UNKNOWN
