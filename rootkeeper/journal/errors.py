"""The journal's errors: each says what happened and what to do."""

from __future__ import annotations

from rootkeeper.core.errors import RootkeeperError


class JournalError(RootkeeperError):
    """The journal cannot be read or written as asked."""


class KeyringUnavailableError(JournalError):
    """No usable OS keyring: rootkeeper will not write unsigned or unanchored entries."""


class SecretInJournalError(JournalError):
    """An entry body held something that looks like a secret; nothing was written.

    The message names the field, never the value."""
