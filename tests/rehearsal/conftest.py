"""Fixtures for the rehearsal world: one world per test, in process or served over HTTP,
with a clock the test moves by hand."""

from __future__ import annotations

import pytest

from tests.support.rehearsal_clients import Clients, ManualClock


@pytest.fixture
def manual_clock() -> ManualClock:
    return ManualClock()


def _start(request, manual_clock, serve: bool):
    from rootkeeper.rehearsal.world import start_world

    world = start_world(serve=serve, clock=manual_clock)
    request.addfinalizer(world.stop)
    return world


@pytest.fixture(params=["in-process", "served"])
def either_world(request, manual_clock):
    """The acme world on the manual clock, once in process and once over HTTP (two runs of each test)."""
    return _start(request, manual_clock, serve=request.param == "served")


@pytest.fixture
def local_world(request, manual_clock):
    return _start(request, manual_clock, serve=False)


@pytest.fixture
def aws(either_world) -> Clients:
    return Clients(either_world)


@pytest.fixture
def local_aws(local_world) -> Clients:
    return Clients(local_world)
