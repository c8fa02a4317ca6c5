"""`rootkeeper audit report CEREMONY_ID [--format md|html] [--output FILE]`: the printable
record of one ceremony for the binder, with the journal's verification state (see
rootkeeper.journal.report). Errors exit 2, one line."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from typing import TextIO

from rootkeeper.core.errors import RootkeeperError


def runbook_titles() -> dict[str, tuple[str, dict[str, str]]]:
    """Each runbook's title and its steps' titles, by id: the journal keeps only the ids."""
    from rootkeeper.core.runbooks import RUNBOOKS

    return {rb.id: (rb.title, {step.id: step.title for step in rb.steps}) for rb in RUNBOOKS.values()}


def report_command(args: Namespace, path: Path, rehearsal: bool, out: TextIO, err: TextIO) -> int:
    from rootkeeper.commands.audit import _anchor
    from rootkeeper.journal.describe import numbered_entries
    from rootkeeper.journal.report import Verification, build_record
    from rootkeeper.journal.report_render import render
    from rootkeeper.journal.verify import verify_journal

    anchor = _anchor(args, path, rehearsal)
    checked = verify_journal(path, public_key=anchor.public_key, expected_head=anchor.head, anchor=anchor.source)
    verification = Verification(checked.ok, checked.summary(), tuple(str(p) for p in checked.problems))
    entries = [entry for _, entry in numbered_entries(path) if entry is not None]
    record = build_record(entries, args.ceremony_id, journal=str(path), verification=verification,
                          titles=runbook_titles())
    text = render(record, args.format)
    if getattr(args, "output", None):
        target = Path(args.output).expanduser()
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as error:
            raise RootkeeperError(f"Could not write the report to {target}: {error.strerror or error}.",
                                  hint="Give a writable file with --output, or leave it out to print.")
        print(f"Wrote the report of ceremony {args.ceremony_id} ({args.format}) to {target}. "
              f"{verification.summary}", file=out)
    else:
        out.write(text)
    if not checked.ok:
        print(f"The journal does not verify: {verification.summary}", file=err)
        return 1  # the report is written all the same, saying so
    return 0
