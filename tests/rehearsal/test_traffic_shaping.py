"""The world's latency and throttling (`world serve --latency-ms L --throttle P`), in process
and served: every call waits L at the gate; a seeded share of calls gets AWS's Throttling."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from rootkeeper.core.errors import ValidationError
from rootkeeper.rehearsal import traffic
from rootkeeper.rehearsal.world import start_world

NO_RETRY = Config(retries={"mode": "standard", "total_max_attempts": 1})


@pytest.fixture(params=["in-process", "served"])
def shaped(request):
    def start(**shaping):
        world = start_world(serve=request.param == "served", **shaping)
        request.addfinalizer(world.stop)
        return world
    return start


def _iam(world):
    target = world.identities["operator"].target
    return boto3.client("iam", region_name="us-east-1", endpoint_url=world.endpoint_url, config=NO_RETRY,
                        aws_access_key_id=target.access_key_id, aws_secret_access_key=target.secret_access_key)


def _outcomes(iam, calls: int) -> list[str]:
    outcomes = []
    for _ in range(calls):
        try:
            iam.get_user(UserName="operator")
            outcomes.append("ok")
        except ClientError as error:
            outcomes.append(error.response["Error"]["Code"])
    return outcomes


def test_every_call_waits_the_latency_at_the_gate(shaped, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(traffic.time, "sleep", waits.append)
    world = shaped(latency_ms=120)
    assert _outcomes(_iam(world), 3) == ["ok"] * 3
    assert waits == [0.12] * 3
    assert world.state.traffic.calls == 3


def test_no_latency_no_wait(shaped, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(traffic.time, "sleep", waits.append)
    assert _outcomes(_iam(shaped()), 2) == ["ok", "ok"]
    assert waits == []


def test_a_seeded_share_of_calls_is_throttled_and_the_sequence_repeats(shaped):
    first = _outcomes(_iam(shaped(throttle=0.3, throttle_seed=7)), 200)
    assert set(first) == {"ok", "Throttling"}
    assert 40 <= first.count("Throttling") <= 80  # about 60 of 200
    again = _outcomes(_iam(shaped(throttle=0.3, throttle_seed=7)), 200)
    assert again == first
    other = _outcomes(_iam(shaped(throttle=0.3, throttle_seed=8)), 200)
    assert other != first


def test_throttling_is_what_botocore_retries(shaped):
    """A client with retries rides out a throttled share: the calls all succeed in the end."""
    world = shaped(throttle=0.5)
    target = world.identities["operator"].target
    iam = boto3.client("iam", region_name="us-east-1", endpoint_url=world.endpoint_url,
                       config=Config(retries={"mode": "standard", "total_max_attempts": 10}),
                       aws_access_key_id=target.access_key_id, aws_secret_access_key=target.secret_access_key)
    for _ in range(10):
        assert iam.get_user(UserName="operator")["User"]["UserName"] == "operator"
    assert world.state.traffic.throttled > 0


def test_json_services_throttle_in_their_own_protocol(shaped):
    world = shaped(throttle=1.0)
    target = world.identities["operator"].target
    org = boto3.client("organizations", region_name="us-east-1", endpoint_url=world.endpoint_url, config=NO_RETRY,
                       aws_access_key_id=target.access_key_id, aws_secret_access_key=target.secret_access_key)
    with pytest.raises(ClientError) as excinfo:
        org.describe_organization()
    assert excinfo.value.response["Error"]["Code"] == "ThrottlingException"


@pytest.mark.parametrize("shaping", [{"throttle": 1.5}, {"throttle": -0.1}, {"latency_ms": -1}])
def test_bad_shaping_is_refused_before_the_world_starts(shaping):
    with pytest.raises(ValidationError):
        start_world(**shaping)
