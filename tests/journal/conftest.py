"""Fixtures for the journal's tests: an injected clock and journals in the test's tmp dir.
The keyring is the suite's own (tests/conftest.py), never the machine's."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from rootkeeper.journal import Actor, Journal


class StepClock:
    """A clock that moves one second per reading, from a fixed moment."""

    def __init__(self, start: datetime = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def journal_path(tmp_path) -> Path:
    return tmp_path / "journal" / "journal.jsonl"


@pytest.fixture
def journal(journal_path, clock) -> Journal:
    return Journal.open(rehearsal=False, path=journal_path, clock=clock)


@pytest.fixture
def actor() -> Actor:
    return Actor(operator="Olivia Operator", os_user="olivia", host="laptop-7",
                 aws_arn="arn:aws:iam::123456789012:user/olivia", account_id="123456789012")
