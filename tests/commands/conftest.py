"""Fixtures of the command tests."""

from __future__ import annotations

import pytest
from moto import mock_aws


@pytest.fixture
def moto_account(monkeypatch):
    """Plain moto (not the rehearsal world), with dummy credentials: one fresh account."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield
