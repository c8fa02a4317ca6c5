"""Suite-wide isolation: every test gets its own ROOTKEEPER_HOME and no user config.

The fixtures here mean the same thing everywhere: ``clock`` is the one StepClock
(tests/support/clock.py) and ``world`` the acme world in process on that clock. A folder's
conftest.py adds fixtures of other names (the rehearsal tests' ``manual_clock`` and
``either_world``, the gateway tests' ``moto_session``), never a second meaning of these."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from tests.support.clock import StepClock

_REPO = Path(__file__).resolve().parent.parent  # child processes import tests.support.file_keyring from here


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "rootkeeper-home"
    monkeypatch.setenv("ROOTKEEPER_HOME", str(home))
    # No real AWS credentials or config may leak into a test.
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                 "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return home


class MemoryKeyring(KeyringBackend):
    """The keyring every test runs with, in-process: a dict, never the machine's keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.values.get((service, username))

    def set_password(self, service, username, password):
        self.values[(service, username)] = password

    def delete_password(self, service, username):
        if self.values.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def test_keyring(tmp_path, monkeypatch):
    """An in-memory keyring for this process; for child processes, a JSON-file keyring in
    the test's tmp dir (see tests/support/file_keyring.py)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.support.file_keyring.JsonFileKeyring")
    monkeypatch.setenv("ROOTKEEPER_TEST_KEYRING_FILE", str(tmp_path / "test-keyring.json"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(_REPO),
                                                                    os.environ.get("PYTHONPATH")])))
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def world(clock):
    from rootkeeper.rehearsal.world import start_world

    world = start_world("acme", clock=clock)
    yield world
    world.stop()
