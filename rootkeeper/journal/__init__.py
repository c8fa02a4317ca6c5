"""The signed audit journal (format v1, see DESIGN.md): canonical JSON lines, a SHA-256
chain, an Ed25519 signature per entry, the key and the head in the OS keyring."""

from rootkeeper.journal.actor import Actor
from rootkeeper.journal.errors import JournalError, KeyringUnavailableError, SecretInJournalError
from rootkeeper.journal.format import Entry
from rootkeeper.journal.journal import Journal
from rootkeeper.journal.keys import Head
from rootkeeper.journal.verify import Problem, ProblemKind, VerifyReport, verify_journal

__all__ = ["Actor", "Entry", "Head", "Journal", "JournalError", "KeyringUnavailableError", "Problem",
           "ProblemKind", "SecretInJournalError", "VerifyReport", "verify_journal"]
