"""A keyring backend for tests' child processes: a JSON file under the test's tmp dir,
named by $ROOTKEEPER_TEST_KEYRING_FILE, shared by every process of one test.

Selected with PYTHON_KEYRING_BACKEND=tests.support.file_keyring.JsonFileKeyring (tests/conftest.py
puts the repository on PYTHONPATH), so no test ever reaches the machine's keyring."""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class JsonFileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def file(self) -> Path:
        return Path(os.environ["ROOTKEEPER_TEST_KEYRING_FILE"])

    @contextmanager
    def _locked(self):
        fd = os.open(str(self.file) + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _read(self) -> dict:
        try:
            return json.loads(self.file.read_text())
        except FileNotFoundError:
            return {}

    def _write(self, values: dict) -> None:
        temporary = self.file.with_suffix(".tmp")
        temporary.write_text(json.dumps(values))
        os.replace(temporary, self.file)

    def get_password(self, service, username):
        with self._locked():
            return self._read().get(f"{service}\0{username}")

    def set_password(self, service, username, password):
        with self._locked():
            values = self._read()
            values[f"{service}\0{username}"] = password
            self._write(values)

    def delete_password(self, service, username):
        with self._locked():
            values = self._read()
            if values.pop(f"{service}\0{username}", None) is None:
                raise PasswordDeleteError(username)
            self._write(values)
