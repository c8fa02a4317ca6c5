"""Fixtures for the rehearsal world: one world per test, in process or served over HTTP,
with a clock the test moves by hand."""

from __future__ import annotations

import pytest
from tests.support.rehearsal_clients import Clients, ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def _start(request, clock, serve: bool):
    from rootkeeper.rehearsal.world import start_world

    world = start_world(serve=serve, clock=clock)
    request.addfinalizer(world.stop)
    return world


@pytest.fixture(params=["in-process", "served"])
def world(request, clock):
    """The acme world, once in process and once over HTTP."""
    return _start(request, clock, serve=request.param == "served")


@pytest.fixture
def local_world(request, clock):
    return _start(request, clock, serve=False)


@pytest.fixture
def aws(world) -> Clients:
    return Clients(world)


@pytest.fixture
def local_aws(local_world) -> Clients:
    return Clients(local_world)
