"""`rootkeeper rehearse --endpoint-url URL` joins a world served by `rootkeeper world serve`:
the same identities, and a console simulator whose actions the served world's API shows."""

from __future__ import annotations

import boto3
import pytest

from rootkeeper.core.errors import EndpointError
from rootkeeper.rehearsal.remote import join_served_world
from rootkeeper.rehearsal.world import start_world
from tests.support.authenticator import assign_virtual_root_mfa


def test_joining_a_served_world_gives_its_identities_and_its_console():
    world = start_world("acme", serve=True, port=0)
    try:
        env = join_served_world(world.endpoint_url, "operator")
        assert env.rehearsal and env.scenario == "acme"
        assert env.management_account_id == world.management_account_id
        assert set(env.identities) == set(world.identities)
        assert env.target.endpoint_url == world.endpoint_url
        assign_virtual_root_mfa(env.console, world.management_account_id, "joined-phone", world.state.now())
        root = world.identities["root"].target
        iam = boto3.client("iam", region_name="us-east-1", endpoint_url=world.endpoint_url,
                           aws_access_key_id=root.access_key_id, aws_secret_access_key=root.secret_access_key)
        assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 1
    finally:
        world.stop()


def test_joining_where_no_world_answers_says_how_to_start_one():
    with pytest.raises(EndpointError, match="world serve"):
        join_served_world("http://127.0.0.1:9", timeout=2)
