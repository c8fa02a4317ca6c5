"""Asking for the keyring file's passphrase: in the terminal without echo (getpass), or through
the asker the TUI installs (a modal with a password field). Never from an argument, an
environment variable or a file; never written anywhere. A new file asks twice.

An asker is ``(path, new, problem) -> passphrase | None``: ``new`` when the file is about to be
created, ``problem`` the previous attempt's error (a wrong passphrase, a mismatch), None to
cancel.
"""

from __future__ import annotations

import getpass
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from rootkeeper.journal.keyring_file import (
    EncryptedKeyringFile,
    KeyringFileError,
    WrongPassphraseError,
)

PassphraseAsker = Callable[[Path, bool, "str | None"], "str | None"]
ATTEMPTS = 3
MIN_LENGTH = 8

_asker: PassphraseAsker | None = None
_unlocking = threading.Lock()  # two workers needing the file at once: one prompt, not two


def install_asker(asker: PassphraseAsker | None) -> None:
    """The TUI's modal while it runs (None: back to the terminal)."""
    global _asker
    _asker = asker


def read_secret(prompt: str) -> str:
    """One line from the terminal, not echoed. Refuses without a terminal rather than reading
    a passphrase from a pipe with echo on (what getpass falls back to)."""
    try:
        with open("/dev/tty"):
            pass
    except OSError:
        if not (sys.stdin and sys.stdin.isatty()):
            raise KeyringFileError("The keyring file's passphrase is asked in a terminal, and there is none here.",
                                   hint="Run the command in a terminal (ssh -t for a remote one).") from None
    return getpass.getpass(prompt)


def ask_in_terminal(path: Path, new: bool, problem: str | None) -> str | None:
    if problem:
        print(problem, file=sys.stderr)
    if not new:
        return read_secret(f"Passphrase of the rootkeeper keyring file {path}: ")
    print(f"rootkeeper will keep its keys in a new encrypted file, {path}. Choose a passphrase "
          f"(at least {MIN_LENGTH} characters); it is never stored: lose it and the keys are lost.", file=sys.stderr)
    first = read_secret("New passphrase: ")
    second = read_secret("The same passphrase again: ")
    return first if first == second else _Mismatch()


class _Mismatch(str):
    """The two typings differed (said as a problem, then asked again)."""


def new_passphrase_problem(passphrase: str) -> str | None:
    """Why a passphrase for a new file is refused, or None (the TUI's modal uses it too)."""
    if isinstance(passphrase, _Mismatch):
        return "The two passphrases differ."
    if len(passphrase) < MIN_LENGTH:
        return f"A passphrase needs at least {MIN_LENGTH} characters."
    return None


def unlock(file: EncryptedKeyringFile, *, create: bool) -> None:
    """Make ``file`` usable: ask its passphrase (ATTEMPTS tries), or, when it does not exist and
    ``create``, a new one twice. Raises KeyringFileError when cancelled or refused; then nothing
    was written."""
    with _unlocking:
        if file.unlocked:
            return
        file.check_permissions()  # before asking anything: a file others can read is refused
        new = not file.exists()
        if new and not create:
            raise KeyringFileError(f"The keyring file {file.path} does not exist.",
                                   hint="Restore it from your backup, or check ROOTKEEPER_HOME.")
        asker = _asker or ask_in_terminal
        problem = None
        for _ in range(ATTEMPTS):
            passphrase = asker(file.path, new, problem)
            if passphrase is None:
                raise KeyringFileError("No passphrase was given: the keyring file stays locked.",
                                       hint="Nothing was written.")
            try:
                if new:
                    problem = new_passphrase_problem(passphrase)
                    if problem is None:
                        file.create(passphrase)
                        return
                else:
                    file.unlock(passphrase)
                    return
            except WrongPassphraseError as error:
                problem = error.message
            finally:
                del passphrase  # held no longer than the key derivation needs it
        raise KeyringFileError(f"The keyring file {file.path} stays locked after {ATTEMPTS} attempts: {problem}",
                               hint="Nothing was read or written." + ("" if new else " Check the passphrase."))

