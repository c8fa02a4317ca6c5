"""The encrypted keyring file in tests: a headless machine (keyring's fail backend), the file
keyring chosen, a cheap scrypt cost, and a scripted terminal.

The passphrase reaches rootkeeper only by monkeypatching ``passphrase.read_secret``, the one
function that reads the terminal: there is no environment variable or argument that could
give it in production."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
from keyring.backends import fail

from rootkeeper.journal import keyring_choice, keyring_file, passphrase

PASSPHRASE = "correct horse battery staple"


class ScriptedTerminal:
    """What the operator types at each no-echo prompt, in order; records the prompts."""

    def __init__(self) -> None:
        self.typed: list[str] = []
        self.prompts: list[str] = []

    def type(self, *lines: str) -> ScriptedTerminal:
        self.typed.extend(lines)
        return self

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.typed:
            raise AssertionError(f"rootkeeper asked {prompt!r} and the test typed nothing more")
        return self.typed.pop(0)


def headless_terminal(monkeypatch) -> Iterator[ScriptedTerminal]:
    """For a fixture (after the suite's test_keyring): a headless machine whose operator chose
    `--keyring file`; the tests type the passphrase."""
    keyring.set_keyring(fail.Keyring())  # the suite's test_keyring fixture restores its own afterwards
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(keyring_file, "SCRYPT_N", 2**14)  # the file records its cost: tests stay fast
    scripted = ScriptedTerminal()
    monkeypatch.setattr(passphrase, "read_secret", scripted)
    keyring_choice.select("file")
    yield scripted
    keyring_choice.select(None)
    keyring_choice.forget_unlocked_files()
