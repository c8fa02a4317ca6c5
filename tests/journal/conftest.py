"""Fixtures for the journal's tests: journals in the test's tmp dir, on the suite's step clock.
The keyring and the clock are the suite's own (tests/conftest.py); the keyring is never the machine's."""

from __future__ import annotations

from pathlib import Path

import pytest

from rootkeeper.journal import Actor, Journal


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
