"""`rootkeeper keyring where|migrate`: which keyring holds real work's keys, and moving them
between the OS keyring and the encrypted keyring file, keeping the same keys.

Exit codes: 0 done; 2 an error (the target unavailable, nothing to move, a wrong passphrase),
one line, and nothing moved.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path
from typing import TextIO

EXIT_OK = 0


def run_keyring(args: Namespace, *, out: TextIO | None = None) -> int:
    """Errors are RootkeeperErrors: cli.main prints them as one line and exits 2."""
    from rootkeeper.journal.anchors import default_journal_path

    out = out or sys.stdout
    journal = Path(args.journal).expanduser() if getattr(args, "journal", None) else default_journal_path(
        rehearsal=False)
    if args.keyring_command == "where":
        return _where(journal, out)
    from rootkeeper.journal.keyring_choice import KeyringChoice
    from rootkeeper.journal.migrate import migrate_keys

    moved = migrate_keys(KeyringChoice(args.to), journal_path=journal)
    print(f"Moved from the {moved.source} to the {moved.target}; the keys are unchanged.", file=out)
    if moved.fingerprint:
        print(f"journal key {moved.fingerprint} (journal entry seq {moved.seq} records the move)", file=out)
    if moved.witness_fingerprint:
        print(f"witness key {moved.witness_fingerprint}", file=out)
    then = ("run rootkeeper with `--keyring file` (or ROOTKEEPER_KEYRING=file) from now on" if args.to == "file"
            else "run rootkeeper without `--keyring file` (and unset ROOTKEEPER_KEYRING) from now on")
    print(f"To use them, {then}.", file=out)
    return EXIT_OK


def _where(journal: Path, out: TextIO) -> int:
    from rootkeeper.journal.anchors import find_anchor
    from rootkeeper.journal.keyring_choice import current

    print(f"chosen: {current().value} (--keyring, ROOTKEEPER_KEYRING or PYTHON_KEYRING_BACKEND)", file=out)
    anchor = find_anchor(journal, rehearsal=False)
    if anchor.holder:
        print(f"journal key: {anchor.holder}", file=out)
    else:
        print(f"journal key: not found for {journal}"
              + (f" ({' '.join(anchor.warning.split())})" if anchor.warning else ""), file=out)
    return EXIT_OK
