"""Fixtures for the gateway tests: plain moto (in-process) and a session onto it."""

from __future__ import annotations

import pytest
from moto import mock_aws

from rootkeeper.aws.session import AwsSession
from rootkeeper.core.environment import AwsTarget

STATIC = AwsTarget(access_key_id="testing", secret_access_key="testing")


@pytest.fixture
def moto():
    with mock_aws():
        yield


@pytest.fixture
def moto_session(moto) -> AwsSession:
    return AwsSession(STATIC)
