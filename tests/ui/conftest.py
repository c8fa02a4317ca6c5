"""Fixtures of the ceremony Pilot tests: a clock the app and the world share, and the acme
rehearsal world in process on it."""

from __future__ import annotations

import pytest
from ceremony_support import StepClock


@pytest.fixture
def clock():
    return StepClock()


@pytest.fixture
def world(clock):
    from rootkeeper.rehearsal.world import start_world

    world = start_world("acme", clock=clock)
    yield world
    world.stop()
