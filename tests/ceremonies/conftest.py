"""Fixtures of the ceremony tests: the acme rehearsal world in process, on a clock the
ceremony shares, and an AwsSession onto it as the 'operator' IAM user."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from tests.support.mfa_ceremony import ListRecorder


@pytest.fixture
def environment(world):
    return world.environment("operator")


@pytest.fixture
def session(environment):
    from rootkeeper.aws.session import AwsSession

    return AwsSession(environment.target)


@pytest.fixture
def identity(session):
    from rootkeeper.aws.identity import who_am_i

    return who_am_i(session)


@pytest.fixture
def iam(world):
    """A plain boto3 IAM client as the operator: how the tests look at the world."""
    import boto3

    target = world.identities["operator"].target
    return boto3.client("iam", region_name="us-east-1", aws_access_key_id=target.access_key_id,
                        aws_secret_access_key=target.secret_access_key)


@pytest.fixture
def recorder() -> ListRecorder:
    return ListRecorder()


@pytest.fixture
def debug_log():
    """Everything logged, at DEBUG, to a file under ROOTKEEPER_HOME: botocore included, so
    that a test searching that directory for secrets searches the logs too."""
    path = Path(os.environ["ROOTKEEPER_HOME"]) / "logs" / "debug.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(previous)
    handler.close()


@pytest.fixture
def custodians_world(clock):
    """The "custodians" scenario in process: acme, plus three custodians of its root, one leaving."""
    from rootkeeper.rehearsal.world import start_world

    world = start_world("custodians", clock=clock)
    yield world
    world.stop()
