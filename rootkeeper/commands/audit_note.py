"""`rootkeeper audit note TEXT [--ceremony ID]`: a signed free-standing note in the journal.

Writing one opens the journal as every write does (creating it, and its key, on first use);
the journal's guard refuses a note that looks like it holds a secret. Errors exit 2, one line.
"""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from typing import TextIO


def write_note_command(args: Namespace, path: Path, rehearsal: bool, out: TextIO) -> int:
    from rootkeeper.journal import Actor, Journal
    from rootkeeper.journal.notes import write_note

    journal = Journal.open(rehearsal=rehearsal, path=path)
    actor = Actor.current(operator=getattr(args, "operator", None))
    entry = write_note(journal, args.text, actor=actor, ceremony_id=getattr(args, "ceremony", None))
    where = f" (ceremony {entry.body['ceremony_id']})" if entry.body.get("ceremony_id") else ""
    print(f"Noted as seq {entry.seq}{where} in {journal.path}, line SHA-256 {entry.hash}.", file=out)
    return 0
